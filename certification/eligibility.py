"""Whether a learner meets every rule of a certification scheme, and if not, which rule fails and
why, in words a learner understands.

The rules, in the order they are checked:

1. the prerequisite certificate, held and valid today;
2. each required exam: the best overall score reaches its minimum. When the scheme lets validation
   of prior learning replace exam parts, the competence areas whose every required competence was
   accepted in validation are left out of that score, and an exam whose areas are all validated is
   replaced entirely;
3. each competence area of the role, when the scheme sets a minimum per area: the best score in
   that area over all sittings of the required exams (areas passed once stay passed), or, where
   allowed, the area validated;
4. each required unit: every competence its learning outcomes teach is shown, by an exam result
   at the threshold or by accepted validation.

:func:`eligibility_for` answers for many learners with the same number of queries as for one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.models import Certificate, CertificationScheme, SchemeExam, ValidationClaim
from competencies.models import Competence, ProficiencyLevel, RoleRequirement
from curriculum.models import Attempt, BlueprintRule, CompetenceScore, LearningOutcome, Unit

FINISHED = (Attempt.Status.SUBMITTED, Attempt.Status.TIMED_OUT)


@dataclass(frozen=True)
class Check:
    #: Stable identifier of the rule: "prerequisite", "exam:<test id>", "area:<id>", "unit:<id>".
    key: str
    rule: str
    met: bool
    explanation: str


@dataclass(frozen=True)
class Attested:
    competence: Competence
    level: ProficiencyLevel
    source: str  # CertificateCompetence.Source value


@dataclass
class Eligibility:
    scheme: CertificationScheme
    learner_id: int
    checks: list[Check] = field(default_factory=list)
    attested: list[Attested] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def failing(self) -> list[Check]:
        return [check for check in self.checks if not check.met]

    def reason(self) -> str:
        """The first rule that fails, in words; empty when every rule is met."""
        failing = self.failing
        return f"{failing[0].rule}: {failing[0].explanation}" if failing else ""


@dataclass
class SchemeFacts:
    """What the rules of one scheme need to know, read once for any number of learners."""

    scheme: CertificationScheme
    exams: list[SchemeExam]
    requirements: list[RoleRequirement]
    areas: list[Competence]
    units: list[Unit]
    unit_competences: dict[int, list[Competence]]
    #: Competences the required exams draw questions for.
    examined: set[int]


def scheme_facts(scheme: CertificationScheme) -> SchemeFacts:
    exams = list(SchemeExam.objects.filter(scheme=scheme).select_related("test"))
    requirements = list(
        RoleRequirement.objects.filter(role_id=scheme.role_id)
        .select_related("competence__area", "level")
        .order_by("competence__area__position", "competence__position", "competence__code")
    )
    areas: dict[int, Competence] = {}
    for requirement in requirements:
        area = requirement.competence.area or requirement.competence
        areas.setdefault(area.pk, area)
    units = list(
        scheme.required_units.order_by("module__course__id", "module__position", "position").prefetch_related(
            Prefetch(
                "outcomes",
                queryset=LearningOutcome.objects.prefetch_related(
                    Prefetch("competences", queryset=Competence.objects.order_by("code"))
                ),
            )
        )
    )
    unit_competences: dict[int, list[Competence]] = {}
    for unit in units:
        taught: dict[int, Competence] = {}
        for outcome in unit.outcomes.all():
            for competence in outcome.competences.all():
                taught.setdefault(competence.pk, competence)
        unit_competences[unit.pk] = sorted(taught.values(), key=lambda c: c.code)
    examined = set(
        BlueprintRule.objects.filter(
            test_id__in=[exam.test_id for exam in exams], competence__isnull=False
        ).values_list("competence_id", flat=True)
    )
    return SchemeFacts(scheme, exams, requirements, list(areas.values()), units, unit_competences, examined)


def _percent(earned: Decimal, possible: Decimal) -> Decimal:
    return (100 * earned / possible).quantize(Decimal("0.01")) if possible else Decimal(0)


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def eligibility_for(scheme: CertificationScheme, learner_ids: Iterable[int]) -> dict[int, Eligibility]:
    """The eligibility of each learner for the scheme, in a fixed number of queries."""
    learner_ids = list(learner_ids)
    facts = scheme_facts(scheme)
    exam_tests = [exam.test_id for exam in facts.exams]

    attempts: dict[int, dict[int, list[Attempt]]] = defaultdict(lambda: defaultdict(list))
    for attempt in Attempt.objects.filter(
        learner_id__in=learner_ids, test_id__in=exam_tests, status__in=FINISHED
    ).only("id", "learner_id", "test_id", "score"):
        attempts[attempt.learner_id][attempt.test_id].append(attempt)
    # attempt id -> competence id -> (earned, possible, percent)
    scores: dict[int, dict[int, tuple[Decimal, Decimal, Decimal]]] = defaultdict(dict)
    for attempt_id, competence_id, earned, possible, percent in CompetenceScore.objects.filter(
        attempt__learner_id__in=learner_ids, attempt__test_id__in=exam_tests, attempt__status__in=FINISHED
    ).values_list("attempt_id", "competence_id", "earned", "possible", "percent"):
        scores[attempt_id][competence_id] = (earned, possible, percent)

    accepted: dict[int, dict[int, ValidationClaim]] = defaultdict(dict)
    for claim in ValidationClaim.objects.filter(
        case__learner_id__in=learner_ids, decision=ValidationClaim.Decision.ACCEPTED
    ).select_related("case", "level"):
        accepted[claim.case.learner_id][claim.competence_id] = claim

    holders_of_prerequisite: set[int] = set()
    if scheme.prerequisite_id:
        holders_of_prerequisite = set(
            Certificate.objects.current()
            .filter(scheme_id=scheme.prerequisite_id, holder_id__in=learner_ids)
            .values_list("holder_id", flat=True)
        )
        prerequisite = CertificationScheme.objects.get(pk=scheme.prerequisite_id)

    area_of = {r.competence_id: (r.competence.area_id or r.competence_id) for r in facts.requirements}
    required_by_area: dict[int, list[int]] = defaultdict(list)
    for requirement in facts.requirements:
        required_by_area[area_of[requirement.competence_id]].append(requirement.competence_id)
    threshold = scheme.min_area_score
    if threshold is None:
        threshold = min((exam.min_score for exam in facts.exams), default=Decimal(50))

    result: dict[int, Eligibility] = {}
    for learner_id in learner_ids:
        outcome = Eligibility(scheme=scheme, learner_id=learner_id)
        claims = accepted.get(learner_id, {})
        validated_areas: set[int] = set()
        if scheme.validation_allowed:
            validated_areas = {
                area_id
                for area_id, competence_ids in required_by_area.items()
                if competence_ids and all(c in claims for c in competence_ids)
            }
        sittings = [a for by_test in attempts.get(learner_id, {}).values() for a in by_test]
        shown: set[int] = {
            competence_id
            for attempt in sittings
            for competence_id, (_e, _p, percent) in scores.get(attempt.pk, {}).items()
            if percent >= threshold
        } | set(claims)

        if scheme.prerequisite_id:
            met = learner_id in holders_of_prerequisite
            outcome.checks.append(
                Check(
                    "prerequisite",
                    _("Prerequisite"),
                    met,
                    _("You hold a valid “%(scheme)s” certificate.") % {"scheme": prerequisite.title}
                    if met
                    else _("You need a valid “%(scheme)s” certificate first.")
                    % {"scheme": prerequisite.title},
                )
            )

        for exam in facts.exams:
            rule = _("Exam “%(test)s”") % {"test": exam.test.title}
            taken = attempts.get(learner_id, {}).get(exam.test_id, [])
            if facts.areas and len(validated_areas) == len(facts.areas):
                outcome.checks.append(
                    Check(f"exam:{exam.test_id}", rule, True, _("Replaced by validation of prior learning."))
                )
                continue
            best: Decimal | None = None
            for attempt in taken:
                if validated_areas:
                    earned = possible = Decimal(0)
                    for competence_id, (e, p, _pc) in scores.get(attempt.pk, {}).items():
                        if area_of.get(competence_id) not in validated_areas:
                            earned += e
                            possible += p
                    value = _percent(earned, possible)
                else:
                    value = attempt.score if attempt.score is not None else Decimal(0)
                best = value if best is None or value > best else best
            values = {"score": _fmt(best or Decimal(0)), "minimum": _fmt(exam.min_score)}
            if best is None:
                explanation = _("You have not taken this exam yet; you need at least %(minimum)s%%.") % values
            elif best >= exam.min_score:
                explanation = _("Your best score is %(score)s%% (at least %(minimum)s%% needed).") % values
            else:
                explanation = _("Your best score is %(score)s%%; you need at least %(minimum)s%%.") % values
            if validated_areas and best is not None:
                explanation += " " + _("Areas accepted in validation are left out of this score.")
            outcome.checks.append(
                Check(f"exam:{exam.test_id}", rule, best is not None and best >= exam.min_score, explanation)
            )

        examined_areas = {area_of[c] for c in facts.examined if c in area_of} or {a.pk for a in facts.areas}
        if scheme.min_area_score is not None and not sittings and not validated_areas:
            # Nothing to say per area yet: one line for all of them.
            outcome.checks.append(
                Check(
                    "areas",
                    _("Competence areas"),
                    False,
                    ngettext(
                        "No exam result yet; you need at least %(minimum)s%% in the %(count)d area the exam covers.",
                        "No exam result yet; you need at least %(minimum)s%% in each of the %(count)d areas the exam covers.",
                        len(examined_areas),
                    )
                    % {"minimum": _fmt(scheme.min_area_score), "count": len(examined_areas)},
                )
            )
        elif scheme.min_area_score is not None:
            for area in (a for a in facts.areas if a.pk in examined_areas):
                rule = _("Area “%(area)s”") % {"area": area.title}
                if area.pk in validated_areas:
                    outcome.checks.append(
                        Check(f"area:{area.pk}", rule, True, _("Accepted in validation of prior learning."))
                    )
                    continue
                best_area: Decimal | None = None
                for attempt in sittings:
                    earned = possible = Decimal(0)
                    for competence_id, (e, p, _pc) in scores.get(attempt.pk, {}).items():
                        if area_of.get(competence_id) == area.pk:
                            earned += e
                            possible += p
                    if possible:
                        value = _percent(earned, possible)
                        best_area = value if best_area is None or value > best_area else best_area
                values = {"score": _fmt(best_area or Decimal(0)), "minimum": _fmt(scheme.min_area_score)}
                met = best_area is not None and best_area >= scheme.min_area_score
                if best_area is None:
                    explanation = (
                        _("No exam result in this area yet; you need at least %(minimum)s%%.") % values
                    )
                elif met:
                    explanation = (
                        _("Your best score in this area is %(score)s%% (at least %(minimum)s%% needed).")
                        % values
                    )
                else:
                    explanation = (
                        _("Your best score in this area is %(score)s%%; you need at least %(minimum)s%%.")
                        % values
                    )
                outcome.checks.append(Check(f"area:{area.pk}", rule, met, explanation))

        for unit in facts.units:
            rule = _("Unit “%(unit)s”") % {"unit": unit.title}
            missing = [c for c in facts.unit_competences[unit.pk] if c.pk not in shown]
            if missing:
                explanation = _("Still to show (by exam or validation): %(competences)s.") % {
                    "competences": "; ".join(f"{c.code} {c.title}" for c in missing)
                }
            else:
                explanation = _("Every competence this unit teaches is shown.")
            outcome.checks.append(Check(f"unit:{unit.pk}", rule, not missing, explanation))

        for requirement in facts.requirements:
            claimed = claims.get(requirement.competence_id)
            if claimed is not None and scheme.validation_allowed:
                outcome.attested.append(
                    Attested(requirement.competence, claimed.level or requirement.level, "validation")
                )
            else:
                outcome.attested.append(Attested(requirement.competence, requirement.level, "exam"))
        result[learner_id] = outcome
    return result


def eligibility(scheme: CertificationScheme, learner_id: int) -> Eligibility:
    return eligibility_for(scheme, [learner_id])[learner_id]


def candidate_ids(scheme: CertificationScheme) -> list[int]:
    """Learners with a finished sitting of a required exam or an accepted claim for the scheme, who
    do not already hold a current certificate for it."""
    exam_tests = SchemeExam.objects.filter(scheme=scheme).values("test_id")
    takers = set(
        Attempt.objects.filter(test_id__in=exam_tests, status__in=FINISHED).values_list(
            "learner_id", flat=True
        )
    )
    validated = set(
        ValidationClaim.objects.filter(
            case__scheme=scheme, decision=ValidationClaim.Decision.ACCEPTED
        ).values_list("case__learner_id", flat=True)
    )
    holders = set(
        Certificate.objects.latest_versions()
        .filter(scheme=scheme, status=Certificate.Status.VALID)
        .values_list("holder_id", flat=True)
    )
    return sorted((takers | validated) - holders)
