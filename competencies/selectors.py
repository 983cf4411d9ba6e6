"""Reads of the competence frameworks, with their joins and prefetches already applied.

Every list here costs a fixed number of queries whatever its length; pages and API views call
these and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import get_language

from competencies.models import (
    Association,
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    RoleRequirement,
)
from competencies.search import LANGUAGE_CODES, fold

VISIBLE_STATUSES = (Framework.Status.PUBLISHED, Framework.Status.RETIRED)


def frameworks_visible(*, include_drafts: bool = False) -> QuerySet[Framework]:
    """Published and retired versions for everyone; drafts too for framework editors."""
    qs = Framework.objects.select_related("scale")
    if not include_drafts:
        qs = qs.filter(status__in=VISIBLE_STATUSES)
    role_count = (
        JobRole.objects.filter(framework=OuterRef("pk"))
        .order_by()
        .values("framework")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(role_count=Coalesce(Subquery(role_count), 0)).order_by(
        "key", "-published_at", "-version"
    )


def framework_get(*, slug: str, include_drafts: bool = False) -> Framework:
    qs = Framework.objects.select_related("scale").filter(slug=slug)
    if not include_drafts:
        qs = qs.filter(status__in=VISIBLE_STATUSES)
    framework = qs.first()
    if framework is None:
        raise Http404
    return framework


#: The columns a list of competences shows. At ESCO scale, selecting only these (instead of every
#: translation of every text) is what keeps planning and transfer time low.
_TITLES = ("title", *(f"title_{code}" for code in LANGUAGE_CODES))
LIST_FIELDS = (
    "id",
    "framework_id",
    "parent_id",
    "area_id",
    "kind",
    "code",
    "uri",
    "position",
    *_TITLES,
    "framework__slug",
    "parent__code",
    *(f"parent__{name}" for name in _TITLES),
    "min_level__code",
    "min_level__rank",
    "max_level__code",
    "max_level__rank",
)


def _with_tree_flags(qs: QuerySet[Competence]) -> QuerySet[Competence]:
    return qs.select_related("min_level", "max_level").annotate(
        has_children=Exists(Competence.objects.filter(parent=OuterRef("pk")))
    )


def competence_roots(*, framework: Framework) -> QuerySet[Competence]:
    return _with_tree_flags(framework.competences.filter(parent__isnull=True)).order_by(
        "position", "code", "id"
    )


def framework_areas(*, framework: Framework) -> QuerySet[Competence]:
    """The top-level nodes, light: for the area filter."""
    return (
        framework.competences.filter(parent__isnull=True)
        .only("id", "framework_id", "code", *_TITLES)
        .order_by("position", "code", "id")
    )


def framework_filter_options(*, framework: Framework) -> dict[str, list[tuple[int, str]]]:
    """Areas, levels and roles to filter a framework by, in the active language. Cached for a
    published version (it never changes); computed afresh for a draft."""

    def compute() -> dict[str, list[tuple[int, str]]]:
        levels = framework.scale.levels.all() if framework.scale is not None else []
        return {
            "area": [(a.pk, f"{a.code} {a.title}".strip()) for a in framework_areas(framework=framework)],
            "level": [(lv.rank, f"{lv.code} {lv.title}") for lv in levels],
            "role": [(r.pk, str(r.title)) for r in framework_roles(framework=framework)],
        }

    if framework.is_editable:
        return compute()
    key = f"framework-filters:{framework.pk}:{framework.updated_at.timestamp()}:{get_language()}"
    options = cache.get(key)
    if options is None:
        options = compute()
        cache.set(key, options, timeout=86400)
    return options


def framework_roles(*, framework: Framework) -> QuerySet[JobRole]:
    """The framework's roles, light: for the role filter."""
    return framework.roles.only(
        "id", "framework_id", "slug", "title", *(f"title_{code}" for code in LANGUAGE_CODES)
    ).order_by("position")


def competence_children(*, parent: Competence) -> QuerySet[Competence]:
    return _with_tree_flags(parent.children.all()).order_by("position", "code", "id")


