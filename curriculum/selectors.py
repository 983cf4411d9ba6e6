"""Reads of the curriculum, with their joins and prefetches applied."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from competencies.hooks import RoleLink
from competencies.models import Competence, JobRole
from competencies.search import fold
from curriculum.models import (
    Attempt,
    BlueprintRule,
    Course,
    GuidePage,
    LearningOutcome,
    Material,
    MaterialVersion,
    Module,
    Test,
    Unit,
)

TITLE_FIELDS = ("title", "title_en", "title_bg", "title_ro", "title_de", "title_es", "title_el")


def courses_published() -> QuerySet[Course]:
    units = (
        Unit.objects.filter(module__course=OuterRef("pk"))
        .order_by()
        .values("module__course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Course.objects.filter(is_published=True)
        .select_related("role", "eqf_level")
        .annotate(unit_count=Coalesce(Subquery(units), 0))
        .order_by("code")
    )


def course_get(*, slug: str) -> Course:
    outcomes = LearningOutcome.objects.select_related("level").prefetch_related(
        Prefetch(
            "competences",
            queryset=Competence.objects.only("id", "framework_id", "code", *TITLE_FIELDS).order_by("code"),
        )
    )
    course = (
        Course.objects.filter(slug=slug, is_published=True)
        .select_related("role", "role__framework", "eqf_level")
        .prefetch_related(
            Prefetch(
                "modules",
                queryset=Module.objects.prefetch_related(
                    Prefetch(
                        "units",
                        queryset=Unit.objects.prefetch_related(
                            Prefetch("outcomes", queryset=outcomes),
                            Prefetch(
                                "materials",
                                queryset=Material.objects.filter(status=Material.Status.APPROVED)
                                .select_related("approved_version")
                                .order_by("title", "id"),
                                to_attr="approved_materials",
                            ),
                        ),
                    )
                ),
            )
        )
        .first()
    )
    if course is None:
        raise Http404
    return course


def units_published() -> QuerySet[Unit]:
    return (
        Unit.objects.filter(module__course__is_published=True)
        .select_related("module", "module__course")
        .order_by("module__course__code", "module__position", "position")
    )


def unit_get(*, unit_id: int) -> Unit:
    unit = (
        units_published()
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=LearningOutcome.objects.select_related("level").prefetch_related(
                    Prefetch("competences", queryset=Competence.objects.only("id", "code", *TITLE_FIELDS))
                ),
            )
        )
        .filter(pk=unit_id)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def course_links_for_role(role: JobRole) -> list[RoleLink]:
    """The published courses that prepare for a role (shown on the role page)."""
    return [
        RoleLink(
            label=_("Course"), title=course.title, url=reverse("curriculum:course_detail", args=[course.slug])
        )
        for course in Course.objects.filter(role_id=role.pk, is_published=True).only("slug", *TITLE_FIELDS)
    ]


# --- Learning materials -----------------------------------------------------------------------


def materials_visible_to(*, user: Any) -> QuerySet[Material]:
    """Approved materials for every signed-in user; a trainer also sees their own; framework
    editors also see what waits for review. Others' drafts stay hidden."""
    if not user.is_authenticated:
        return Material.objects.none()
    visible = Q(status=Material.Status.APPROVED) | Q(uploader=user)
    if user.has_role(Role.FRAMEWORK_EDITOR):
        visible |= Q(status=Material.Status.SUBMITTED)
    return (
        Material.objects.filter(visible)
        .select_related("unit", "unit__module", "unit__module__course", "uploader", "approved_version")
        .order_by("unit__module__course__code", "unit__module__position", "unit__position", "title", "id")
    )


def material_get(*, user: Any, material_id: int) -> Material:
    """A material the user may see, or 404 (whether missing or hidden)."""
    material = materials_visible_to(user=user).filter(pk=material_id).first()
    if material is None:
        raise Http404
    return material


def material_download_version(*, user: Any, material: Material) -> MaterialVersion | None:
    """What the user downloads: the uploader and reviewers get the newest version, everyone else
    the approved one."""
    if material.uploader_id == getattr(user, "pk", None) or (
        material.status == Material.Status.SUBMITTED and user.has_role(Role.FRAMEWORK_EDITOR)
    ):
        return material.versions.order_by("-number").first()
    return material.approved_version


def materials_of_trainer(*, user: Any) -> QuerySet[Material]:
    return (
        Material.objects.filter(uploader=user)
        .select_related("unit", "unit__module__course", "approved_version")
        .annotate(version_count=Count("versions"))
        .order_by("-created_at", "-id")
    )


def materials_awaiting_review() -> QuerySet[Material]:
    return (
        Material.objects.filter(status=Material.Status.SUBMITTED)
        .select_related("unit", "unit__module__course", "uploader")
        .order_by("created_at", "id")
    )


def units_for_choice() -> QuerySet[Unit]:
    return (
        Unit.objects.filter(module__course__is_published=True)
        .select_related("module__course")
        .order_by("module__course__code", "module__position", "position")
    )


# --- User guide -------------------------------------------------------------------------------


def guide_pages(*, query: str = "") -> QuerySet[GuidePage]:
    """The guide's pages; with a query, those whose text in any language contains every word."""
    qs = GuidePage.objects.defer("search_text").order_by("position", "slug")
    for term in fold(query).split():
        qs = qs.filter(search_text__contains=term)
    return qs


def guide_page_get(*, slug: str) -> GuidePage:
    page = GuidePage.objects.defer("search_text").filter(slug=slug).first()
    if page is None:
        raise Http404
    return page


# --- Tests ------------------------------------------------------------------------------------


def tests_published(*, user: Any) -> QuerySet[Test]:
    """Published tests with how many questions they draw and how many attempts the user has
    finished or started (two annotations: one query whatever the number of tests)."""
    rules = (
        BlueprintRule.objects.filter(test=OuterRef("pk"))
        .values("test")
        .annotate(total=Sum("count"))
        .values("total")
    )
    mine = (
        Attempt.objects.filter(test=OuterRef("pk"), learner_id=getattr(user, "pk", None))
        .values("test")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Test.objects.filter(is_published=True)
        .select_related("role")
        .annotate(
            question_count=Coalesce(Subquery(rules), 0),
            my_attempt_count=Coalesce(Subquery(mine), 0),
        )
        .order_by("role__position", "kind", "slug")
    )
