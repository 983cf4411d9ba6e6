"""Every write about trainers, training organisations and accreditation goes through here.

Trainers keep their own profile and apply for accreditation for a job role, for themselves or for
the training organisation they belong to, with evidence for every published quality criterion.
A certifier decides criterion by criterion: an accreditation needs every criterion met and holds
until a date; a refusal or a suspension says why. Past its date an accreditation stops counting
at once (see :meth:`trainers.models.AccreditationQuerySet.current`); ``accreditations_expire``
writes the status down for the record.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.countries import Country
from accounts.models import Organisation, User
from accounts.roles import Role
from competencies.models import Framework, JobRole
from core import audit
from core.errors import ApplicationError
from core.models import AuditEntry
from trainers.models import (
    Accreditation,
    CriterionAssessment,
    QualityCriterion,
    TrainerProfile,
    TrainingOrganisation,
    today,
)

LANGUAGE_ORDER = [code for code, _name in settings.LANGUAGES]
#: The longest accreditation a certifier may grant.
MAX_VALIDITY_DAYS = 5 * 366

#: criterion code → (evidence text, link or "")
Evidence = Mapping[str, tuple[str, str]]
#: criterion code → (decision "met" or "not_met", comment)
Decisions = Mapping[str, tuple[str, str]]


def _require_trainer(user: User) -> None:
    if not user.has_role(Role.TRAINER):
        raise PermissionDenied(_("Only trainers may do this."))


def _require_certifier(user: User) -> None:
    if not user.has_role(Role.CERTIFIER):
        raise PermissionDenied(_("Only certifiers decide accreditations."))


def _field_error(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={field: [message]})


def clean_languages(languages: Sequence[str]) -> list[str]:
    """The codes in the platform's order, or an error naming the unknown one."""
    unknown = [code for code in languages if code not in LANGUAGE_ORDER]
    if unknown:
        raise _field_error(
            "languages", _("“%(code)s” is not one of the platform's languages.") % {"code": unknown[0]}
        )
    if not languages:
        raise _field_error("languages", _("Choose at least one language you teach in."))
    return [code for code in LANGUAGE_ORDER if code in languages]


def training_organisation_of(user: User) -> TrainingOrganisation | None:
    """The training organisation the user belongs to, if their organisation is a training
    provider; not yet saved when nobody has written its profile or applied for it."""
    organisation = user.organisation
    if organisation is None or organisation.kind != Organisation.Kind.TRAINING_PROVIDER:
        return None
    return TrainingOrganisation.objects.filter(organisation=organisation).first() or TrainingOrganisation(
        organisation=organisation
    )


@transaction.atomic
def trainer_profile_save(
    *,
    user: User,
    country: str,
    languages: Sequence[str],
    bio: str = "",
    qualifications: str = "",
    join_organisation: bool = True,
) -> TrainerProfile:
    """Create or update the trainer's own profile. Texts are stored in the active language."""
    _require_trainer(user)
    if country not in Country.values:
        raise _field_error("country", _("Choose one of the offered countries."))
    codes = clean_languages(languages)
    profile = TrainerProfile.objects.filter(user=user).first() or TrainerProfile(user=user)
    profile.country = country
    profile.languages = codes
    # modeltranslation writes these into the field of the active language.
    profile.bio = bio.strip()
    profile.qualifications = qualifications.strip()
    training = training_organisation_of(user) if join_organisation else None
    if training is not None and training.pk is None:
        training.save()
    profile.organisation = training
    profile.save()
    return profile


@transaction.atomic
def training_organisation_save(
    *,
    user: User,
    languages: Sequence[str],
    description: str = "",
    website: str = "",
    contact_email: str = "",
) -> TrainingOrganisation:
    """A member trainer updates their training organisation's registry entry. The description
    is stored in the active language."""
    _require_trainer(user)
    training = training_organisation_of(user)
    if training is None:
        raise ApplicationError(_("You do not belong to a training provider."))
    training.languages = clean_languages(languages)
    training.website = _check_link("website", website)
    contact_email = contact_email.strip()
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            raise _field_error("contact_email", _("Enter a valid email address.")) from None
    training.contact_email = contact_email
    training.description = description.strip()
    training.save()
    return training


