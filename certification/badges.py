"""A certificate as a signed Open Badges 3.0 credential, the revocation list, and the issuer's
published key. The cryptography and the credential's shape are in :mod:`certification.credentials`;
this module says what a certificate states."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from certification import credentials
from certification.models import Certificate
from competencies.models import RoleOccupation

#: Credentials per status list (the W3C minimum size of a list, 16 KB of bits).
LIST_LENGTH = 131072
HOLDER_NAMESPACE = uuid.UUID("6f1c5d0e-43c5-4b5c-9a44-2b9d6e0b1c11")


def status_list_url(number: int) -> str:
    return settings.SITE_URL + reverse("credential-status", args=[number])


def credential_id(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("verify", args=[certificate.code]) + f"?version={certificate.version}"


def _end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone())


def facts(certificate: Certificate) -> credentials.CredentialFacts:
    scheme, role = certificate.scheme, certificate.scheme.role
    items = list(
        certificate.competences.select_related("competence__framework", "level").order_by("competence__code")
    )
    alignments = [
        credentials.Alignment(
            target_url=item.competence.uri or f"{settings.SITE_URL}/api/v1/competences/{item.competence_id}/",
            target_name=item.competence.title,
            target_type="CFItem",
            target_code=item.competence.code,
            target_framework=f"{item.competence.framework.title} {item.competence.framework.version}",
        )
        for item in items
    ]
    alignments += [
        credentials.Alignment(
            target_url=occupation.uri,
            target_name=occupation.title,
            target_type="ext:ESCOOccupation",
            target_framework="ESCO",
        )
        for occupation in RoleOccupation.objects.filter(role=role).order_by("position")
    ]
    alignments += [
        credentials.Alignment(
            target_url=target.uri or target_uri,
            target_name=target.title if target.title else target_uri,
            target_type=f"ext:{target.framework.key}",
            target_code=target.code,
            target_framework=target.framework.title,
        )
        for target, target_uri in _external_targets(items)
    ]
    with translation.override(certificate.language):
        return credentials.CredentialFacts(
            credential_id=credential_id(certificate),
            achievement_id=settings.SITE_URL + reverse("certification:scheme", args=[scheme.slug]),
            achievement_name=role.title,
            achievement_description=scheme.summary or scheme.title,
            criteria_narrative=scheme.title,
            holder_name=certificate.holder_name,
            holder_id=f"urn:uuid:{uuid.uuid5(HOLDER_NAMESPACE, str(certificate.holder_id))}",
            serial=certificate.serial,
            issued_at=certificate.issued_at,
            valid_until=_end_of(certificate.valid_until),
            language=certificate.language,
            alignments=tuple(alignments),
            status_list_url=status_list_url(certificate.pk // LIST_LENGTH),
            status_index=certificate.pk % LIST_LENGTH,
            competences=tuple((f"{i.competence.code} {i.competence.title}", i.level.code) for i in items),
        )


def _external_targets(items: list[Any]) -> list[tuple[Any, str]]:
    """e-CF and ESCO items the attested competences are mapped to."""
    from competencies.models import Association

    links = (
        Association.objects.filter(
            source_id__in=[item.competence_id for item in items],
            kind__in=[Association.Kind.EXACT_MATCH, Association.Kind.RELATED],
            target__isnull=False,
        )
        .exclude(target__framework_id=items[0].competence.framework_id if items else 0)
        .select_related("target__framework")
        .order_by("target__code")
    )
    seen: dict[int, tuple[Any, str]] = {}
    for link in links:
        if link.target is not None and (link.target.uri or link.target_uri):
            seen.setdefault(link.target.pk, (link.target, link.target_uri))
    return list(seen.values())


def signed_credential(certificate: Certificate) -> dict[str, Any]:
    return credentials.sign(credentials.build_credential(facts(certificate)))


def status_list(number: int) -> dict[str, Any] | None:
    highest = Certificate.objects.aggregate(highest=Max("pk"))["highest"] or 0
    if number < 0 or number > highest // LIST_LENGTH:
        return None
    start = number * LIST_LENGTH
    revoked = {
        pk - start
        for pk in Certificate.objects.filter(
            status=Certificate.Status.REVOKED, pk__gte=start, pk__lt=start + LIST_LENGTH
        ).values_list("pk", flat=True)
    }
    return credentials.status_list_credential(
        list_url=status_list_url(number), revoked=revoked, length=LIST_LENGTH, valid_from=timezone.now()
    )


def did_document() -> dict[str, Any]:
    return credentials.did_document()
