"""Taking tests: starting an attempt, saving answers, submitting, and finalising attempts whose
time ran out. The server decides the time and the score.

- Starting checks the test's rules (published, open, attempts left, wait over), draws questions
  from the blueprint with a recorded seed and sets the deadline (the time limit, capped by the
  test's closing time). An attempt still in progress is resumed rather than started again.
- Answers are saved one by one; saving the same answer twice changes nothing; nothing is saved
  after the deadline.
- Submitting locks the attempt row: two racing submits grade it once.
- An attempt past its deadline is finalised with its saved answers when it is next read, and by
  the periodic task ``finalise_overdue_attempts``.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core import audit
from core.errors import ApplicationError
from core.models import AuditEntry
from curriculum import grading
from curriculum.models import Attempt, AttemptQuestion, BlueprintRule, Choice, CompetenceScore, Question, Test

HUNDRED = Decimal(100)


def _percent(earned: Decimal, possible: Decimal) -> Decimal:
    if possible <= 0:
        return Decimal(0)
    return (earned * HUNDRED / possible).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# --- Starting ---------------------------------------------------------------------------------


def start_refusal(*, test: Test, learner: User, now: datetime.datetime | None = None) -> str | None:
    """Why the learner may not start a new attempt now, in their words; None when they may."""
    now = now or timezone.now()
    if not test.is_published:
        return _("This test is not published.")
    if test.opens_at and now < test.opens_at:
        return _("The test opens on %(date)s.") % {
            "date": date_format(timezone.localtime(test.opens_at), "DATETIME_FORMAT")
        }
    if test.closes_at and now >= test.closes_at:
        return _("The test closed on %(date)s.") % {
            "date": date_format(timezone.localtime(test.closes_at), "DATETIME_FORMAT")
        }
    finished = Attempt.objects.filter(test=test, learner=learner).exclude(status=Attempt.Status.IN_PROGRESS)
    if test.attempts_allowed is not None and finished.count() >= test.attempts_allowed:
        return _("You have used all %(count)d attempts allowed.") % {"count": test.attempts_allowed}
    last = finished.aggregate(last=Max("finished_at"))["last"]
    if last and test.wait_minutes and now < last + datetime.timedelta(minutes=test.wait_minutes):
        again = timezone.localtime(last + datetime.timedelta(minutes=test.wait_minutes))
        return _("You can try again from %(date)s.") % {"date": date_format(again, "DATETIME_FORMAT")}
    return None


def _draw(test: Test, rng: random.Random) -> list[Question]:
    """The questions of a new attempt: for each blueprint rule, in order, ``count`` active
    questions drawn from its pool, never one twice. Two queries, however many rules."""
    rules = list(BlueprintRule.objects.filter(test=test).order_by("position", "id"))
    competences = {rule.competence_id for rule in rules if rule.competence_id}
    units = {rule.unit_id for rule in rules if rule.unit_id}
    bank = list(
        Question.objects.filter(status=Question.Status.ACTIVE)
        .filter(Q(competence_id__in=competences) | Q(unit_id__in=units))
        .order_by("pk")
        .only("id", "points", "competence_id", "unit_id", "difficulty")
    )
    chosen: list[Question] = []
    taken: set[int] = set()
    for rule in rules:
        candidates = [
            question
            for question in bank
            if question.pk not in taken
            and (
                question.competence_id == rule.competence_id
                if rule.competence_id
                else question.unit_id == rule.unit_id
            )
            and (not rule.difficulty or question.difficulty == rule.difficulty)
        ]
        if len(candidates) < rule.count:
            raise ApplicationError(
                _("This test cannot be started: its question bank has too few questions. Tell the trainer.")
            )
        picked = rng.sample(candidates, rule.count)
        chosen.extend(picked)
        taken.update(question.pk for question in picked)
    if not chosen:
        raise ApplicationError(_("This test cannot be started: it has no questions. Tell the trainer."))
    return chosen


@transaction.atomic
def attempt_start(*, test: Test, learner: User) -> Attempt:
    """The learner's attempt in progress, or a new one."""
    now = timezone.now()
    current = _in_progress(test, learner)
    if current is not None:
        return current
    refusal = start_refusal(test=test, learner=learner, now=now)
    if refusal:
        raise ApplicationError(refusal)
    seed = secrets.randbits(63)
    rng = random.Random(seed)  # noqa: S311 - a reproducible draw, not a secret
    questions = _draw(test, rng)
    if test.shuffle_questions:
        rng.shuffle(questions)
    deadline = now + datetime.timedelta(minutes=test.time_limit_minutes)
    if test.closes_at:
        deadline = min(deadline, test.closes_at)
    number = (Attempt.objects.filter(test=test, learner=learner).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                test=test, learner=learner, number=number, seed=seed, started_at=now, deadline=deadline
            )
    except IntegrityError:
        # Another request started it a moment ago: resume that one.
        current = _in_progress(test, learner)
        if current is None:
            raise
        return current
    choice_ids: dict[int, list[int]] = defaultdict(list)
    for question_id, choice_id in (
        Choice.objects.filter(question__in=questions)
        .order_by("question", "position", "id")
        .values_list("question_id", "id")
    ):
        choice_ids[question_id].append(choice_id)
    items = []
    for position, question in enumerate(questions, start=1):
        order = list(choice_ids[question.pk])
        if test.shuffle_choices:
            rng.shuffle(order)
        items.append(
            AttemptQuestion(
                attempt=attempt,
                question=question,
                position=position,
                choice_order=order,
                points=question.points,
            )
        )
    AttemptQuestion.objects.bulk_create(items)
    return attempt