def _published_role(role: JobRole) -> None:
    if role.framework.status != Framework.Status.PUBLISHED:
        raise _field_error("role", _("Choose a job role of a published framework."))


def _check_link(field: str, url: str) -> str:
    url = url.strip()
    if url:
        try:
            URLValidator(schemes=("http", "https"))(url)
        except ValidationError:
            raise _field_error(field, _("Enter a full web address starting with https://.")) from None
    return url


@transaction.atomic
def accreditation_apply(
    *, user: User, role: JobRole, evidence: Evidence, for_organisation: bool = False
) -> Accreditation:
    """Apply for accreditation for a role, with evidence for every published criterion."""
    _require_trainer(user)
    _published_role(role)
    trainer: TrainerProfile | None = None
    organisation: TrainingOrganisation | None = None
    if for_organisation:
        organisation = training_organisation_of(user)
        if organisation is None:
            raise _field_error(
                "applicant", _("You can apply for an organisation only as a member of a training provider.")
            )
        if organisation.pk is None:
            organisation.save()
        applies_to = QualityCriterion.AppliesTo.ORGANISATION
    else:
        trainer = TrainerProfile.objects.filter(user=user).first()
        if trainer is None:
            raise _field_error("applicant", _("Fill in your trainer profile before you apply."))
        applies_to = QualityCriterion.AppliesTo.TRAINER

    open_ = Accreditation.objects.filter(role=role, status__in=Accreditation.OPEN)
    if open_.filter(trainer=trainer, organisation=organisation).exists():
        raise _field_error(
            "role", _("There is already an open application or accreditation for this job role.")
        )

    criteria = list(QualityCriterion.objects.filter(applies_to=applies_to, is_published=True))
    known = {criterion.code for criterion in criteria}
    unknown = sorted(set(evidence) - known)
    if unknown:
        raise _field_error(
            "evidence",
            _("“%(code)s” is not a published criterion for this applicant.") % {"code": unknown[0]},
        )
    errors: dict[str, list[str]] = {}
    rows = []
    for criterion in criteria:
        text, url = evidence.get(criterion.code, ("", ""))
        field = f"evidence_{criterion.code}"
        if not text.strip():
            errors[field] = [_("Describe your evidence for this criterion.")]
            continue
        try:
            link = _check_link(field, url)
        except ApplicationError as error:
            errors |= error.field_errors
            continue
        rows.append((criterion, text.strip(), link))
    if errors:
        raise ApplicationError(_("Give evidence for every criterion."), field_errors=errors)

    try:
        with transaction.atomic():
            accreditation = Accreditation.objects.create(
                trainer=trainer, organisation=organisation, role=role, applied_by=user
            )
    except IntegrityError:
        raise _field_error(
            "role", _("There is already an open application or accreditation for this job role.")
        ) from None
    CriterionAssessment.objects.bulk_create(
        CriterionAssessment(
            accreditation=accreditation, criterion=criterion, evidence=text, evidence_url=link
        )
        for criterion, text, link in rows
    )
    return accreditation


def _locked(accreditation: Accreditation) -> Accreditation:
    return Accreditation.objects.select_for_update().get(pk=accreditation.pk)


