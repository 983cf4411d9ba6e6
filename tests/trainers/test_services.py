import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from accounts.models import Organisation
from accounts.roles import Role
from core.errors import ApplicationError
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.competencies.factories import FrameworkFactory, JobRoleFactory
from tests.trainers.conftest import EVIDENCE
from tests.trainers.factories import AccreditationFactory, TrainerFactory, TrainingOrganisationFactory
from trainers import services
from trainers.models import Accreditation, CriterionAssessment, TrainerProfile

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def apply(trainer, role, evidence=EVIDENCE, **kwargs):
    return services.accreditation_apply(user=trainer.user, role=role, evidence=evidence, **kwargs)


# --- Profile ------------------------------------------------------------------------------------


def test_profile_is_saved_in_the_active_language_and_joins_the_users_training_organisation():
    training = TrainingOrganisationFactory()
    user = UserFactory(roles=[Role.TRAINER], organisation=training.organisation)
    with translation.override("el"):
        profile = services.trainer_profile_save(
            user=user, country="GR", languages=["en", "el", "el"], bio="Εκπαιδευτής αισθητήρων"
        )
    assert profile.bio_el == "Εκπαιδευτής αισθητήρων"
    assert profile.languages == ["en", "el"]  # the platform's order, once each
    assert profile.organisation == training
    # Readers of another language see the text in the language it was written in.
    with translation.override("de"):
        assert TrainerProfile.objects.get().bio == "Εκπαιδευτής αισθητήρων"


@pytest.mark.parametrize(
    ("country", "languages", "field"),
    [("XX", ["en"], "country"), ("BG", [], "languages"), ("BG", ["fr"], "languages")],
)
def test_profile_refuses_bad_input_and_saves_nothing(country, languages, field):
    user = UserFactory(roles=[Role.TRAINER])
    with pytest.raises(ApplicationError) as error:
        services.trainer_profile_save(user=user, country=country, languages=languages)
    assert field in error.value.as_dict()
    assert not TrainerProfile.objects.exists()


def test_only_trainers_keep_a_trainer_profile():
    with pytest.raises(PermissionDenied):
        services.trainer_profile_save(user=UserFactory(roles=[Role.LEARNER]), country="BG", languages=["bg"])


# --- Applying -----------------------------------------------------------------------------------


def test_application_records_evidence_for_each_published_criterion(criteria, role, trainer):
    accreditation = apply(trainer, role)
    assert accreditation.status == Accreditation.Status.APPLIED
    rows = {
        a.criterion.code: (a.evidence, a.evidence_url, a.decision) for a in accreditation.assessments.all()
    }
    assert rows == {
        "T1": ("MSc and eight years of projects.", "https://example.org/cv.pdf", "pending"),
        "T2": ("Adult trainer.", "", "pending"),
    }


@pytest.mark.parametrize(
    ("evidence", "field"),
    [
        ({"T1": EVIDENCE["T1"]}, "evidence_T2"),
        ({**EVIDENCE, "T2": ("   ", "")}, "evidence_T2"),
        ({**EVIDENCE, "T2": ("Text", "javascript:alert(1)")}, "evidence_T2"),
        ({**EVIDENCE, "T9": ("A draft criterion", "")}, "evidence"),
        ({**EVIDENCE, "O1": ("An organisation criterion", "")}, "evidence"),
    ],
)
def test_application_without_valid_evidence_is_refused_and_writes_nothing(
    criteria, role, trainer, evidence, field
):
    with pytest.raises(ApplicationError) as error:
        apply(trainer, role, evidence)
    assert field in error.value.as_dict()
    assert not Accreditation.objects.exists()
    assert not CriterionAssessment.objects.exists()


def test_one_open_application_per_applicant_and_role(criteria, role, trainer):
    apply(trainer, role)
    with pytest.raises(ApplicationError) as error:
        apply(trainer, role)
    assert "role" in error.value.as_dict()
    assert Accreditation.objects.count() == 1


def test_after_a_refusal_the_trainer_may_apply_again(criteria, role, trainer):
    AccreditationFactory(trainer=trainer, role=role, status=Accreditation.Status.REFUSED, valid_until=None)
    assert apply(trainer, role).status == Accreditation.Status.APPLIED


def test_applying_needs_a_profile_a_trainer_and_a_published_role(criteria, role):
    with pytest.raises(ApplicationError, match="profile"):
        services.accreditation_apply(user=UserFactory(roles=[Role.TRAINER]), role=role, evidence=EVIDENCE)
    with pytest.raises(PermissionDenied):
        services.accreditation_apply(user=UserFactory(roles=[Role.LEARNER]), role=role, evidence=EVIDENCE)
    draft_role = JobRoleFactory(framework=FrameworkFactory(status="draft"))
    with pytest.raises(ApplicationError) as error:
        apply(TrainerFactory(), draft_role)
    assert "role" in error.value.as_dict()


def test_a_member_of_a_training_provider_applies_for_it(criteria, role):
    training = TrainingOrganisationFactory()
    user = UserFactory(roles=[Role.TRAINER], organisation=training.organisation)
    accreditation = services.accreditation_apply(
        user=user, role=role, evidence={"O1": ("ISO 21001 certificate", "")}, for_organisation=True
    )
    assert accreditation.organisation == training
    assert accreditation.trainer is None
    assert [a.criterion.code for a in accreditation.assessments.all()] == ["O1"]


