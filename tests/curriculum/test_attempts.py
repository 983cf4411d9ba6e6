"""The attempt engine: rules for starting, the server's deadline, saving, submitting once,
finalising overdue attempts, and scores per competence."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from accounts.roles import Role
from core.errors import ApplicationError
from curriculum import attempts
from curriculum.models import Attempt, AttemptQuestion, CompetenceScore, Question
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory
from tests.curriculum.factories import exam_with_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def competences():
    framework = FrameworkFactory()
    return [CompetenceFactory(framework=framework, code=f"SC-{c}.1") for c in "AB"]


@pytest.fixture
def learner():
    return UserFactory(roles=[Role.LEARNER])


def right(item):
    return {"choice": item.question.choices.get(fraction=1).pk}


def wrong(item):
    return {"choice": item.question.choices.get(fraction=0).pk}


def test_draw_follows_the_blueprint_and_the_seed(competences, learner):
    test = exam_with_bank(competences, per_competence=2, bank_size=5)
    attempt = attempts.attempt_start(test=test, learner=learner)
    drawn = list(attempt.items.values_list("question__competence__code", flat=True))
    assert sorted(drawn) == ["SC-A.1", "SC-A.1", "SC-B.1", "SC-B.1"]
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=30)
    # Starting again resumes the attempt in progress.
    assert attempts.attempt_start(test=test, learner=learner).pk == attempt.pk
    assert Attempt.objects.count() == 1


def test_retired_and_draft_questions_are_never_drawn(competences, learner):
    test = exam_with_bank(competences[:1], per_competence=2, bank_size=2)
    Question.objects.filter(pk=Question.objects.first().pk).update(status=Question.Status.RETIRED)
    with pytest.raises(ApplicationError, match="too few questions"):
        attempts.attempt_start(test=test, learner=learner)
    assert not Attempt.objects.exists()


def test_the_deadline_is_capped_by_the_closing_time(competences, learner):
    closes = timezone.now() + datetime.timedelta(minutes=10)
    test = exam_with_bank(competences, closes_at=closes)
    assert attempts.attempt_start(test=test, learner=learner).deadline == closes


def test_answers_are_saved_idempotently_and_graded_per_competence(competences, learner):
    test = exam_with_bank(competences, per_competence=2, shuffle_questions=False)
    attempt = attempts.attempt_start(test=test, learner=learner)
    items = list(attempt.items.select_related("question").order_by("position"))
    # Right on both A questions and on one B question.
    for item in items[:3]:
        saved = attempts.answer_save(attempt=attempt, question_id=item.question_id, response=right(item))
        first_saved_at = saved.saved_at
        again = attempts.answer_save(attempt=attempt, question_id=item.question_id, response=right(item))
        assert again.saved_at == first_saved_at  # the same answer twice changes nothing
    attempts.answer_save(attempt=attempt, question_id=items[3].question_id, response=wrong(items[3]))
    result = attempts.attempt_submit(attempt=attempt)
    assert (result.status, result.score, result.passed) == ("submitted", Decimal("75.00"), True)
    scores = dict(CompetenceScore.objects.filter(attempt=attempt).values_list("competence__code", "percent"))
    assert scores == {"SC-A.1": Decimal("100.00"), "SC-B.1": Decimal("50.00")}


def test_a_bad_answer_is_refused_and_nothing_is_saved(competences, learner):
    attempt = attempts.attempt_start(test=exam_with_bank(competences), learner=learner)
    item = attempt.items.first()
    with pytest.raises(ApplicationError):
        attempts.answer_save(attempt=attempt, question_id=item.question_id, response={"choice": -1})
    with pytest.raises(Http404):
        attempts.answer_save(attempt=attempt, question_id=999999, response={"choice": 1})
    assert not AttemptQuestion.objects.filter(response__isnull=False).exists()


def test_answering_after_the_deadline_is_refused_and_the_attempt_finalised(competences, learner):
    test = exam_with_bank(competences, per_competence=1, time_limit_minutes=5)
    attempt = attempts.attempt_start(test=test, learner=learner)
    first, second = attempt.items.select_related("question").order_by("position")
    attempts.answer_save(attempt=attempt, question_id=first.question_id, response=right(first))
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5, seconds=1)):
        with pytest.raises(ApplicationError, match="time for this attempt is over"):
            attempts.answer_save(attempt=attempt, question_id=second.question_id, response=right(second))
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score) == ("timed_out", Decimal("50.00"))  # the saved answer counts
    assert attempt.finished_at == attempt.deadline
    assert AttemptQuestion.objects.get(pk=second.pk).response is None
    with pytest.raises(ApplicationError, match="finished"):
        attempts.answer_save(attempt=attempt, question_id=first.question_id, response=wrong(first))


def test_overdue_attempts_are_finalised_on_access_and_by_the_periodic_task(competences, learner):
    test = exam_with_bank(competences, time_limit_minutes=5)
    first = attempts.attempt_start(test=test, learner=learner)
    other = attempts.attempt_start(test=test, learner=UserFactory())
    later = timezone.now() + datetime.timedelta(minutes=6)
    with time_machine.travel(later):
        assert attempts.attempt_for_learner(learner=learner, attempt_id=first.pk).status == "timed_out"
        assert attempts.finalise_overdue() == 1  # the other one; the first is already done
    other.refresh_from_db()
    assert other.status == "timed_out"


def test_submitting_twice_grades_once(competences, learner):
    attempt = attempts.attempt_start(test=exam_with_bank(competences), learner=learner)
    first = attempts.attempt_submit(attempt=attempt)
    second = attempts.attempt_submit(attempt=attempt)
    assert first.finished_at == second.finished_at
    assert CompetenceScore.objects.filter(attempt=attempt).count() == 2


def test_attempts_allowed_and_the_wait_between_them(competences, learner):
    test = exam_with_bank(competences, attempts_allowed=2, wait_minutes=60)
    attempts.attempt_submit(attempt=attempts.attempt_start(test=test, learner=learner))
    with pytest.raises(ApplicationError, match="try again from"):
        attempts.attempt_start(test=test, learner=learner)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        attempts.attempt_submit(attempt=attempts.attempt_start(test=test, learner=learner))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        with pytest.raises(ApplicationError, match="all 2 attempts"):
            attempts.attempt_start(test=test, learner=learner)
    assert list(Attempt.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"is_published": False}, "not published"),
        ({"opens_at": "future"}, "opens on"),
        ({"closes_at": "past"}, "closed on"),
    ],
)
def test_unpublished_and_closed_tests_cannot_be_started(competences, learner, fields, message):
    now = timezone.now()
    values = {
        key: now + datetime.timedelta(days=1)
        if value == "future"
        else now - datetime.timedelta(days=1)
        if value == "past"
        else value
        for key, value in fields.items()
    }
    test = exam_with_bank(competences, **values)
    with pytest.raises(ApplicationError, match=message):
        attempts.attempt_start(test=test, learner=learner)


def test_another_learners_attempt_is_404(competences, learner):
    attempt = attempts.attempt_start(test=exam_with_bank(competences), learner=learner)
    with pytest.raises(Http404):
        attempts.attempt_for_learner(learner=UserFactory(), attempt_id=attempt.pk)


def test_feedback_policy(competences, learner):
    now = timezone.now()
    test = exam_with_bank(
        competences, feedback_policy="after_window", closes_at=now + datetime.timedelta(hours=2)
    )
    attempt = attempts.attempt_start(test=test, learner=learner)
    assert not attempts.feedback_allowed(attempt=attempt)
    attempt = attempts.attempt_submit(attempt=attempt)
    assert not attempts.feedback_allowed(attempt=attempt)
    assert attempts.feedback_allowed(attempt=attempt, now=now + datetime.timedelta(hours=3))
    never = attempts.attempt_submit(
        attempt=attempts.attempt_start(
            test=exam_with_bank(competences, feedback_policy="none"), learner=learner
        )
    )
    assert not attempts.feedback_allowed(attempt=never, now=now + datetime.timedelta(days=365))


def test_starting_costs_the_same_queries_for_more_blueprint_rules(learner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    framework = FrameworkFactory()

    def count(rules):
        test = exam_with_bank(
            [CompetenceFactory(framework=framework) for _ in range(rules)], per_competence=2
        )
        with CaptureQueriesContext(connection) as captured:
            attempts.attempt_start(test=test, learner=UserFactory(roles=[Role.LEARNER]))
        return len(captured)

    assert count(2) == count(8)
