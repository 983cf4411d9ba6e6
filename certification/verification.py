"""Public verification: what anyone may learn about a certificate from its code, a PDF copy or a
signed credential file, and the limit on guessing codes.

A PDF is genuine only when its SHA-256 is one the platform produced (:class:`IssuedPdf`): an edited
copy carrying a real code does not verify. A credential file is checked by its signature.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from certification.models import Certificate, CertificateCompetence, CertificateEvent, IssuedPdf

CODE = re.compile(r"^[A-Za-z0-9_-]{16,43}$")
MAX_CHECK_FILE = 10 * 1024 * 1024


def _base() -> Any:
    return Certificate.objects.select_related("scheme__role", "superseded_by").prefetch_related(
        Prefetch(
            "competences",
            queryset=CertificateCompetence.objects.select_related("competence__area", "level").order_by(
                "competence__area__position", "competence__code"
            ),
        )
    )


def by_code(code: str) -> Certificate | None:
    """The latest version of the certificate with this code."""
    if not CODE.match(code):
        return None
    return _base().filter(code=code).order_by("-version").first()


def renewals(certificate: Certificate) -> list[CertificateEvent]:
    return list(
        CertificateEvent.objects.filter(
            certificate__code=certificate.code, action=CertificateEvent.Action.RENEWED
        ).order_by("at")
    )


# --- Guessing limit -------------------------------------------------------------------------------


def _miss_key(client: str) -> str:
    return f"verify-miss:{client}"


def guessing_blocked(client: str) -> bool:
    return int(cache.get(_miss_key(client), 0)) >= settings.VERIFY_MISSES_ALLOWED


def record_miss(client: str) -> None:
    key = _miss_key(client)
    if cache.add(key, 1, timeout=settings.VERIFY_MISS_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.VERIFY_MISS_WINDOW_SECONDS)


def client_of(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


# --- Checking a file --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileCheck:
    genuine: bool
    message: str
    certificate: Certificate | None = None
    #: The version in the file, when it is not the latest one.
    version: int | None = None


def check_file(handle: IO[bytes], size: int) -> FileCheck:
    """A PDF or a credential (JSON) file: genuine or not, and which certificate it is."""
    if size == 0:
        return FileCheck(False, _("The file is empty."))
    if size > MAX_CHECK_FILE:
        return FileCheck(False, _("The file is larger than 10 MB: it is not a certificate of this platform."))
    data = handle.read(MAX_CHECK_FILE + 1)
    if data.startswith(b"%PDF-"):
        return _check_pdf(data)
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return FileCheck(False, _("This is neither a PDF nor a credential file (JSON)."))
    return _check_credential(document)


def _check_pdf(data: bytes) -> FileCheck:
    digest = hashlib.sha256(data).hexdigest()
    issued = IssuedPdf.objects.filter(sha256=digest).select_related("certificate").first()
    if issued is None:
        return FileCheck(
            False,
            _("This PDF was not produced by the platform, or it was changed afterwards: it is not genuine."),
        )
    return _found(issued.certificate)


def _check_credential(document: Any) -> FileCheck:
    from certification import credentials

    if not isinstance(document, dict) or not credentials.verify(document):
        return FileCheck(False, _("The credential's signature does not verify: the file is not genuine."))
    match = re.search(r"/verify/([A-Za-z0-9_-]{16,43})/\?version=(\d+)$", str(document.get("id", "")))
    certificate = None
    if match:
        certificate = Certificate.objects.filter(code=match.group(1), version=int(match.group(2))).first()
    if certificate is None:
        return FileCheck(False, _("The signature is ours but the certificate is unknown."))
    return _found(certificate)


def _found(version: Certificate) -> FileCheck:
    latest = by_code(version.code) or version
    if latest.pk != version.pk:
        return FileCheck(
            True,
            _("Genuine, but an earlier version (%(old)s): it was superseded by version %(new)s.")
            % {"old": version.version, "new": latest.version},
            latest,
            version.version,
        )
    return FileCheck(True, _("Genuine: this file was issued by the platform."), latest)


def public_facts(certificate: Certificate) -> dict[str, Any]:
    """What anyone may read about a certificate: the same for the page and the API."""
    status = certificate.effective_status
    return {
        "serial": certificate.serial,
        "version": certificate.version,
        "status": status,
        "status_label": str(Certificate.Status(status).label),
        "holder_name": certificate.holder_name,
        "scheme": certificate.scheme.title,
        "role": certificate.scheme.role.title,
        "framework_version": certificate.framework_version,
        "issued_at": certificate.issued_at,
        "valid_from": certificate.valid_from,
        "valid_until": certificate.valid_until,
        "revoked_at": certificate.revoked_at if status == Certificate.Status.REVOKED else None,
        "superseded_by": certificate.superseded_by.version if certificate.superseded_by else None,
        "issuer": "Skills4Cities",
        "competences": [
            {
                "area": (item.competence.area or item.competence).title,
                "code": item.competence.code,
                "title": item.competence.title,
                "level": item.level.code,
                "source": item.source,
            }
            for item in certificate.competences.all()
        ],
    }