def test_only_members_of_a_training_provider_apply_for_an_organisation(criteria, role):
    city = OrganisationFactory(kind=Organisation.Kind.CITY_ADMINISTRATION)
    for user in (UserFactory(roles=[Role.TRAINER]), UserFactory(roles=[Role.TRAINER], organisation=city)):
        with pytest.raises(ApplicationError) as error:
            services.accreditation_apply(
                user=user, role=role, evidence={"O1": ("x", "")}, for_organisation=True
            )
        assert "applicant" in error.value.as_dict()
    assert not Accreditation.objects.exists()


# --- Deciding -----------------------------------------------------------------------------------

ALL_MET = {"T1": ("met", "Strong record"), "T2": ("met", "")}


def test_certifier_accredits_when_every_criterion_is_met(criteria, role, trainer, certifier):
    accreditation = apply(trainer, role)
    until = TODAY() + datetime.timedelta(days=3 * 365)
    services.accreditation_decide(
        accreditation=accreditation, certifier=certifier, decisions=ALL_MET, accredit=True, valid_until=until
    )
    accreditation.refresh_from_db()
    assert (accreditation.status, accreditation.valid_until, accreditation.decided_by) == (
        "accredited",
        until,
        certifier,
    )
    assert accreditation.assessments.get(criterion__code="T1").comment == "Strong record"


@pytest.mark.parametrize(
    ("decisions", "accredit", "valid_until", "note", "message"),
    [
        ({"T1": ("met", "")}, True, 365, "", "Decide on every criterion"),
        ({"T1": ("met", ""), "T2": ("maybe", "")}, True, 365, "", "Decide on every criterion"),
        ({"T1": ("met", ""), "T2": ("not_met", "")}, True, 365, "", "not met: T2"),
        (ALL_MET, True, None, "", "date in the future"),
        (ALL_MET, True, 0, "", "date in the future"),
        (ALL_MET, True, 6 * 366, "", "five years"),
        (ALL_MET, False, None, "", "why the application is refused"),
    ],
)
def test_a_decision_against_the_rules_changes_nothing(
    criteria, role, trainer, certifier, decisions, accredit, valid_until, note, message
):
    accreditation = apply(trainer, role)
    until = None if valid_until is None else TODAY() + datetime.timedelta(days=valid_until)
    with pytest.raises(ApplicationError, match=message):
        services.accreditation_decide(
            accreditation=accreditation,
            certifier=certifier,
            decisions=decisions,
            accredit=accredit,
            valid_until=until,
            note=note,
        )
    accreditation.refresh_from_db()
    assert accreditation.status == "applied"
    assert set(accreditation.assessments.values_list("decision", flat=True)) == {"pending"}


def test_refusal_with_a_reason(criteria, role, trainer, certifier):
    accreditation = apply(trainer, role)
    services.accreditation_decide(
        accreditation=accreditation,
        certifier=certifier,
        decisions={"T1": ("met", ""), "T2": ("not_met", "No training record")},
        accredit=False,
        note="Teaching experience is missing.",
    )
    accreditation.refresh_from_db()
    assert (accreditation.status, accreditation.decision_note) == (
        "refused",
        "Teaching experience is missing.",
    )


def test_who_may_decide(criteria, role, trainer, certifier):
    accreditation = apply(trainer, role)
    until = TODAY() + datetime.timedelta(days=30)
    for user in (trainer.user, UserFactory(roles=[Role.FRAMEWORK_EDITOR])):
        with pytest.raises(PermissionDenied):
            services.accreditation_decide(
                accreditation=accreditation,
                certifier=user,
                decisions=ALL_MET,
                accredit=True,
                valid_until=until,
            )
    services.accreditation_decide(
        accreditation=accreditation, certifier=certifier, decisions=ALL_MET, accredit=True, valid_until=until
    )
    with pytest.raises(ApplicationError, match="already been decided"):
        services.accreditation_decide(
            accreditation=accreditation,
            certifier=certifier,
            decisions=ALL_MET,
            accredit=True,
            valid_until=until,
        )


def test_a_certifier_does_not_decide_their_own_application(criteria, role):
    both = TrainerFactory(user=UserFactory(roles=[Role.TRAINER, Role.CERTIFIER]))
    accreditation = apply(both, role)
    with pytest.raises(PermissionDenied):
        services.accreditation_decide(
            accreditation=accreditation,
            certifier=both.user,
            decisions=ALL_MET,
            accredit=True,
            valid_until=TODAY() + datetime.timedelta(days=30),
        )


def test_suspend_and_reinstate(criteria, certifier):
    accreditation = AccreditationFactory()
    with pytest.raises(ApplicationError, match="why"):
        services.accreditation_suspend(accreditation=accreditation, certifier=certifier, reason=" ")
    services.accreditation_suspend(
        accreditation=accreditation, certifier=certifier, reason="Complaint under review"
    )
    accreditation.refresh_from_db()
    assert accreditation.status == "suspended"
    with pytest.raises(ApplicationError):
        services.accreditation_suspend(accreditation=accreditation, certifier=certifier, reason="again")
    services.accreditation_reinstate(accreditation=accreditation, certifier=certifier)
    accreditation.refresh_from_db()
    assert accreditation.status == "accredited"
    with pytest.raises(PermissionDenied):
        services.accreditation_suspend(
            accreditation=accreditation, certifier=accreditation.trainer.user, reason="Not mine to do"
        )


def test_a_suspended_accreditation_past_its_date_cannot_be_reinstated(criteria, certifier):
    accreditation = AccreditationFactory(status="suspended", valid_until=TODAY() - datetime.timedelta(days=1))
    with pytest.raises(ApplicationError, match="passed its date"):
        services.accreditation_reinstate(accreditation=accreditation, certifier=certifier)
