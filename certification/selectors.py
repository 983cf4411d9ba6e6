"""Reads for the certification pages and API, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import Role
from certification.models import (
    Certificate,
    CertificateCompetence,
    CertificateEvent,
    CertificationScheme,
    Evidence,
    SchemeExam,
    ValidationCase,
    ValidationClaim,
)
from competencies.models import RoleRequirement


def schemes_published() -> QuerySet[CertificationScheme]:
    return (
        CertificationScheme.objects.filter(is_published=True)
        .select_related("role", "prerequisite")
        .prefetch_related(
            Prefetch("exams", queryset=SchemeExam.objects.select_related("test")),
            "required_units",
        )
    )


def scheme_get(slug: str) -> CertificationScheme:
    scheme = schemes_published().filter(slug=slug).first()
    if scheme is None:
        raise Http404
    return scheme


def scheme_requirements(scheme: CertificationScheme) -> list[RoleRequirement]:
    return list(
        RoleRequirement.objects.filter(role_id=scheme.role_id)
        .select_related("competence__area", "level")
        .order_by("competence__code")
    )


def _certificates() -> QuerySet[Certificate]:
    return Certificate.objects.select_related("scheme__role", "holder").prefetch_related(
        Prefetch(
            "competences",
            queryset=CertificateCompetence.objects.select_related("competence__area", "level").order_by(
                "competence__code"
            ),
        )
    )


def certificates_of(holder: User) -> QuerySet[Certificate]:
    return _certificates().filter(holder=holder).exclude(status=Certificate.Status.SUPERSEDED)


def may_see_certificate(user: Any, certificate: Certificate) -> bool:
    """Holder, certifiers and admins."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.pk == certificate.holder_id or user.has_role(Role.CERTIFIER))


def certificate_get(*, user: Any, certificate_id: int) -> Certificate:
    """404 for anyone who may not see it: its existence is not disclosed."""
    certificate = _certificates().filter(pk=certificate_id).first()
    if certificate is None or not may_see_certificate(user, certificate):
        raise Http404
    return certificate


def certificates_for_certifier(*, status: str = "", pdf: str = "", query: str = "") -> QuerySet[Certificate]:
    certificates = _certificates().exclude(status=Certificate.Status.SUPERSEDED)
    if status == Certificate.Status.EXPIRED:
        certificates = certificates.filter(status=Certificate.Status.VALID, valid_until__lt=_today())
    elif status == Certificate.Status.VALID:
        certificates = certificates.filter(status=Certificate.Status.VALID, valid_until__gte=_today())
    elif status:
        certificates = certificates.filter(status=status)
    if pdf:
        certificates = certificates.filter(pdf_status=pdf)
    if query:
        certificates = certificates.filter(Q(serial__icontains=query) | Q(holder_name__icontains=query))
    return certificates


def _today() -> Any:
    from certification.models import today

    return today()


def history(certificate: Certificate) -> list[CertificateEvent]:
    return list(
        CertificateEvent.objects.filter(certificate__code=certificate.code)
        .select_related("actor", "certificate")
        .order_by("at", "id")
    )


def versions(certificate: Certificate) -> list[Certificate]:
    return list(Certificate.objects.filter(code=certificate.code).order_by("version"))


def registry(role_slug: str = "") -> list[tuple[CertificationScheme, list[Certificate]]]:
    """Certified roles and the holders who chose to be listed, with current certificates only."""
    schemes = list(
        CertificationScheme.objects.filter(is_published=True)
        .select_related("role")
        .annotate(
            holders=Count(
                "certificates",
                filter=Q(
                    certificates__status=Certificate.Status.VALID, certificates__valid_until__gte=_today()
                ),
            )
        )
    )
    listed = (
        Certificate.objects.current()
        .filter(listed_in_registry=True, scheme__is_published=True)
        .only("id", "serial", "code", "holder_name", "scheme_id", "valid_until", "language")
        .order_by("holder_name")
    )
    if role_slug:
        schemes = [s for s in schemes if s.role.slug == role_slug]
        listed = listed.filter(scheme__role__slug=role_slug)
    by_scheme: dict[int, list[Certificate]] = {}
    for certificate in listed:
        by_scheme.setdefault(certificate.scheme_id, []).append(certificate)
    return [(scheme, by_scheme.get(scheme.pk, [])) for scheme in schemes]


def cases_of(learner: User) -> QuerySet[ValidationCase]:
    return ValidationCase.objects.filter(learner=learner).select_related("scheme")


def _case_detail() -> QuerySet[ValidationCase]:
    return ValidationCase.objects.select_related("scheme__role", "learner", "assessor").prefetch_related(
        Prefetch(
            "claims",
            queryset=ValidationClaim.objects.select_related("competence", "level").prefetch_related(
                Prefetch("evidence", queryset=Evidence.objects.order_by("added_at", "id"))
            ),
        )
    )


def case_get(*, user: Any, case_id: int) -> ValidationCase:
    """The learner's own case, or any case for certifiers; 404 otherwise."""
    case = _case_detail().filter(pk=case_id).first()
    if case is None:
        raise Http404
    if case.learner_id != user.pk and not (user.is_superuser or user.has_role(Role.CERTIFIER)):
        raise Http404
    return case


def cases_awaiting_assessment() -> QuerySet[ValidationCase]:
    return (
        ValidationCase.objects.filter(phase=ValidationCase.Phase.ASSESSMENT)
        .select_related("scheme", "learner")
        .annotate(claim_count=Count("claims"))
        .order_by("submitted_at", "id")
    )


def evidence_get(*, user: Any, evidence_id: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("claim__case").filter(pk=evidence_id, kind=Evidence.Kind.FILE).first()
    )
    if evidence is None:
        raise Http404
    case = evidence.claim.case
    if case.learner_id != user.pk and not (user.is_superuser or user.has_role(Role.CERTIFIER)):
        raise Http404
    return evidence
