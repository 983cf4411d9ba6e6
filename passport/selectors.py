"""Reads of the passport: a person's passport, a person against a role (gap analysis), and an
organisation's competence needs. Every function costs a fixed number of queries whatever the
number of people, competences or results."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, User
from competencies.models import (
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    ProficiencyLevel,
    RoleRequirement,
)
from core.errors import ApplicationError
from curriculum.models import LearningOutcome, Unit
from passport.evidence import Holding, holdings_for, ranks_for
from passport.models import Department, Passport, SelfAssessment, StaffMember

MET = "met"
PARTLY = "partly"
MISSING = "missing"
STATUS_LABELS = {
    MET: gettext_lazy("Met"),
    PARTLY: gettext_lazy("Partly met"),
    MISSING: gettext_lazy("Missing"),
}


# --- Roles and self-assessment --------------------------------------------------------------------


def roles_available() -> QuerySet[JobRole]:
    """Roles of the published frameworks that state requirements: what people and HR aim at."""
    return (
        JobRole.objects.filter(
            framework__status=Framework.Status.PUBLISHED, pk__in=RoleRequirement.objects.values("role_id")
        )
        .select_related("framework")
        .order_by("framework__key", "position", "slug")
    )


def role_for(slug: str) -> JobRole:
    role = roles_available().filter(slug=slug).first()
    if role is None:
        raise Http404
    return role


def requirements_of(role_ids: Any, *, with_areas: bool = True) -> list[RoleRequirement]:
    related = (
        ("competence__area", "competence__framework__scale", "level")
        if with_areas
        else ("competence", "level")
    )
    return list(
        RoleRequirement.objects.filter(role_id__in=role_ids)
        .select_related(*related)
        .order_by("role_id", "competence__code")
    )


@dataclass
class RatingRow:
    requirement: RoleRequirement
    #: (level, what the competence looks like at that level) for every level of the scale.
    choices: list[tuple[ProficiencyLevel, str]]
    current: SelfAssessment | None


def self_assessment_rows(*, user: User, role: JobRole) -> list[RatingRow]:
    requirements = requirements_of([role.pk])
    competence_ids = [r.competence_id for r in requirements]
    scale_ids = {r.competence.framework.scale_id for r in requirements}
    levels_by_scale: dict[int, list[ProficiencyLevel]] = defaultdict(list)
    for level in ProficiencyLevel.objects.filter(scale_id__in=scale_ids).order_by("rank"):
        levels_by_scale[level.scale_id].append(level)
    descriptors = {
        (d.competence_id, d.level_id): d.description
        for d in LevelDescriptor.objects.filter(competence_id__in=competence_ids)
    }
    current = {
        s.competence_id: s
        for s in SelfAssessment.objects.filter(user=user, competence_id__in=competence_ids).select_related(
            "level"
        )
    }
    rows = []
    for requirement in requirements:
        competence = requirement.competence
        choices = [
            (level, descriptors.get((competence.pk, level.pk)) or level.description)
            for level in levels_by_scale.get(competence.framework.scale_id or 0, [])
        ]
        rows.append(RatingRow(requirement, choices, current.get(competence.pk)))
    return rows


def self_assessments_of(user: User) -> QuerySet[SelfAssessment]:
    return (
        SelfAssessment.objects.filter(user=user)
        .select_related("competence", "level")
        .order_by("competence__code")
    )


# --- Passport -------------------------------------------------------------------------------------


@dataclass
class PassportEntry:
    competence: Competence
    #: Strongest first.
    holdings: list[Holding]

    @property
    def best(self) -> Holding:
        return self.holdings[0]


def passport_entries(user_id: int) -> list[PassportEntry]:
    """Every competence the person holds, the strongest evidence first."""
    held = holdings_for([user_id]).get(user_id, {})
    competences = Competence.objects.filter(pk__in=held.keys()).select_related("area", "framework").in_bulk()
    entries = [PassportEntry(competences[pk], items) for pk, items in held.items() if pk in competences]
    entries.sort(key=lambda e: (-e.best.strength, -e.best.level.rank, e.competence.code))
    return entries


def passport_get(user: User) -> Passport:
    return Passport.objects.filter(user=user).first() or Passport(user=user)


def shared_passport_owner(token: str) -> User:
    passport = Passport.objects.filter(share_token=token).select_related("user").first()
    if passport is None or not passport.user.is_active:
        raise Http404
    return passport.user


def staff_record(user: User) -> StaffMember | None:
    record = StaffMember.objects.filter(user=user).select_related("organisation").first()
    if record is None or record.organisation_id != user.organisation_id:
        return None
    return record


# --- Gap analysis ---------------------------------------------------------------------------------


@dataclass
class GapRow:
    requirement: RoleRequirement
    status: str
    #: The highest level shown by verified evidence, if any.
    verified_level: ProficiencyLevel | None
    #: The person's own rating, if any.
    self_level: ProficiencyLevel | None
    #: Units whose learning outcomes teach the competence (only for rows not met).
    units: list[Unit] = field(default_factory=list)

    @property
    def held_level(self) -> ProficiencyLevel | None:
        return self.verified_level or self.self_level

    @property
    def self_assessed_only(self) -> bool:
        return self.verified_level is None and self.self_level is not None

    def get_status_display(self) -> str:
        return str(STATUS_LABELS[self.status])


def _status(
    requirement: RoleRequirement, held: list[Holding]
) -> tuple[str, ProficiencyLevel | None, ProficiencyLevel | None]:
    verified = max((h for h in held if h.verified), key=lambda h: h.level.rank, default=None)
    claimed = max((h for h in held if not h.verified), key=lambda h: h.level.rank, default=None)
    if verified is not None and verified.level.rank >= requirement.level.rank:
        status = MET
    elif verified is not None or claimed is not None:
        status = PARTLY
    else:
        status = MISSING
    return status, verified.level if verified else None, claimed.level if claimed else None


@dataclass
class AreaBar:
    title: str
    code: str
    target: float
    held: float
    met: int
    total: int


@dataclass
class GapAnalysis:
    role: JobRole
    rows: list[GapRow]
    areas: list[AreaBar]
    max_rank: int

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.status for row in self.rows)
        return {status: counted.get(status, 0) for status in (MET, PARTLY, MISSING)}

    @property
    def ready(self) -> bool:
        return all(row.status == MET for row in self.rows if row.requirement.importance == "essential")


def teaching_links(competence_ids: Any) -> dict[int, list[int]]:
    """Ids of the units of published courses whose learning outcomes teach each competence."""
    through = LearningOutcome.competences.through
    links = (
        through.objects.filter(
            competence_id__in=competence_ids, learningoutcome__unit__module__course__is_published=True
        )
        .order_by("learningoutcome__unit__module__course__code", "learningoutcome__unit__code")
        .values_list("competence_id", "learningoutcome__unit_id")
    )
    found: dict[int, dict[int, None]] = defaultdict(dict)
    for competence_id, unit_id in links:
        found[competence_id][unit_id] = None
    return {competence_id: list(units) for competence_id, units in found.items()}


def units_by_id(unit_ids: Any) -> dict[int, Unit]:
    return Unit.objects.filter(pk__in=unit_ids).select_related("module__course").in_bulk()


def teaching_units(competence_ids: Any) -> dict[int, list[Unit]]:
    """Units of published courses whose learning outcomes teach each competence (two queries)."""
    links = teaching_links(competence_ids)
    units = units_by_id({unit_id for ids in links.values() for unit_id in ids})
    return {competence_id: [units[pk] for pk in ids] for competence_id, ids in links.items()}


def _areas(rows: list[GapRow]) -> list[AreaBar]:
    grouped: dict[int, list[GapRow]] = defaultdict(list)
    heads: dict[int, Competence] = {}
    for row in rows:
        competence = row.requirement.competence
        head = competence.area or competence
        heads[head.pk] = head
        grouped[head.pk].append(row)
    bars = []
    for pk, items in grouped.items():
        head = heads[pk]
        bars.append(
            AreaBar(
                title=head.title,
                code=head.code,
                target=sum(r.requirement.level.rank for r in items) / len(items),
                held=sum(
                    min(r.held_level.rank if r.held_level else 0, r.requirement.level.rank) for r in items
                )
                / len(items),
                met=sum(1 for r in items if r.status == MET),
                total=len(items),
            )
        )
    bars.sort(key=lambda bar: (bar.code, bar.title))
    return bars


def gap_analysis(*, user_id: int, role: JobRole) -> GapAnalysis:
    requirements = requirements_of([role.pk])
    held = holdings_for([user_id]).get(user_id, {})
    rows = []
    for requirement in requirements:
        status, verified, claimed = _status(requirement, held.get(requirement.competence_id, []))
        rows.append(GapRow(requirement, status, verified, claimed))
    open_ids = [row.requirement.competence_id for row in rows if row.status != MET]
    units = teaching_units(open_ids) if open_ids else {}
    for row in rows:
        if row.status != MET:
            row.units = units.get(row.requirement.competence_id, [])
    max_rank = max((r.level.rank for r in requirements), default=1)
    scale = requirements[0].competence.framework.scale if requirements else None
    if scale is not None:
        max_rank = max(max_rank, scale.levels.count())
    return GapAnalysis(role, rows, _areas(rows), max_rank)


# --- Organisation needs ---------------------------------------------------------------------------


def organisation_for_hr(user: User, organisation_id: int) -> Organisation:
    """The organisation, if the user is HR staff of it (or an administrator); 404 otherwise, so
    that HR of another organisation learns nothing, not even that it exists."""
    if not user.is_superuser and user.organisation_id != organisation_id:
        raise Http404
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


def departments_of(organisation: Organisation) -> list[Department]:
    return list(Department.objects.filter(organisation=organisation))


def visible_staff(organisation: Organisation) -> QuerySet[StaffMember]:
    return (
        StaffMember.objects.visible_to_hr(organisation.pk)
        .select_related("user", "department", "target_role")
        .order_by("user__full_name", "user__email")
    )


def staff_member_for_hr(organisation: Organisation, user_id: int) -> StaffMember:
    member = visible_staff(organisation).filter(user_id=user_id).first()
    if member is None:
        raise Http404
    return member


@dataclass
class Cell:
    status: str
    level: ProficiencyLevel | None
    target: ProficiencyLevel
    essential: bool

    @property
    def text(self) -> str:
        """What the cell says, on the page (as its title) and in the CSV file."""
        label = str(STATUS_LABELS[self.status])
        if self.level is None:
            return label
        return _("%(status)s: %(level)s of %(target)s") % {
            "status": label,
            "level": self.level.code,
            "target": self.target.code,
        }


#: What the organisation view keeps per requirement of a person: (status, rank held or 0).
Mark = tuple[str, int]


@dataclass
class PersonRow:
    """One consenting staff member in the organisation view. Cells are made only for the rows
    shown (a page, or the CSV file); the aggregates work on the marks."""

    user_id: int
    name: str
    department: Department | None
    target_role: JobRole | None
    #: competence id -> mark, for the competences the person's target role requires.
    marks: dict[int, Mark]
    ready: bool | None
    #: competence id -> the requirement of the target role, and levels by rank of its scale.
    requirements: dict[int, RoleRequirement]
    levels: dict[tuple[int, int], ProficiencyLevel]

    def cell(self, competence_id: int) -> Cell | None:
        mark = self.marks.get(competence_id)
        if mark is None:
            return None
        requirement = self.requirements[competence_id]
        status, rank = mark
        return Cell(
            status,
            self.levels.get((requirement.level.scale_id, rank)) if rank else None,
            requirement.level,
            requirement.importance == RoleRequirement.Importance.ESSENTIAL,
        )

    def cell_list(self, columns: list[Competence]) -> list[Cell | None]:
        return [self.cell(c.pk) for c in columns]

    @property
    def cells(self) -> dict[int, Cell]:
        return {competence_id: cell for competence_id in self.marks if (cell := self.cell(competence_id))}

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(status for status, _rank in self.marks.values())
        return {status: counted.get(status, 0) for status in (MET, PARTLY, MISSING)}


@dataclass
class RoleReadiness:
    role: JobRole
    targeted: int
    ready_targeted: int
    ready_all: int


@dataclass
class FrequentGap:
    competence: Competence
    people: int
    essential: int
    missing: int


@dataclass
class TrainingOption:
    unit: Unit
    #: Open requirements (person x competence) the unit's learning outcomes teach.
    gaps: int
    people: int


@dataclass
class Needs:
    organisation: Organisation
    departments: list[Department]
    roles: list[JobRole]
    department: Department | None
    role: JobRole | None
    columns: list[Competence]
    people: list[PersonRow]
    readiness: list[RoleReadiness]
    frequent_gaps: list[FrequentGap]
    training: list[TrainingOption]


def organisation_needs(
    organisation: Organisation, *, department: str = "", role: str = "", top: int = 10
) -> Needs:
    """The aggregated competence picture of the organisation's consenting staff. A fixed number
    of queries; the evidence is read as numbers (see ``evidence.ranks_for``)."""
    departments = departments_of(organisation)
    roles = list(roles_available())
    chosen_department = next((d for d in departments if d.slug == department), None)
    chosen_role = next((r for r in roles if r.slug == role), None)
    if department and chosen_department is None:
        raise ApplicationError(
            _("There is no department “%(slug)s” in this organisation.") % {"slug": department}
        )
    if role and chosen_role is None:
        raise ApplicationError(_("There is no role “%(slug)s”.") % {"slug": role})
    staff_qs = StaffMember.objects.visible_to_hr(organisation.pk)
    if chosen_department is not None:
        staff_qs = staff_qs.filter(department=chosen_department)
    if chosen_role is not None:
        staff_qs = staff_qs.filter(target_role=chosen_role)
    staff = list(
        staff_qs.order_by("user__full_name", "user__email").values_list(
            "user_id", "user__full_name", "department_id", "target_role_id"
        )
    )
    verified, claimed = ranks_for(staff_qs.values("user_id")) if staff else ({}, {})
    levels = {(level.scale_id, level.rank): level for level in ProficiencyLevel.objects.all()}
    requirements = requirements_of([r.pk for r in roles], with_areas=False)
    by_role: dict[int, dict[int, RoleRequirement]] = defaultdict(dict)
    for requirement in requirements:
        by_role[requirement.role_id][requirement.competence_id] = requirement
    # Plain tuples in the loops below: they run for every person and requirement.
    targets = {
        role_id: [
            (r.competence_id, r.level.rank, r.importance == RoleRequirement.Importance.ESSENTIAL)
            for r in items.values()
        ]
        for role_id, items in by_role.items()
    }
    essentials = {
        role_id: [(c, rank) for c, rank, essential in items if essential]
        for role_id, items in targets.items()
    }
    departments_by_id = {d.pk: d for d in departments}
    roles_by_id = {r.pk: r for r in roles}

    people: list[PersonRow] = []
    columns: dict[int, Competence] = {}
    gap_people: Counter[int] = Counter()
    gap_essential: Counter[int] = Counter()
    gap_missing: Counter[int] = Counter()
    gap_owners: dict[int, set[int]] = defaultdict(set)
    ready_all: Counter[int] = Counter()
    # Ready for a role: as many essential requirements met as the role has. Counted from the
    # verified evidence outwards, which is far smaller than people x roles x requirements.
    essential_for: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for role_id, needed in essentials.items():
        for competence_id, rank in needed:
            essential_for[competence_id].append((role_id, rank))
    met_essentials: Counter[tuple[int, int]] = Counter()
    for (user_id, competence_id), held in verified.items():
        for role_id, rank in essential_for.get(competence_id, ()):
            if held >= rank:
                met_essentials[user_id, role_id] += 1
    for user_id, _name, _department_id, _target_role_id in staff:
        for role_id, needed in essentials.items():
            if met_essentials[user_id, role_id] == len(needed):
                ready_all[role_id] += 1
    for user_id, name, department_id, target_role_id in staff:
        marks: dict[int, Mark] = {}
        ready: bool | None = None
        if target_role_id is not None:
            ready = True
            for competence_id, target, essential in targets.get(target_role_id, []):
                held = verified.get((user_id, competence_id), 0)
                if held >= target:
                    marks[competence_id] = (MET, held)
                    continue
                own = claimed.get((user_id, competence_id), 0)
                status = PARTLY if held or own else MISSING
                marks[competence_id] = (status, held or own)
                gap_people[competence_id] += 1
                gap_owners[competence_id].add(user_id)
                gap_essential[competence_id] += essential
                gap_missing[competence_id] += status == MISSING
                ready = ready and not essential
        people.append(
            PersonRow(
                user_id,
                name,
                departments_by_id.get(department_id) if department_id else None,
                roles_by_id.get(target_role_id) if target_role_id else None,
                marks,
                ready,
                by_role.get(target_role_id, {}) if target_role_id else {},
                levels,
            )
        )

    targeted = Counter(target_role_id for _u, _n, _d, target_role_id in staff if target_role_id)
    for role_id in targeted:
        for competence_id, requirement in by_role.get(role_id, {}).items():
            columns.setdefault(competence_id, requirement.competence)
    ready_targeted = Counter(p.target_role.pk for p in people if p.ready and p.target_role)
    readiness = [
        RoleReadiness(r, targeted.get(r.pk, 0), ready_targeted.get(r.pk, 0), ready_all.get(r.pk, 0))
        for r in roles
    ]
    ordered_gaps = sorted(gap_people, key=lambda pk: (-gap_people[pk], -gap_essential[pk], columns[pk].code))
    frequent = [
        FrequentGap(columns[pk], gap_people[pk], gap_essential[pk], gap_missing[pk])
        for pk in ordered_gaps[:top]
    ]
    training: list[TrainingOption] = []
    if gap_people:
        closes: Counter[int] = Counter()
        owners: dict[int, set[int]] = defaultdict(set)
        for competence_id, unit_ids in teaching_links(list(gap_people)).items():
            for unit_id in unit_ids:
                closes[unit_id] += gap_people[competence_id]
                owners[unit_id] |= gap_owners[competence_id]
        best = sorted(closes, key=lambda pk: -closes[pk])[: top * 3]
        units = units_by_id(best)
        ranked = sorted(best, key=lambda pk: (-closes[pk], units[pk].code))[:top]
        training = [TrainingOption(units[pk], closes[pk], len(owners[pk])) for pk in ranked]
    return Needs(
        organisation=organisation,
        departments=departments,
        roles=roles,
        department=chosen_department,
        role=chosen_role,
        columns=sorted(columns.values(), key=lambda c: c.code),
        people=people,
        readiness=readiness,
        frequent_gaps=frequent,
        training=training,
    )
