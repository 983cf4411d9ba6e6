"""Trainers and training organisations, the published quality criteria they must meet, and their
accreditation for a job role.

An accreditation is applied for with evidence per criterion, decided by a certifier criterion by
criterion, and holds until its ``valid_until`` date: from the next day it no longer counts,
whether or not anybody marks it expired (:meth:`AccreditationQuerySet.current`).
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.countries import Country
from accounts.models import Organisation
from competencies.models import JobRole


def today() -> datetime.date:
    return timezone.localdate()


class TeachesLanguages:
    languages: list[str]

    @property
    def language_names(self) -> list[str]:
        """The languages taught, each named in itself (Български, Ελληνικά …)."""
        return [translation.get_language_info(code)["name_local"] for code in self.languages]


class TrainingOrganisation(TeachesLanguages, models.Model):
    """The training-provider side of an :class:`accounts.models.Organisation`."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        related_name="training_profile",
        on_delete=models.CASCADE,
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    #: Codes of the platform's languages the organisation teaches in.
    languages = models.JSONField(_("languages taught"), default=list, blank=True)

    class Meta:
        ordering = ("organisation__name",)
        verbose_name = _("training organisation")
        verbose_name_plural = _("training organisations")

    def __str__(self) -> str:
        return str(self.organisation)


class TrainerProfile(TeachesLanguages, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="trainer_profile",
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        TrainingOrganisation,
        verbose_name=_("training organisation"),
        related_name="trainers",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    bio = models.TextField(_("about me"), blank=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    #: Codes of the platform's languages the trainer teaches in.
    languages = models.JSONField(_("languages taught"), default=list, blank=True)

    class Meta:
        ordering = ("user__full_name", "id")
        verbose_name = _("trainer profile")
        verbose_name_plural = _("trainer profiles")

    def __str__(self) -> str:
        return str(self.user)


class QualityCriterion(models.Model):
    class AppliesTo(models.TextChoices):
        TRAINER = "trainer", _("Trainers")
        ORGANISATION = "organisation", _("Training organisations")

    code = models.CharField(_("code"), max_length=16, unique=True)
    applies_to = models.CharField(_("applies to"), max_length=16, choices=AppliesTo.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ("applies_to", "position", "code")
        verbose_name = _("quality criterion")
        verbose_name_plural = _("quality criteria")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class AccreditationQuerySet(models.QuerySet["Accreditation"]):
    def current(self, on: datetime.date | None = None) -> AccreditationQuerySet:
        """Accredited and not past its date: what the public registry lists."""
        return self.filter(status=Accreditation.Status.ACCREDITED, valid_until__gte=on or today())


class Accreditation(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACCREDITED = "accredited", _("Accredited")
        REFUSED = "refused", _("Refused")
        SUSPENDED = "suspended", _("Suspended")
        EXPIRED = "expired", _("Expired")

    #: Statuses of an application that is still alive: one per applicant and role.
    OPEN: ClassVar[tuple[str, ...]] = (Status.APPLIED, Status.ACCREDITED, Status.SUSPENDED)

    #: Exactly one of trainer and organisation is the applicant.
    trainer = models.ForeignKey(
        TrainerProfile,
        verbose_name=_("trainer"),
        related_name="accreditations",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        TrainingOrganisation,
        verbose_name=_("training organisation"),
        related_name="accreditations",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    role = models.ForeignKey(
        JobRole, verbose_name=_("job role"), related_name="accreditations", on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.APPLIED)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    applied_at = models.DateTimeField(_("applied on"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    #: The certifier's reasons (required when refusing or suspending).
    decision_note = models.TextField(_("decision note"), blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = AccreditationQuerySet.as_manager()

    class Meta:
        ordering = ("-applied_at", "-id")
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(trainer__isnull=False, organisation__isnull=True)
                | Q(trainer__isnull=True, organisation__isnull=False),
                name="trainers_accreditation_one_applicant",
            ),
            models.CheckConstraint(
                condition=~Q(status="accredited") | Q(valid_until__isnull=False),
                name="trainers_accreditation_accredited_has_date",
            ),
            models.UniqueConstraint(
                fields=("trainer", "role"),
                condition=Q(status__in=("applied", "accredited", "suspended")),
                name="trainers_accreditation_one_open_per_trainer",
            ),
            models.UniqueConstraint(
                fields=("organisation", "role"),
                condition=Q(status__in=("applied", "accredited", "suspended")),
                name="trainers_accreditation_one_open_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} — {self.role}"

    @property
    def applicant(self) -> TrainerProfile | TrainingOrganisation:
        return self.trainer if self.trainer_id else self.organisation  # type: ignore[return-value]

    @property
    def applies_to(self) -> str:
        return (
            QualityCriterion.AppliesTo.TRAINER if self.trainer_id else QualityCriterion.AppliesTo.ORGANISATION
        )

    @property
    def effective_status(self) -> str:
        """The status as of today: an accreditation past its date is expired even before the
        nightly task writes it down."""
        if self.status == self.Status.ACCREDITED and self.valid_until and self.valid_until < today():
            return self.Status.EXPIRED
        return self.status

    def get_effective_status_display(self) -> str:
        return str(self.Status(self.effective_status).label)


class CriterionAssessment(models.Model):
    """The applicant's evidence for one criterion and the certifier's decision on it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not yet assessed")
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")

    accreditation = models.ForeignKey(Accreditation, related_name="assessments", on_delete=models.CASCADE)
    criterion = models.ForeignKey(
        QualityCriterion, verbose_name=_("criterion"), related_name="+", on_delete=models.PROTECT
    )
    evidence = models.TextField(_("evidence"))
    evidence_url = models.URLField(_("link to evidence"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    comment = models.TextField(_("assessor's comment"), blank=True)

    class Meta:
        ordering = ("criterion__position", "criterion__code")
        verbose_name = _("criterion assessment")
        verbose_name_plural = _("criterion assessments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("accreditation", "criterion"), name="trainers_assessment_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.accreditation} — {self.criterion.code}"
