"""Certificates end to end on PostgreSQL, Redis and a real Celery worker process: the learner
passes the exam, the certifier issues on the page, the worker writes the PDF; and when Redis is
down at issue time the certificate is kept and its PDF made once Redis is back."""

import subprocess
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection

from certification.models import Certificate, CertificateEvent, IssuedPdf
from certification.tasks import queue_pending_pdfs
from tests.certification.conftest import sit
from tests.certification.factories import scheme_with_exam
from tests.certification.pdfcheck import pdf_text, qr_codes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def wait_for_pdf(certificate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        certificate.refresh_from_db()
        if certificate.pdf_status != Certificate.Pdf.PENDING:
            return certificate
        time.sleep(0.3)
    raise AssertionError(f"the PDF of {certificate.serial} is still pending after {seconds} s")


@pytest.fixture
def worker_media(settings, celery_worker_process):
    settings.PRIVATE_MEDIA_ROOT = celery_worker_process.private_media
    return celery_worker_process


@pytest.fixture
def people(db):
    from accounts.roles import Role
    from tests.accounts.factories import UserFactory

    learner = UserFactory(roles=[Role.LEARNER], full_name="Ελένη Γεωργίου", preferred_language="el")
    certifier = UserFactory(roles=[Role.CERTIFIER])
    return learner, certifier


def test_pass_issue_and_the_worker_writes_a_pdf_that_verifies(worker_media, people, client):
    assert connection.vendor == "postgresql"
    learner, certifier = people
    scheme, test, _ = scheme_with_exam(min_score=60)
    sit(test, learner, right={"SC-A.1", "SC-B.1"})

    client.force_login(certifier)
    page = client.get(f"/en/certifier/candidates/?scheme={scheme.slug}")
    assert learner.full_name in page.content.decode()
    response = client.post("/en/certifier/candidates/", {"scheme": scheme.slug, "holders": [learner.pk]})
    assert response.status_code == 302
    certificate = wait_for_pdf(Certificate.objects.get(holder=learner))
    assert certificate.pdf_status == Certificate.Pdf.READY, certificate.pdf_error

    data = certificate.pdf.read()
    text = pdf_text(data)
    assert "Ελένη Γεωργίου" in text and certificate.serial in text
    url = qr_codes(data)[0]
    assert url == f"{django_settings.SITE_URL}/el/verify/{certificate.code}/"
    verified = client.get(urlsplit(url).path)
    assert verified.status_code == 200 and certificate.serial in verified.content.decode()


def redis_restart(stop_only=False):
    """Stop the test Redis (and start it again with the same settings)."""
    port = str(urlsplit(django_settings.REDIS_URL).port)
    cli = ["redis-cli", "-p", port]

    def config(name):
        return subprocess.run(
            [*cli, "config", "get", name], capture_output=True, text=True, check=True
        ).stdout.split("\n")[1]

    saved = {name: config(name) for name in ("pidfile", "dir", "logfile")}
    subprocess.run([*cli, "shutdown", "nosave"], capture_output=True, check=False)
    for _ in range(50):
        if subprocess.run([*cli, "ping"], capture_output=True, check=False).returncode != 0:
            break
        time.sleep(0.1)

    def start():
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--port", port, "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--pidfile", saved["pidfile"], "--dir", saved["dir"], "--logfile", saved["logfile"]],
            check=True,
        )  # fmt: skip
        for _ in range(100):
            if subprocess.run([*cli, "ping"], capture_output=True, check=False).returncode == 0:
                return
            time.sleep(0.1)
        raise AssertionError("Redis did not come back")

    return start


def test_redis_down_at_issue_time_loses_nothing(worker_media, people, settings):
    from certification import services

    learner, certifier = people
    scheme, test, _ = scheme_with_exam(min_score=60)
    sit(test, learner, right={"SC-A.1", "SC-B.1"})
    start_redis = redis_restart()
    try:
        started = time.monotonic()
        certificate = services.certificate_issue(scheme=scheme, holder=learner, actor=certifier)
        assert time.monotonic() - started < 15  # the broker being down does not hang the request
        certificate.refresh_from_db()
        assert certificate.pdf_status == Certificate.Pdf.PENDING
        assert CertificateEvent.objects.filter(certificate=certificate, action="issued").exists()
    finally:
        start_redis()
    settings.CERTIFICATE_PDF_SWEEP_AFTER_SECONDS = 0
    deadline = time.monotonic() + 30
    while not queue_pending_pdfs() and time.monotonic() < deadline:
        time.sleep(0.5)
    certificate = wait_for_pdf(certificate, seconds=90)
    assert certificate.pdf_status == Certificate.Pdf.READY
    # Delivered again (the sweep runs once more), still one PDF.
    services.queue_pdf(certificate.pk)
    time.sleep(2)
    assert IssuedPdf.objects.filter(certificate=certificate).count() == 1
