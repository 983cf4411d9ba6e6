"""Certificate PDFs: WeasyPrint renders a template in the holder's language with DejaVu fonts
(Latin, Cyrillic, Greek, embedded as subsets) and a QR code to the public verification page.

:func:`generate` is what the Celery task runs. It is idempotent: it locks the certificate row,
does nothing when the PDF is already there, and records the fingerprint of every PDF it writes so
that an uploaded copy can be checked. A rendering error marks the PDF failed, with the message for
certifiers, who can retry.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from typing import Any

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from certification.models import Certificate, CertificateEvent, IssuedPdf

logger = logging.getLogger(__name__)


def verification_url(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return settings.SITE_URL + reverse("certification:verify", args=[certificate.code])


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def certificate_context(certificate: Certificate) -> dict[str, Any]:
    scheme = certificate.scheme
    areas: OrderedDict[str, list[Any]] = OrderedDict()
    for item in certificate.competences.select_related("competence__area", "level").order_by(
        "competence__area__position", "competence__code"
    ):
        area = item.competence.area or item.competence
        areas.setdefault(f"{area.code} {area.title}", []).append(item)
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "scheme": scheme,
        "role": scheme.role,
        "areas": areas,
        "verification_url": url,
        "qr": qr_data_uri(url),
    }


def certificate_html(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return render_to_string("certification/certificate_pdf.html", certificate_context(certificate))


def render(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def generate(certificate_id: int) -> str:
    """Write the certificate's PDF unless it is there; returns the resulting PDF status."""
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("scheme__role")
            .filter(pk=certificate_id)
            .first()
        )
        if certificate is None:
            return "missing"
        if certificate.pdf_status == Certificate.Pdf.READY and certificate.pdf:
            return certificate.pdf_status
        started = time.perf_counter()
        try:
            html = certificate_html(certificate)
            prepared = time.perf_counter()
            data = render(html)
            rendered = time.perf_counter()
        except Exception as error:
            logger.exception("Rendering the PDF of certificate %s failed", certificate_id)
            certificate.pdf_status = Certificate.Pdf.FAILED
            certificate.pdf_error = f"{type(error).__name__}: {error}"[:2000]
            certificate.save(update_fields=["pdf_status", "pdf_error"])
            CertificateEvent.objects.create(
                certificate=certificate, action=CertificateEvent.Action.PDF_FAILED, note=certificate.pdf_error
            )
            return certificate.pdf_status
        old = (certificate.pdf.name or "") if certificate.pdf else ""
        digest = hashlib.sha256(data).hexdigest()
        certificate.pdf.save(f"{certificate.serial}.pdf", ContentFile(data), save=False)
        certificate.pdf_status = Certificate.Pdf.READY
        certificate.pdf_error = ""
        certificate.pdf_sha256 = digest
        certificate.pdf_size = len(data)
        certificate.pdf_generated_at = timezone.now()
        certificate.save(
            update_fields=["pdf", "pdf_status", "pdf_error", "pdf_sha256", "pdf_size", "pdf_generated_at"]
        )
        IssuedPdf.objects.bulk_create(
            [IssuedPdf(certificate=certificate, sha256=digest)], ignore_conflicts=True
        )
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateEvent.Action.PDF_READY, data={"sha256": digest}
        )
        written = certificate.pdf.name or ""
        logger.info(
            "PDF of certificate %s: HTML %.0f ms, WeasyPrint %.0f ms, storing %.0f ms",
            certificate.serial,
            1000 * (prepared - started),
            1000 * (rendered - prepared),
            1000 * (time.perf_counter() - rendered),
        )
        transaction.on_commit(lambda: _remove_replaced(old, written))
    return Certificate.Pdf.READY


def _remove_replaced(old: str, new: str) -> None:
    """A renewed certificate's earlier PDF file goes (its fingerprint stays for verification)."""
    if old and old != new:
        Certificate._meta.get_field("pdf").storage.delete(old)  # type: ignore[attr-defined]
