"""Reads of the curriculum, with their joins and prefetches applied."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from competencies.hooks import RoleLink
from competencies.models import Competence, JobRole
from curriculum.models import Course, LearningOutcome, Module, Unit

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
                        queryset=Unit.objects.prefetch_related(Prefetch("outcomes", queryset=outcomes)),
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