@dataclass(frozen=True)
class CompetenceFilters:
    query: str = ""
    kind: str = ""
    area_id: int | None = None
    level_rank: int | None = None
    role_id: int | None = None
    parent_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.query or self.kind or self.area_id or self.level_rank or self.role_id)


#: Search results: broad nodes (areas, competences, groups) before the knowledge and skills under
#: them, then in the order of the tree.
KIND_RANK = Case(
    When(kind__in=("area", "skill_group", "occupation_group"), then=Value(0)),
    When(kind__in=("competence", "occupation"), then=Value(1)),
    default=Value(2),
)
TREE_ORDER = ("framework_id", "kind_rank", "code", "position", "id")


def competence_search(
    *,
    filters: CompetenceFilters,
    framework: Framework | None = None,
    ordering: tuple[str, ...] = TREE_ORDER,
    with_parent: bool = True,
) -> QuerySet[Competence]:
    """Competences matching the filters; the query matches any label in any language and ESCO
    alternative labels, whatever the case and accents. ``with_parent`` also loads each one's
    parent (pages name it; the API gives only its id)."""
    if with_parent:
        qs = Competence.objects.select_related("framework", "parent", "min_level", "max_level").only(
            *LIST_FIELDS
        )
    else:
        qs = Competence.objects.select_related("framework", "min_level", "max_level").only(
            *(name for name in LIST_FIELDS if not name.startswith("parent__"))
        )
    if framework is not None:
        qs = qs.filter(framework=framework)
    else:
        qs = qs.filter(framework__status__in=VISIBLE_STATUSES)
    if filters.query:
        for term in fold(filters.query).split():
            qs = qs.filter(search_text__contains=term)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.area_id:
        qs = qs.filter(area_id=filters.area_id)
    if filters.parent_id:
        qs = qs.filter(parent_id=filters.parent_id)
    if filters.level_rank:
        qs = qs.filter(min_level__rank__lte=filters.level_rank, max_level__rank__gte=filters.level_rank)
    if filters.role_id:
        required = RoleRequirement.objects.filter(role_id=filters.role_id).values("competence_id")
        qs = qs.filter(Q(pk__in=required) | Q(parent_id__in=required))
    if "kind_rank" in ordering:
        qs = qs.annotate(kind_rank=KIND_RANK)
    return qs.order_by(*ordering)


def _association_fields(end: str) -> tuple[str, ...]:
    """An association with only what the competence page shows of its other end (ESCO concepts
    have hundreds of links)."""
    return (
        "id", "kind", "source_id", "target_id", "target_uri",
        f"{end}__id", f"{end}__code", f"{end}__framework_id", *_titles(f"{end}__"),
        f"{end}__framework__id", *_titles(f"{end}__framework__"),
    )  # fmt: skip


def competence_detail(*, competence_id: int, include_drafts: bool = False) -> Competence:
    qs = Competence.objects.select_related(
        "framework", "framework__scale", "parent", "area", "min_level", "max_level"
    ).prefetch_related(
        Prefetch(
            "descriptors", queryset=LevelDescriptor.objects.select_related("level").order_by("level__rank")
        ),
        Prefetch(
            "children",
            queryset=Competence.objects.only(
                "id", "parent_id", "kind", "code", "position", *_TITLES
            ).order_by("position", "code", "id"),
        ),
        Prefetch(
            "associations_out",
            queryset=Association.objects.select_related("target", "target__framework")
            .only(*_association_fields("target"))
            .order_by("kind", "target_uri", "target__code", "target_id"),
        ),
        Prefetch(
            "associations_in",
            queryset=Association.objects.select_related("source", "source__framework")
            .only(*_association_fields("source"))
            .order_by("kind", "source__code", "source_id"),
        ),
        Prefetch(
            "requirements",
            queryset=RoleRequirement.objects.select_related("role", "role__framework", "level").order_by(
                "role__position"
            ),
        ),
    )
    if not include_drafts:
        qs = qs.filter(framework__status__in=VISIBLE_STATUSES)
    competence = qs.filter(pk=competence_id).first()
    if competence is None:
        raise Http404
    return competence


