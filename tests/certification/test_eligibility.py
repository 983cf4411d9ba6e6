"""The rules of a scheme, one by one, and the words a learner reads when one fails."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from certification import eligibility, services
from certification.models import CertificationScheme, ValidationClaim
from curriculum.models import Course, LearningOutcome, Module, Unit
from tests.accounts.factories import UserFactory
from tests.certification.conftest import sit
from tests.certification.factories import scheme_with_exam

pytestmark = pytest.mark.django_db


def checks(scheme, learner):
    return {c.key: (c.met, c.explanation) for c in eligibility.eligibility(scheme, learner.pk).checks}


def later(time_machine, hours=25):
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=hours))


def test_an_exam_not_taken_says_so(learner):
    scheme, test, _ = scheme_with_exam(min_score=60, min_area_score=50)
    result = eligibility.eligibility(scheme, learner.pk)
    assert not result.eligible
    assert result.reason() == f"Exam “{test.title}”: You have not taken this exam yet; you need at least 60%."
    assert checks(scheme, learner)["areas"] == (
        False,
        "No exam result yet; you need at least 50% in each of the 2 areas the exam covers.",
    )


def test_an_area_passed_once_stays_passed(learner, time_machine):
    scheme, test, _ = scheme_with_exam(min_score=50, min_area_score=50)
    test.attempts_allowed, test.wait_minutes = 3, 0
    test.save()
    sit(test, learner, right={"SC-A.1"})  # 50 %: area A passed, area B failed
    first = checks(scheme, learner)
    assert first[f"exam:{test.pk}"][0] is True
    area_b = next(key for key, (met, _) in first.items() if key.startswith("area:") and not met)
    assert "Your best score in this area is 0%; you need at least 50%." == first[area_b][1]
    later(time_machine)
    sit(test, learner, right={"SC-B.1"})  # the other way round
    assert eligibility.eligibility(scheme, learner.pk).eligible


def test_a_prerequisite_certificate_must_be_valid(learner, certifier, committed, time_machine):
    base, base_test, _ = scheme_with_exam(min_score=60)
    scheme, test, _ = scheme_with_exam(min_score=60)
    scheme.prerequisite = base
    scheme.save()
    sit(test, learner, right={"SC-A.1", "SC-B.1"})
    assert checks(scheme, learner)["prerequisite"] == (
        False,
        f"You need a valid “{base.title}” certificate first.",
    )
    sit(base_test, learner, right={"SC-A.1", "SC-B.1"})
    committed(services.certificate_issue, scheme=base, holder=learner, actor=certifier)
    assert eligibility.eligibility(scheme, learner.pk).eligible
    time_machine.move_to(timezone.now() + datetime.timedelta(days=800))  # the prerequisite expired
    assert checks(scheme, learner)["prerequisite"][0] is False


def test_required_units_need_every_competence_they_teach(learner):
    scheme, test, competences = scheme_with_exam(min_score=50)
    course = Course.objects.create(
        slug="c", code="C", title_en="Course", role=scheme.role, hours=4, ecvet=Decimal(1)
    )
    module = Module.objects.create(course=course, code="C.1", title_en="Module", position=1)
    unit = Unit.objects.create(
        module=module, code="C.1.1", title_en="Sensors in the street", position=1, hours=4, ecvet=Decimal(1)
    )
    outcome = LearningOutcome.objects.create(
        unit=unit, code="C.1.1.1", text_en="Installs a sensor.", level=scheme.role.requirements.first().level
    )
    outcome.competences.set(competences)
    scheme.required_units.add(unit)
    sit(test, learner, right={"SC-A.1"})
    met, explanation = checks(scheme, learner)[f"unit:{unit.pk}"]
    assert not met and explanation.startswith("Still to show (by exam or validation): SC-B.1 ")


def test_validation_replaces_an_area_and_is_left_out_of_the_exam_score(learner, certifier):
    scheme, test, competences = scheme_with_exam(min_score=60, validation_allowed=True)
    sit(test, learner, right={"SC-B.1"})  # 50 % overall, but 100 % outside area A
    assert not eligibility.eligibility(scheme, learner.pk).eligible
    case = services.case_open(
        learner=learner, scheme=scheme, competence_ids=[competences[0].pk], statement=""
    )
    claim = case.claims.get()
    services.evidence_add(
        claim=claim,
        learner=learner,
        evidence=services.EvidenceInput(kind="description", description="Did it."),
    )
    services.case_submit(case=case, learner=learner)
    level = scheme.role.requirements.first().level
    services.case_assess(case=case, assessor=certifier, decisions={claim.pk: ("accepted", level.pk, "")})
    result = eligibility.eligibility(scheme, learner.pk)
    assert result.eligible, result.reason()
    assert "Areas accepted in validation are left out of this score." in result.checks[0].explanation
    sources = {a.competence.code: a.source for a in result.attested}
    assert sources == {"SC-A.1": "validation", "SC-B.1": "exam"}


def test_eligibility_for_many_learners_costs_the_same_queries():
    scheme, test, _ = scheme_with_exam(min_score=60, min_area_score=50, validation_allowed=True)

    def add(n):
        for _ in range(n):
            sit(test, UserFactory(roles=[Role.LEARNER]), right={"SC-A.1"})

    def count():
        ids = eligibility.candidate_ids(scheme)
        with CaptureQueriesContext(connection) as captured:
            eligibility.eligibility_for(CertificationScheme.objects.get(pk=scheme.pk), ids)
        return len(captured)

    add(1)
    before = count()
    add(4)
    assert count() == before


def test_a_rejected_claim_does_not_count(learner, certifier):
    scheme, _test, competences = scheme_with_exam(min_score=60, validation_allowed=True)
    case = services.case_open(
        learner=learner, scheme=scheme, competence_ids=[competences[0].pk], statement=""
    )
    claim = case.claims.get()
    services.evidence_add(
        claim=claim,
        learner=learner,
        evidence=services.EvidenceInput(kind="link", url="https://example.org/x"),
    )
    services.case_submit(case=case, learner=learner)
    services.case_assess(
        case=case, assessor=certifier, decisions={claim.pk: ("rejected", None, "No evidence of practice.")}
    )
    assert ValidationClaim.objects.get().decision == "rejected"
    assert not eligibility.eligibility(scheme, learner.pk).eligible