@transaction.atomic
def accreditation_decide(
    *,
    accreditation: Accreditation,
    certifier: User,
    decisions: Decisions,
    accredit: bool,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> Accreditation:
    """Decide an application: a decision on every criterion, then accredit (every criterion met,
    with a date) or refuse (with a reason)."""
    _require_certifier(certifier)
    accreditation = _locked(accreditation)
    if accreditation.applied_by_id == certifier.pk:
        raise PermissionDenied(_("You cannot decide your own application."))
    if accreditation.status != Accreditation.Status.APPLIED:
        raise ApplicationError(_("This application has already been decided."))
    assessments = list(accreditation.assessments.select_related("criterion"))
    errors: dict[str, list[str]] = {}
    choices = {CriterionAssessment.Decision.MET, CriterionAssessment.Decision.NOT_MET}
    for assessment in assessments:
        decision, comment = decisions.get(assessment.criterion.code, ("", ""))
        if decision not in choices:
            errors[f"decision_{assessment.criterion.code}"] = [_("Say whether this criterion is met.")]
            continue
        assessment.decision = decision
        assessment.comment = comment.strip()
    if errors:
        raise ApplicationError(_("Decide on every criterion."), field_errors=errors)
    note = note.strip()
    if accredit:
        not_met = [a.criterion.code for a in assessments if a.decision != CriterionAssessment.Decision.MET]
        if not_met:
            raise ApplicationError(
                _("Accreditation needs every criterion met; not met: %(codes)s.")
                % {"codes": ", ".join(not_met)}
            )
        if valid_until is None or valid_until <= today():
            raise _field_error(
                "valid_until", _("Give a date in the future until which the accreditation is valid.")
            )
        if (valid_until - today()).days > MAX_VALIDITY_DAYS:
            raise _field_error("valid_until", _("An accreditation may be valid for five years at most."))
        accreditation.status = Accreditation.Status.ACCREDITED
        accreditation.valid_until = valid_until
    else:
        if not note:
            raise _field_error("note", _("Say why the application is refused."))
        accreditation.status = Accreditation.Status.REFUSED
        accreditation.valid_until = None
    CriterionAssessment.objects.bulk_update(assessments, ["decision", "comment"])
    accreditation.decided_by = certifier
    accreditation.decided_at = timezone.now()
    accreditation.decision_note = note
    accreditation.save(update_fields=["status", "valid_until", "decided_by", "decided_at", "decision_note"])
    _audit(accreditation, AuditEntry.Action.ACCREDITATION_DECIDED, certifier)
    return accreditation


def _audit(accreditation: Accreditation, action: str, certifier: User) -> None:
    audit.record(
        action,
        accreditation,
        actor=certifier,
        label=str(accreditation),
        status=accreditation.status,
        valid_until=accreditation.valid_until.isoformat() if accreditation.valid_until else None,
        note=accreditation.decision_note,
    )


@transaction.atomic
def accreditation_suspend(*, accreditation: Accreditation, certifier: User, reason: str) -> Accreditation:
    _require_certifier(certifier)
    accreditation = _locked(accreditation)
    if accreditation.effective_status != Accreditation.Status.ACCREDITED:
        raise ApplicationError(_("Only a valid accreditation can be suspended."))
    if not reason.strip():
        raise _field_error("note", _("Say why the accreditation is suspended."))
    accreditation.status = Accreditation.Status.SUSPENDED
    accreditation.decided_by = certifier
    accreditation.decided_at = timezone.now()
    accreditation.decision_note = reason.strip()
    accreditation.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _audit(accreditation, AuditEntry.Action.ACCREDITATION_SUSPENDED, certifier)
    return accreditation


@transaction.atomic
def accreditation_reinstate(*, accreditation: Accreditation, certifier: User) -> Accreditation:
    _require_certifier(certifier)
    accreditation = _locked(accreditation)
    if accreditation.status != Accreditation.Status.SUSPENDED:
        raise ApplicationError(_("Only a suspended accreditation can be reinstated."))
    if accreditation.valid_until is None or accreditation.valid_until < today():
        raise ApplicationError(_("The accreditation has passed its date; the applicant must apply again."))
    accreditation.status = Accreditation.Status.ACCREDITED
    accreditation.decided_by = certifier
    accreditation.decided_at = timezone.now()
    accreditation.decision_note = ""
    accreditation.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _audit(accreditation, AuditEntry.Action.ACCREDITATION_REINSTATED, certifier)
    return accreditation


def accreditations_expire(*, on: datetime.date | None = None) -> int:
    """Write down as expired every accreditation past its date (run hourly by Celery beat)."""
    return Accreditation.objects.filter(
        status__in=(Accreditation.Status.ACCREDITED, Accreditation.Status.SUSPENDED),
        valid_until__lt=on or today(),
    ).update(status=Accreditation.Status.EXPIRED)
