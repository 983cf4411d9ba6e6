"""Certification: the rules for each job role, validation of prior learning, certificates and
their history.

- A :class:`CertificationScheme` holds the published rules for one role: required exams with
  minimum scores (overall and per competence area), required units, a prerequisite certificate,
  whether validation of prior learning may replace exam parts, validity and renewal.
- A :class:`ValidationCase` walks the four phases of validating non-formal and informal learning
  (identification, documentation, assessment, certification); a certifier decides each claimed
  competence, and accepted ones count towards eligibility.
- A :class:`Certificate` row is one version of a certificate. Renewing moves its dates; a
  correction writes a new version with the same serial and verification code and marks the old one
  superseded. Expiry follows from ``valid_until``: nothing needs to mark it.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competencies.models import Competence, JobRole, ProficiencyLevel
from curriculum.models import Test, Unit, private_storage


def today() -> datetime.date:
    return timezone.localdate()


def percent_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **kwargs,
    )


class CertificationScheme(models.Model):
    class Renewal(models.TextChoices):
        RE_EXAM = "re_exam", _("Pass the exam again")
        CONTINUING_EDUCATION = "continuing_education", _("Evidence of continuing education")

    role = models.OneToOneField(
        JobRole, verbose_name=_("job role"), related_name="scheme", on_delete=models.PROTECT
    )
    slug = models.SlugField(_("identifier"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    #: Editorial text published with the rules (the user guide's text format).
    rules_text = models.TextField(_("editorial text"), blank=True)
    min_area_score = percent_field(
        _("minimum score per competence area (%)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when only the overall score counts."),
    )
    required_units = models.ManyToManyField(
        Unit, verbose_name=_("required units"), related_name="schemes", blank=True
    )
    prerequisite = models.ForeignKey(
        "self",
        verbose_name=_("prerequisite certificate"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    validation_allowed = models.BooleanField(
        _("validation of prior learning may replace exam parts"), default=False
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    renewal = models.CharField(_("renewal"), max_length=24, choices=Renewal.choices)
    renewal_hours = models.PositiveSmallIntegerField(
        _("hours of continuing education for renewal"), default=0
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ("role__position", "slug")
        verbose_name = _("certification scheme")
        verbose_name_plural = _("certification schemes")

    def __str__(self) -> str:
        return self.title


class SchemeExam(models.Model):
    scheme = models.ForeignKey(CertificationScheme, related_name="exams", on_delete=models.CASCADE)
    test = models.ForeignKey(Test, verbose_name=_("exam"), related_name="+", on_delete=models.PROTECT)
    min_score = percent_field(_("minimum overall score (%)"))

    class Meta:
        ordering = ("scheme", "id")
        verbose_name = _("required exam")
        verbose_name_plural = _("required exams")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("scheme", "test"), name="certification_exam_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.test} ≥ {self.min_score}%"


class ValidationCase(models.Model):
    class Phase(models.TextChoices):
        IDENTIFICATION = "identification", _("Identification")
        DOCUMENTATION = "documentation", _("Documentation")
        ASSESSMENT = "assessment", _("Assessment")
        CERTIFICATION = "certification", _("Certification")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        related_name="validation_cases",
        on_delete=models.CASCADE,
    )
    scheme = models.ForeignKey(
        CertificationScheme, verbose_name=_("scheme"), related_name="cases", on_delete=models.PROTECT
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.IDENTIFICATION)
    statement = models.TextField(_("what you have learnt, and where"), blank=True)
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted for assessment"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        ordering = ("-opened_at", "-id")
        verbose_name = _("validation case")
        verbose_name_plural = _("validation cases")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("learner", "scheme"),
                condition=~Q(phase="certification"),
                name="certification_one_open_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.learner}"


class ValidationClaim(models.Model):
    """One competence a learner claims in a case, and the certifier's decision on it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not assessed yet")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    case = models.ForeignKey(ValidationCase, related_name="claims", on_delete=models.CASCADE)
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), related_name="+", on_delete=models.PROTECT
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    level = models.ForeignKey(
        ProficiencyLevel,
        verbose_name=_("level"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("case", "competence__code")
        verbose_name = _("claimed competence")
        verbose_name_plural = _("claimed competences")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("case", "competence"), name="certification_claim_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.decision})"


def evidence_name(instance: Any, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.{extension}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")
        DESCRIPTION = "description", _("Description")

    claim = models.ForeignKey(ValidationClaim, related_name="evidence", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_name, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    mime_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ("claim", "added_at", "id")
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name or self.url or self.description[:60]


def new_verification_code() -> str:
    """128 random bits, URL-safe (22 characters)."""
    return secrets.token_urlsafe(16)


def certificate_pdf_name(instance: Any, filename: str) -> str:
    return f"certificates/{secrets.token_hex(2)}/{secrets.token_urlsafe(24)}.pdf"


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def current(self) -> CertificateQuerySet:
        """Valid today: neither revoked, superseded nor past its date."""
        return self.filter(status=Certificate.Status.VALID, valid_until__gte=today())

    def latest_versions(self) -> CertificateQuerySet:
        return self.exclude(status=Certificate.Status.SUPERSEDED)


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    class Pdf(models.TextChoices):
        PENDING = "pending", _("PDF pending")
        READY = "ready", _("PDF ready")
        FAILED = "failed", _("PDF failed")

    serial = models.CharField(_("serial number"), max_length=32)
    code = models.CharField(_("verification code"), max_length=43, default=new_verification_code)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        related_name="certificates",
        on_delete=models.PROTECT,
    )
    holder_name = models.CharField(_("holder's name"), max_length=200)
    scheme = models.ForeignKey(
        CertificationScheme, verbose_name=_("scheme"), related_name="certificates", on_delete=models.PROTECT
    )
    framework_version = models.CharField(_("framework version"), max_length=64)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    #: Stored status: valid, revoked or superseded. Expiry is read from the date
    #: (:attr:`effective_status`).
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    correction = models.TextField(_("correction"), blank=True)
    listed_in_registry = models.BooleanField(_("listed in the public registry"), default=False)
    pdf = models.FileField(storage=private_storage, upload_to=certificate_pdf_name, blank=True)
    pdf_status = models.CharField(_("PDF"), max_length=8, choices=Pdf.choices, default=Pdf.PENDING)
    pdf_error = models.TextField(blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    pdf_generated_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ("-issued_at", "-id")
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("code", "version"), name="certification_code_version_unique"),
            models.UniqueConstraint(fields=("serial", "version"), name="certification_serial_version_unique"),
            models.UniqueConstraint(
                fields=("code",), condition=~Q(status="superseded"), name="certification_one_latest_version"
            ),
            # Expired certificates are renewed, not issued again.
            models.UniqueConstraint(
                fields=("holder", "scheme"),
                condition=Q(status="valid"),
                name="certification_one_valid_per_scheme",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=("pdf_status",), name="certification_pdf_status"),
            models.Index(fields=("pdf_sha256",), name="certification_pdf_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.serial} v{self.version}"

    @property
    def effective_status(self) -> str:
        if self.status == self.Status.VALID and self.valid_until < today():
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(self.Status(self.effective_status).label)


class CertificateCompetence(models.Model):
    """A competence a certificate attests, at a level, and how it was shown."""

    class Source(models.TextChoices):
        EXAM = "exam", _("Exam")
        VALIDATION = "validation", _("Validation of prior learning")

    certificate = models.ForeignKey(Certificate, related_name="competences", on_delete=models.CASCADE)
    competence = models.ForeignKey(Competence, related_name="+", on_delete=models.PROTECT)
    level = models.ForeignKey(ProficiencyLevel, related_name="+", on_delete=models.PROTECT)
    source = models.CharField(max_length=12, choices=Source.choices)

    class Meta:
        ordering = ("certificate", "competence__code")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("certificate", "competence"), name="certification_competence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence} {self.level.code}"


class IssuedPdf(models.Model):
    """The fingerprint of every PDF ever produced for a certificate version: an uploaded file is
    genuine only when its SHA-256 is here, so an edited or forged PDF never verifies."""

    certificate = models.ForeignKey(Certificate, related_name="pdfs", on_delete=models.CASCADE)
    sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("certificate", "created_at")

    def __str__(self) -> str:
        return self.sha256


class CertificateEvent(models.Model):
    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        PDF_READY = "pdf_ready", _("PDF generated")
        PDF_FAILED = "pdf_failed", _("PDF generation failed")
        PDF_RETRY = "pdf_retry", _("PDF generation retried")
        RENEWED = "renewed", _("Renewed")
        REISSUED = "reissued", _("Re-issued after a correction")
        SUPERSEDED = "superseded", _("Superseded by a corrected version")
        REVOKED = "revoked", _("Revoked")

    certificate = models.ForeignKey(Certificate, related_name="events", on_delete=models.CASCADE)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("at", "id")
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")

    def __str__(self) -> str:
        return f"{self.certificate} {self.action}"


class CertificateBatch(models.Model):
    """Certificates issued together by a certifier: a Celery task works through the candidates
    and the page shows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")

    scheme = models.ForeignKey(CertificationScheme, related_name="+", on_delete=models.PROTECT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)
    holder_ids = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    issued = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    #: One line per candidate: {"holder": id, "name": ..., "serial": ... or "reason": ...}.
    results = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.scheme})"

    @property
    def total(self) -> int:
        return len(self.holder_ids)

    @property
    def done(self) -> int:
        return self.issued + self.refused

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100
