"""Issuing, the PDF and what happens to a certificate afterwards, with Celery eager."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification import pdf, services, verification
from certification.models import Certificate, CertificateEvent, IssuedPdf
from core.errors import ApplicationError
from tests.certification.conftest import sit
from tests.certification.factories import scheme_with_exam
from tests.certification.pdfcheck import pdf_fonts, pdf_text, qr_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def passed(learner):
    scheme, test, _competences = scheme_with_exam(min_score=60)
    sit(test, learner, right={"SC-A.1", "SC-B.1"})
    return scheme


def test_issuing_writes_the_certificate_and_the_pdf_in_the_holders_language(
    committed, passed, learner, certifier, settings
):
    certificate = committed(services.certificate_issue, scheme=passed, holder=learner, actor=certifier)
    certificate.refresh_from_db()
    assert certificate.serial == f"S4C-{certificate.issued_at.year}-{certificate.pk:06d}"
    assert len(certificate.code) >= 22  # 16 random bytes, base64url
    assert certificate.language == "bg"
    assert [c.competence.code for c in certificate.competences.order_by("competence__code")] == [
        "SC-A.1",
        "SC-B.1",
    ]
    assert certificate.pdf_status == Certificate.Pdf.READY
    data = certificate.pdf.read()
    text = pdf_text(data)
    assert "Мария Иванова" in text
    assert certificate.serial in text
    assert "Сертификат" in text  # the holder's language
    url = settings.SITE_URL + f"/bg/verify/{certificate.code}/"
    assert qr_codes(data) == [url]
    assert "DejaVu" in pdf_fonts(data) and "yes" in pdf_fonts(data)  # embedded
    assert list(certificate.events.values_list("action", flat=True)) == ["issued", "pdf_ready"]


def test_a_greek_name_renders_too(committed, passed, learner, certifier):
    learner.full_name = "Ελένη Γεωργίου"
    learner.preferred_language = "el"
    learner.save()
    certificate = committed(services.certificate_issue, scheme=passed, holder=learner, actor=certifier)
    certificate.refresh_from_db()
    assert "Ελένη Γεωργίου" in pdf_text(certificate.pdf.read())


def test_nothing_is_written_when_a_rule_fails(committed, learner, certifier):
    scheme, test, _ = scheme_with_exam(min_score=60)
    sit(test, learner, right={"SC-A.1"})  # 50 %
    with pytest.raises(ApplicationError, match="best score is 50%; you need at least 60%"):
        committed(services.certificate_issue, scheme=scheme, holder=learner, actor=certifier)
    assert not Certificate.objects.exists() and not CertificateEvent.objects.exists()


def test_nobody_issues_twice_or_to_themselves(committed, passed, learner, certifier):
    committed(services.certificate_issue, scheme=passed, holder=learner, actor=certifier)
    with pytest.raises(ApplicationError, match="already holds"):
        committed(services.certificate_issue, scheme=passed, holder=learner, actor=certifier)
    with pytest.raises(ApplicationError, match="themselves"):
        committed(services.certificate_issue, scheme=passed, holder=certifier, actor=certifier)
    assert Certificate.objects.count() == 1


def test_a_rendering_error_marks_the_pdf_failed_and_a_retry_makes_it(
    committed, passed, learner, certifier, monkeypatch
):
    real = pdf.render

    def broken(html):
        raise RuntimeError("font cache unreadable")

    monkeypatch.setattr(pdf, "render", broken)
    certificate = committed(services.certificate_issue, scheme=passed, holder=learner, actor=certifier)
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.Pdf.FAILED
    assert "font cache unreadable" in certificate.pdf_error
    monkeypatch.setattr(pdf, "render", real)
    committed(services.pdf_retry, certificate=certificate, actor=certifier)
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.Pdf.READY and certificate.pdf_error == ""
    assert list(certificate.events.values_list("action", flat=True)) == [
        "issued",
        "pdf_failed",
        "pdf_retry",
        "pdf_ready",
    ]


def test_the_same_task_twice_writes_one_pdf(committed, passed, learner, certifier, settings):
    from certification.tasks import generate_certificate_pdf

    certificate = committed(services.certificate_issue, scheme=passed, holder=learner, actor=certifier)
    generate_certificate_pdf.delay(certificate.pk)
    generate_certificate_pdf.delay(certificate.pk)
    assert IssuedPdf.objects.count() == 1
    assert len(list((settings.PRIVATE_MEDIA_ROOT / "certificates").rglob("*.pdf"))) == 1
    assert certificate.events.filter(action="pdf_ready").count() == 1


def test_revoke_renew_and_reissue_keep_the_code_and_the_history(
    committed, passed, learner, certifier, time_machine
):
    certificate = committed(services.certificate_issue, scheme=passed, holder=learner, actor=certifier)
    first_pdf = Certificate.objects.get(pk=certificate.pk).pdf.read()
    with pytest.raises(ApplicationError, match="continuing education"):
        committed(services.certificate_renew, certificate=certificate, actor=certifier, evidence="", hours=4)
    with pytest.raises(ApplicationError, match="at least 4 hours"):
        committed(
            services.certificate_renew, certificate=certificate, actor=certifier, evidence="Course", hours=2
        )
    previous_until = certificate.valid_until
    renewed = committed(
        services.certificate_renew,
        certificate=certificate,
        actor=certifier,
        evidence="IoT refresher",
        hours=6,
    )
    assert renewed.pk == certificate.pk and renewed.code == certificate.code
    assert renewed.valid_until > previous_until

    corrected = committed(
        services.certificate_reissue,
        certificate=renewed,
        actor=certifier,
        correction="Name spelt wrong",
        holder_name="Мария Петрова Иванова",
    )
    old = Certificate.objects.get(pk=certificate.pk)
    assert (corrected.code, corrected.serial, corrected.version) == (old.code, old.serial, 2)
    assert old.status == Certificate.Status.SUPERSEDED and old.superseded_by_id == corrected.pk
    corrected.refresh_from_db()
    assert "Мария Петрова Иванова" in pdf_text(corrected.pdf.read())
    # An earlier PDF still verifies as genuine, pointing at the current version.
    check = verification.check_file(SimpleUploadedFile("c.pdf", first_pdf), len(first_pdf))
    assert check.genuine and check.certificate.pk == corrected.pk and check.version == 1

    with pytest.raises(ApplicationError, match="Say why"):
        services.certificate_revoke(certificate=corrected, actor=certifier, reason=" ")
    revoked = services.certificate_revoke(certificate=corrected, actor=certifier, reason="Exam fraud")
    assert revoked.effective_status == "revoked"
    with pytest.raises(ApplicationError, match="superseded"):
        services.certificate_revoke(certificate=old, actor=certifier, reason="again")
    actions = list(
        CertificateEvent.objects.filter(certificate__code=old.code)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "issued",
        "pdf_ready",
        "renewed",
        "pdf_ready",
        "superseded",
        "reissued",
        "pdf_ready",
        "revoked",
    ]
    assert all(event.actor_id in (certifier.pk, None) for event in CertificateEvent.objects.all())


def test_expiry_follows_from_the_date(committed, passed, learner, certifier, time_machine):
    certificate = committed(services.certificate_issue, scheme=passed, holder=learner, actor=certifier)
    assert Certificate.objects.current().count() == 1
    time_machine.move_to(certificate.valid_until.isoformat() + "T12:00:00+00:00")
    assert Certificate.objects.current().count() == 1
    time_machine.shift(86400)
    certificate.refresh_from_db()
    assert certificate.effective_status == "expired"
    assert not Certificate.objects.current().exists()


def test_a_re_exam_renewal_needs_a_new_pass(committed, learner, certifier, time_machine):
    scheme, test, _ = scheme_with_exam(min_score=60, renewal="re_exam")
    test.wait_minutes = 0
    test.save()
    sit(test, learner, right={"SC-A.1", "SC-B.1"})
    certificate = committed(services.certificate_issue, scheme=scheme, holder=learner, actor=certifier)
    with pytest.raises(ApplicationError, match="passed again"):
        committed(services.certificate_renew, certificate=certificate, actor=certifier)
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=1))
    sit(test, learner, right={"SC-A.1", "SC-B.1"})
    assert (
        committed(services.certificate_renew, certificate=certificate, actor=certifier).valid_until
        > certificate.valid_from
    )
