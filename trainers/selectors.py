"""Reads about trainers, training organisations and accreditation.

Registry lists cost a fixed number of queries whatever their length: the applicant with its user
or organisation in one query, their current accreditations with roles in one more.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.roles import Role
from competencies.models import Framework, JobRole
from trainers.models import (
    Accreditation,
    CriterionAssessment,
    QualityCriterion,
    TrainerProfile,
    TrainingOrganisation,
    today,
)


def criteria_published(*, applies_to: str | None = None) -> QuerySet[QualityCriterion]:
    qs = QualityCriterion.objects.filter(is_published=True)
    if applies_to:
        qs = qs.filter(applies_to=applies_to)
    return qs.order_by("applies_to", "position", "code")


def registry_roles() -> QuerySet[JobRole]:
    """The roles one may be accredited for: those of published frameworks."""
    return (
        JobRole.objects.filter(framework__status=Framework.Status.PUBLISHED)
        .select_related("framework")
        .order_by("framework__key", "position", "slug")
    )


def _current(role: str | None) -> QuerySet[Accreditation]:
    qs = Accreditation.objects.current()
    return qs.filter(role__slug=role) if role else qs


def _with_current_accreditations(role: str | None) -> Prefetch:
    return Prefetch(
        "accreditations",
        queryset=_current(role).select_related("role").order_by("role__position", "role__slug"),
        to_attr="current_accreditations",
    )


def _language_filter(field: str, language: str | None) -> Q:
    # JSON lists of language codes: the quoted code matches one element exactly.
    return Q(**{f"{field}__icontains": f'"{language}"'}) if language else Q()


def registry_trainers(
    *, role: str | None = None, country: str | None = None, language: str | None = None
) -> QuerySet[TrainerProfile]:
    """Trainers holding a current accreditation (for ``role`` if given)."""
    qs = TrainerProfile.objects.filter(Exists(_current(role).filter(trainer=OuterRef("pk"))))
    if country:
        qs = qs.filter(country=country)
    return (
        qs.filter(_language_filter("languages", language))
        .select_related("user", "organisation__organisation")
        .prefetch_related(_with_current_accreditations(role))
        .order_by("user__full_name", "id")
    )


def registry_organisations(
    *, role: str | None = None, country: str | None = None, language: str | None = None
) -> QuerySet[TrainingOrganisation]:
    """Training organisations holding a current accreditation (for ``role`` if given)."""
    qs = TrainingOrganisation.objects.filter(Exists(_current(role).filter(organisation=OuterRef("pk"))))
    if country:
        qs = qs.filter(organisation__country=country)
    return (
        qs.filter(_language_filter("languages", language))
        .select_related("organisation")
        .prefetch_related(_with_current_accreditations(role))
        .order_by("organisation__name", "id")
    )


def trainer_profile_of(*, user: Any) -> TrainerProfile | None:
    return TrainerProfile.objects.select_related("organisation__organisation").filter(user=user).first()


def _with_assessments(qs: QuerySet[Accreditation]) -> QuerySet[Accreditation]:
    return qs.select_related(
        "role", "trainer__user", "organisation__organisation", "decided_by", "applied_by"
    ).prefetch_related(
        Prefetch("assessments", queryset=CriterionAssessment.objects.select_related("criterion"))
    )


def accreditations_visible_to(*, user: Any) -> QuerySet[Accreditation]:
    """Certifiers see every accreditation; trainers their own and their organisation's."""
    qs = Accreditation.objects.all()
    if not (user.is_superuser or user.has_role(Role.CERTIFIER)):
        mine = Q(trainer__user=user) | Q(applied_by=user)
        if user.organisation_id:
            mine |= Q(organisation__organisation_id=user.organisation_id)
        qs = qs.filter(mine)
    return _with_assessments(qs).order_by("-applied_at", "-id")


def effective_status_is(status: str) -> Q:
    """Accreditations whose status as of today is ``status`` (past its date counts as expired)."""
    past = Q(
        status__in=(Accreditation.Status.ACCREDITED, Accreditation.Status.SUSPENDED), valid_until__lt=today()
    )
    if status == Accreditation.Status.EXPIRED:
        return Q(status=status) | past
    if status in (Accreditation.Status.ACCREDITED, Accreditation.Status.SUSPENDED):
        return Q(status=status) & ~past
    return Q(status=status)


def accreditation_get(*, user: Any, accreditation_id: int) -> Accreditation:
    """An accreditation the user may see, or 404 (whether missing or not theirs)."""
    accreditation = accreditations_visible_to(user=user).filter(pk=accreditation_id).first()
    if accreditation is None:
        raise Http404
    return accreditation


def accreditations_awaiting_decision() -> QuerySet[Accreditation]:
    return (
        Accreditation.objects.filter(status=Accreditation.Status.APPLIED)
        .select_related("role", "trainer__user", "organisation__organisation")
        .order_by("applied_at", "id")
    )


def accreditations_in_force() -> QuerySet[Accreditation]:
    """Accredited or suspended and not past their date: what a certifier may suspend or reinstate."""
    return (
        Accreditation.objects.filter(
            status__in=(Accreditation.Status.ACCREDITED, Accreditation.Status.SUSPENDED),
            valid_until__gte=today(),
        )
        .select_related("role", "trainer__user", "organisation__organisation")
        .order_by("valid_until", "id")
    )