def _in_progress(test: Test, learner: User) -> Attempt | None:
    attempt = Attempt.objects.filter(test=test, learner=learner, status=Attempt.Status.IN_PROGRESS).first()
    if attempt is not None and attempt.deadline <= timezone.now():
        finalise(attempt=attempt, status=Attempt.Status.TIMED_OUT)
        return None
    return attempt


# --- Reading ----------------------------------------------------------------------------------


def attempt_for_learner(*, learner: Any, attempt_id: int) -> Attempt:
    """The learner's own attempt (404 for anybody else's), finalised first if its time is up."""
    attempt = Attempt.objects.select_related("test").filter(pk=attempt_id, learner_id=learner.pk).first()
    if attempt is None:
        raise Http404
    if attempt.status == Attempt.Status.IN_PROGRESS and attempt.deadline <= timezone.now():
        attempt = finalise(attempt=attempt, status=Attempt.Status.TIMED_OUT)
    return attempt


# --- Answering --------------------------------------------------------------------------------


def answer_save(*, attempt: Attempt, question_id: int, response: Any) -> AttemptQuestion:
    """Save (or replace) the answer to one question of an attempt in progress."""
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        item = (
            AttemptQuestion.objects.select_related("question")
            .filter(attempt=locked, question_id=question_id)
            .first()
        )
        if item is None:
            raise Http404
        if locked.status != Attempt.Status.IN_PROGRESS:
            raise ApplicationError(_("This attempt is finished; answers can no longer change."))
        overdue = locked.deadline <= timezone.now()
        if not overdue:
            choices = list(item.question.choices.all())
            cleaned = grading.clean_response(item.question.kind, choices, response)
            if item.response != cleaned:
                item.response = cleaned
                item.saved_at = timezone.now()
                item.save(update_fields=["response", "saved_at"])
            return item
    # Past the deadline: finalise with what was saved before, then refuse.
    finalise(attempt=attempt, status=Attempt.Status.TIMED_OUT)
    raise ApplicationError(_("The time for this attempt is over; the answer was not saved."))


# --- Finishing --------------------------------------------------------------------------------


def attempt_submit(*, attempt: Attempt) -> Attempt:
    """Finish the attempt (once, however many submits arrive) and grade it. After the deadline
    the attempt is finalised as timed out, with the answers saved in time."""
    status = Attempt.Status.SUBMITTED if attempt.deadline > timezone.now() else Attempt.Status.TIMED_OUT
    return finalise(attempt=attempt, status=status)


@transaction.atomic
def finalise(*, attempt: Attempt, status: str) -> Attempt:
    locked = Attempt.objects.select_for_update().select_related("test").get(pk=attempt.pk)
    if locked.status != Attempt.Status.IN_PROGRESS:
        return locked  # someone else finished it first
    items = list(
        AttemptQuestion.objects.filter(attempt=locked)
        .select_related("question")
        .prefetch_related("question__choices")
    )
    earned_by: dict[int, Decimal] = defaultdict(Decimal)
    possible_by: dict[int, Decimal] = defaultdict(Decimal)
    for item in items:
        share = grading.fraction(item.question.kind, list(item.question.choices.all()), item.response)
        item.earned = (share * item.points).quantize(Decimal("0.0001"))
        competence_id = item.question.competence_id
        earned_by[competence_id] += item.earned
        possible_by[competence_id] += item.points
    AttemptQuestion.objects.bulk_update(items, ["earned"])
    CompetenceScore.objects.bulk_create(
        CompetenceScore(
            attempt=locked,
            competence_id=competence_id,
            earned=earned_by[competence_id],
            possible=possible,
            percent=_percent(earned_by[competence_id], possible),
        )
        for competence_id, possible in possible_by.items()
    )
    locked.score = _percent(sum(earned_by.values(), Decimal(0)), sum(possible_by.values(), Decimal(0)))
    locked.passed = locked.score >= locked.test.pass_mark
    locked.status = status
    locked.finished_at = (
        min(timezone.now(), locked.deadline) if status == Attempt.Status.TIMED_OUT else timezone.now()
    )
    locked.save(update_fields=["score", "passed", "status", "finished_at"])
    # The grade is the platform's, computed from the answers; the actor is whoever finished the attempt.
    audit.record(
        AuditEntry.Action.TEST_GRADED,
        locked,
        label=f"{locked.test} #{locked.pk}",
        learner=locked.learner_id,
        test=locked.test_id,
        score=str(locked.score),
        passed=locked.passed,
        status=status,
    )
    return locked


def finalise_overdue(*, now: datetime.datetime | None = None) -> int:
    """Finalise every attempt past its deadline (the periodic task). Returns how many."""
    overdue: QuerySet[Attempt] = Attempt.objects.filter(
        status=Attempt.Status.IN_PROGRESS, deadline__lte=now or timezone.now()
    )
    count = 0
    for attempt in overdue.only("pk"):
        if finalise(attempt=attempt, status=Attempt.Status.TIMED_OUT).status == Attempt.Status.TIMED_OUT:
            count += 1
    return count


def feedback_allowed(*, attempt: Attempt, now: datetime.datetime | None = None) -> bool:
    """Whether the learner may see right answers and feedback for this attempt now."""
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return False
    policy = attempt.test.feedback_policy
    if policy == Test.FeedbackPolicy.AFTER_SUBMIT:
        return True
    if policy == Test.FeedbackPolicy.AFTER_WINDOW:
        return attempt.test.closes_at is not None and (now or timezone.now()) >= attempt.test.closes_at
    return False
