"""What a person holds, competence by competence, and where it comes from.

Four sources, strongest first:

1. a current certificate (valid today, not revoked or superseded), at the level it attests;
2. an exam result: a finished exam whose score on the competence reached the exam's pass mark, at
   the level the exam's role requires;
3. an accepted claim of validation of prior learning, at the level the assessor gave;
4. the person's own self-assessment, which is never counted as verified.

``holdings_for`` reads all of it for any number of people in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from certification.models import Certificate, CertificateCompetence, ValidationClaim
from competencies.models import ProficiencyLevel, RoleRequirement
from curriculum.models import Attempt, CompetenceScore, Test
from passport.models import SelfAssessment

FINISHED = (Attempt.Status.SUBMITTED, Attempt.Status.TIMED_OUT)


class Source(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate")
    EXAM = "exam", _("Exam result")
    VALIDATION = "validation", _("Validation of prior learning")
    SELF = "self", _("Self-assessed")


STRENGTH = {Source.CERTIFICATE: 4, Source.EXAM: 3, Source.VALIDATION: 2, Source.SELF: 1}
VERIFIED = frozenset({Source.CERTIFICATE, Source.EXAM, Source.VALIDATION})


@dataclass(frozen=True)
class Holding:
    """One piece of evidence that a person holds a competence at a level."""

    competence_id: int
    level: ProficiencyLevel
    source: str
    #: What the evidence is: a serial number, an exam and its score; empty for self-assessment.
    detail: str
    on: date | None

    @property
    def strength(self) -> int:
        return STRENGTH[Source(self.source)]

    @property
    def verified(self) -> bool:
        return self.source in VERIFIED

    def get_source_display(self) -> str:
        return str(Source(self.source).label)


#: person id -> competence id -> holdings, strongest first.
Holdings = dict[int, dict[int, list[Holding]]]


def _day(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _certified(people: Any) -> QuerySet[CertificateCompetence]:
    """Competences of certificates in force today."""
    return CertificateCompetence.objects.filter(
        certificate__in=Certificate.objects.current().filter(holder_id__in=people)
    ).order_by()


def _passed(people: Any) -> QuerySet[CompetenceScore]:
    """Competence scores of finished exams that reached the exam's pass mark."""
    return CompetenceScore.objects.filter(
        attempt__learner_id__in=people,
        attempt__status__in=FINISHED,
        attempt__test__kind=Test.Kind.EXAM,
        percent__gte=F("attempt__test__pass_mark"),
    ).order_by()


def _validated(people: Any) -> QuerySet[ValidationClaim]:
    return ValidationClaim.objects.filter(
        case__learner_id__in=people, decision=ValidationClaim.Decision.ACCEPTED
    ).order_by()


def _required_ranks() -> dict[tuple[int, int], int]:
    return {
        (role_id, competence_id): rank
        for role_id, competence_id, rank in RoleRequirement.objects.values_list(
            "role_id", "competence_id", "level__rank"
        )
    }


#: (person id, competence id) -> level rank.
Ranks = dict[tuple[int, int], int]


def ranks_for(people: Any) -> tuple[Ranks, Ranks]:
    """The same evidence as :func:`holdings_for`, reduced to numbers for many people at once:
    the highest level rank shown by verified evidence, and the self-assessed rank, per person and
    competence. Five queries; no model instances, dates or texts (the organisation view reads
    tens of thousands of rows)."""
    required = _required_ranks()
    verified: Ranks = {}

    def keep(key: tuple[int, int], rank: int | None) -> None:
        if rank and rank > verified.get(key, 0):
            verified[key] = rank

    for holder_id, competence_id, rank in _certified(people).values_list(
        "certificate__holder_id", "competence_id", "level__rank"
    ):
        keep((holder_id, competence_id), rank)
    for learner_id, competence_id, role_id in (
        _passed(people)
        .values_list("attempt__learner_id", "competence_id", "attempt__test__role_id")
        .distinct()
    ):
        keep((learner_id, competence_id), required.get((role_id, competence_id)))
    for learner_id, competence_id, rank, role_id in _validated(people).values_list(
        "case__learner_id", "competence_id", "level__rank", "case__scheme__role_id"
    ):
        keep((learner_id, competence_id), rank or required.get((role_id, competence_id)))
    claimed: Ranks = {
        (user_id, competence_id): rank
        for user_id, competence_id, rank in SelfAssessment.objects.filter(user_id__in=people)
        .order_by()
        .values_list("user_id", "competence_id", "level__rank")
    }
    return verified, claimed


def holdings_for(people: Any) -> Holdings:
    """Evidence of the given people: a list of user ids, or a queryset of user ids (``values("pk")``).

    Seven queries whatever the number of people or of their results."""
    levels = ProficiencyLevel.objects.in_bulk()
    required = {
        (role_id, competence_id): level_id
        for role_id, competence_id, level_id in RoleRequirement.objects.values_list(
            "role_id", "competence_id", "level_id"
        )
    }
    found: dict[int, dict[int, list[Holding]]] = defaultdict(lambda: defaultdict(list))

    certificates = _certified(people).values_list(
        "certificate__holder_id",
        "competence_id",
        "level_id",
        "certificate__serial",
        "certificate__valid_from",
    )
    for holder_id, competence_id, level_id, serial, valid_from in certificates:
        found[holder_id][competence_id].append(
            Holding(competence_id, levels[level_id], Source.CERTIFICATE, serial, valid_from)
        )

    scores = _passed(people).values_list(
        "attempt__learner_id",
        "competence_id",
        "attempt__test_id",
        "attempt__test__role_id",
        "percent",
        "attempt__finished_at",
    )
    best: dict[tuple[int, int], tuple[Decimal, int, int, datetime | None]] = {}
    for learner_id, competence_id, test_id, role_id, percent, finished_at in scores:
        target_id = required.get((role_id, competence_id))
        if target_id is None:
            continue
        key = (learner_id, competence_id)
        if key not in best or percent > best[key][0]:
            best[key] = (percent, target_id, test_id, finished_at)
    titles = (
        dict(Test.objects.filter(pk__in={v[2] for v in best.values()}).values_list("pk", "title"))
        if best
        else {}
    )
    for (learner_id, competence_id), (percent, level_id, test_id, finished_at) in best.items():
        detail = f"{titles.get(test_id, '')} · {percent.normalize():f} %"
        found[learner_id][competence_id].append(
            Holding(competence_id, levels[level_id], Source.EXAM, detail, _day(finished_at))
        )

    claims = _validated(people).values_list(
        "case__learner_id", "competence_id", "level_id", "case__scheme__role_id", "decided_at"
    )
    for learner_id, competence_id, level_id, role_id, decided_at in claims:
        assessed_id = level_id or required.get((role_id, competence_id))
        if assessed_id is None:
            continue
        found[learner_id][competence_id].append(
            Holding(competence_id, levels[assessed_id], Source.VALIDATION, "", _day(decided_at))
        )

    ratings = (
        SelfAssessment.objects.filter(user_id__in=people)
        .order_by()
        .values_list("user_id", "competence_id", "level_id", "updated_at")
    )
    for user_id, competence_id, level_id, updated_at in ratings:
        found[user_id][competence_id].append(
            Holding(competence_id, levels[level_id], Source.SELF, "", _day(updated_at))
        )

    for by_competence in found.values():
        for items in by_competence.values():
            items.sort(key=lambda h: (-h.strength, -h.level.rank))
    return {person: dict(by_competence) for person, by_competence in found.items()}