def competence_ancestors(*, competence: Competence) -> list[Competence]:
    """From the top-level node down to the parent (one query per level; trees are shallow)."""
    chain: list[Competence] = []
    node = competence.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def roles_list(*, framework: Framework | None = None) -> QuerySet[JobRole]:
    qs = JobRole.objects.select_related("framework", "eqf_level").filter(
        framework__status__in=VISIBLE_STATUSES
    )
    if framework is not None:
        qs = qs.filter(framework=framework)
    return qs.annotate(
        essential_count=Count(
            "requirements", filter=Q(requirements__importance=RoleRequirement.Importance.ESSENTIAL)
        ),
        requirement_count=Count("requirements"),
    ).order_by("framework__key", "-framework__published_at", "position", "slug")


def _titles(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{name}" for name in _TITLES)


#: What a role page shows of each requirement: light rows even with many requirements.
REQUIREMENT_PAGE_FIELDS = (
    "id", "role_id", "competence_id", "level_id", "importance",
    "competence__id", "competence__framework_id", "competence__area_id", "competence__code",
    "competence__position", *_titles("competence__"),
    "competence__area__id", "competence__area__code", "competence__area__position", *_titles("competence__area__"),
    "level__id", "level__code", "level__rank", *_titles("level__"),
)  # fmt: skip


def role_summary(*, slug: str, framework_slug: str | None = None) -> JobRole:
    """Just enough of a role to name it and to key its cached page (one light query)."""
    qs = (
        JobRole.objects.select_related("framework")
        .only(
            "id",
            "slug",
            "framework_id",
            "framework__slug",
            "framework__updated_at",
            "framework__published_at",
            *_TITLES,
        )
        .filter(slug=slug, framework__status__in=VISIBLE_STATUSES)
    )
    if framework_slug:
        qs = qs.filter(framework__slug=framework_slug)
    role = qs.order_by("-framework__published_at").first()
    if role is None:
        raise Http404
    return role


def role_get(*, slug: str, framework_slug: str | None = None, light: bool = True) -> JobRole:
    """The role in the given framework version, or in the newest published one that has it.

    ``light`` loads only what the pages show of each requirement; the API needs whole rows.
    """
    requirements = RoleRequirement.objects.order_by(
        "competence__area__position", "competence__position", "competence__code"
    )
    if light:
        requirements = requirements.select_related("competence", "competence__area", "level").only(
            *REQUIREMENT_PAGE_FIELDS
        )
    else:
        requirements = requirements.select_related(
            "competence", "competence__area", "competence__framework", "competence__min_level",
            "competence__max_level", "level",
        )  # fmt: skip
    qs = (
        JobRole.objects.select_related("framework", "eqf_level", "eqf_level__scale")
        .prefetch_related("occupations", Prefetch("requirements", queryset=requirements))
        .filter(slug=slug, framework__status__in=VISIBLE_STATUSES)
    )
    if framework_slug:
        qs = qs.filter(framework__slug=framework_slug)
    role = qs.order_by("-framework__published_at").first()
    if role is None:
        raise Http404
    return role


@dataclass
class RequirementGroup:
    area: Competence | None
    requirements: list[RoleRequirement]


def role_requirement_groups(*, role: JobRole) -> tuple[list[RequirementGroup], list[RoleRequirement]]:
    """The role's requirements in its own framework grouped by area, and its mappings to other
    frameworks (e-CF), from the prefetched requirements."""
    groups: dict[int | None, RequirementGroup] = {}
    external: list[RoleRequirement] = []
    for requirement in role.requirements.all():
        if requirement.competence.framework_id != role.framework_id:
            external.append(requirement)
            continue
        area = requirement.competence.area
        key = area.pk if area else None
        groups.setdefault(key, RequirementGroup(area=area, requirements=[])).requirements.append(requirement)
    return list(groups.values()), external


def roles_for_comparison(*, slugs: list[str]) -> list[JobRole]:
    roles = []
    for slug in dict.fromkeys(slugs):
        roles.append(role_get(slug=slug))
    return roles
