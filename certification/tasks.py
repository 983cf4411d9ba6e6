"""Celery tasks of certification: thin wrappers around services."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from certification import pdf, services
from certification.models import Certificate, CertificateBatch


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
)
def generate_certificate_pdf(certificate_id: int) -> str:
    """Render one certificate's PDF. Delivered twice, it writes one PDF; a database outage is
    retried; a rendering error marks the PDF failed for a certifier to retry."""
    return pdf.generate(certificate_id)


@shared_task
def issue_batch(batch_id: int) -> int:
    """Issue the certificates of a batch; the batch page shows the progress."""
    return services.batch_run(batch_id).issued


@shared_task
def queue_pending_pdfs() -> int:
    """Run by Celery beat: certificates whose PDF is still pending a while after the last change
    (the broker was down when they were issued, or a worker died), and batches still waiting or
    stopped half-way (their task failed in an outage, or Redis lost its message), are queued
    again. Queuing a batch that is still running is harmless (see ``services.batch_run``)."""
    before = timezone.now() - datetime.timedelta(seconds=settings.CERTIFICATE_PDF_SWEEP_AFTER_SECONDS)
    pending = list(
        Certificate.objects.filter(pdf_status=Certificate.Pdf.PENDING, issued_at__lte=before).values_list(
            "pk", flat=True
        )
    )
    waiting = list(
        CertificateBatch.objects.filter(
            status__in=(CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING),
            created_at__lte=before,
        ).values_list("pk", flat=True)
    )
    return sum(services.queue_pdf(pk) for pk in pending) + sum(services.queue_batch(pk) for pk in waiting)
