"""Results of a test for trainers and certifiers: every finished attempt with its score per
competence, the averages, and item statistics for fixing bad questions.

- facility: the mean share of the points learners earned on a question (0 = nobody, 1 = all);
- discrimination (upper-lower index): the facility among the best 27 % of attempts minus that
  among the weakest 27 %; near zero or negative, the question does not tell stronger learners
  from weaker ones and needs a look.

Each function costs a fixed number of queries, whatever the number of attempts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet

from curriculum.models import Attempt, AttemptQuestion, CompetenceScore, Question, Test

FINISHED = (Attempt.Status.SUBMITTED, Attempt.Status.TIMED_OUT)
#: Share of attempts in each of the upper and lower groups of the discrimination index.
GROUP_SHARE = 0.27


def tests_with_results() -> QuerySet[Test]:
    finished = Q(attempts__status__in=FINISHED)
    return (
        Test.objects.select_related("role")
        .annotate(
            finished_count=Count("attempts", filter=finished),
            average=Avg("attempts__score", filter=finished),
            passed_count=Count("attempts", filter=finished & Q(attempts__passed=True)),
        )
        .order_by("role__position", "kind", "slug")
    )


@dataclass
class ResultTable:
    competences: list[Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    averages: dict[int, Decimal] = field(default_factory=dict)
    average_score: Decimal | None = None


def result_table(*, test: Test) -> ResultTable:
    attempts = list(
        Attempt.objects.filter(test=test, status__in=FINISHED)
        .select_related("learner")
        .order_by("learner__full_name", "number")
    )
    scores = CompetenceScore.objects.filter(attempt__test=test, attempt__status__in=FINISHED).select_related(
        "competence"
    )
    by_attempt: dict[int, dict[int, Decimal]] = defaultdict(dict)
    competences = {}
    for score in scores:
        by_attempt[score.attempt_id][score.competence_id] = score.percent
        competences[score.competence_id] = score.competence
    ordered = sorted(competences.values(), key=lambda c: c.code)
    table = ResultTable(competences=ordered)
    for attempt in attempts:
        table.rows.append(
            {
                "attempt": attempt,
                "scores": [by_attempt[attempt.pk].get(c.pk) for c in ordered],
            }
        )
    for competence in ordered:
        values = [by_attempt[a.pk][competence.pk] for a in attempts if competence.pk in by_attempt[a.pk]]
        if values:
            table.averages[competence.pk] = sum(values, Decimal(0)) / len(values)
    if attempts:
        table.average_score = sum((a.score or Decimal(0) for a in attempts), Decimal(0)) / len(attempts)
    return table


@dataclass
class ItemStatistic:
    question: Question
    drawn: int
    facility: float
    discrimination: float | None

    @property
    def needs_review(self) -> bool:
        return (
            self.facility < 0.2
            or self.facility > 0.95
            or (self.discrimination is not None and self.discrimination < 0.2)
        )


def item_statistics(*, test: Test) -> list[ItemStatistic]:
    rows = list(
        AttemptQuestion.objects.filter(attempt__test=test, attempt__status__in=FINISHED)
        .annotate(total=F("attempt__score"))
        .values_list("question_id", "attempt_id", "earned", "points", "total")
    )
    shares: dict[int, list[tuple[float, float]]] = defaultdict(list)
    totals: dict[int, float] = {}
    for question_id, attempt_id, earned, points, total in rows:
        share = float(earned or 0) / float(points) if points else 0.0
        shares[question_id].append((float(total or 0), share))
        totals[attempt_id] = float(total or 0)
    ranked = sorted(totals.values())
    size = max(1, round(len(ranked) * GROUP_SHARE))
    low_cut = ranked[size - 1] if ranked else 0.0
    high_cut = ranked[-size] if ranked else 0.0
    questions = Question.objects.select_related("competence").in_bulk(list(shares))
    stats = []
    for question_id, values in shares.items():
        facility = sum(share for _total, share in values) / len(values)
        upper = [share for total, share in values if total >= high_cut]
        lower = [share for total, share in values if total <= low_cut]
        discrimination = (
            sum(upper) / len(upper) - sum(lower) / len(lower)
            if len(ranked) >= 4 and upper and lower
            else None
        )
        stats.append(ItemStatistic(questions[question_id], len(values), facility, discrimination))
    return sorted(stats, key=lambda s: (s.discrimination if s.discrimination is not None else 9, s.facility))
