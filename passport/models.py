"""The skills passport and what city HR may see of it.

- ``SelfAssessment``: the level a person gives themselves on a competence; always shown as
  self-assessed and never counted as verified.
- ``Passport``: the person's switch for a public share link (a fresh unguessable token each time
  it is switched on).
- ``Department`` and ``StaffMember``: an organisation's departments, and for each member the
  department and the role HR wants them to grow into, plus the member's consent to share their
  passport with HR. Without consent a member is absent from every HR view.
"""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from competencies.models import Competence, JobRole, ProficiencyLevel


def new_share_token() -> str:
    return secrets.token_urlsafe(16)


class SelfAssessment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="self_assessments", on_delete=models.CASCADE
    )
    competence = models.ForeignKey(
        Competence, verbose_name=_("competence"), related_name="+", on_delete=models.CASCADE
    )
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("level"), related_name="+", on_delete=models.PROTECT
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ("user", "competence__code")
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("user", "competence"), name="passport_self_assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.competence} · {self.level.code}"


class Passport(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="passport", on_delete=models.CASCADE)
    #: Set while the public link is on; a new one each time it is switched on.
    share_token = models.CharField(_("share code"), max_length=43, null=True, blank=True, unique=True)
    shared_since = models.DateTimeField(_("shared since"), null=True, blank=True)

    class Meta:
        verbose_name = _("skills passport")
        verbose_name_plural = _("skills passports")

    def __str__(self) -> str:
        return str(self.user)


class Department(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="departments", on_delete=models.CASCADE
    )
    slug = models.SlugField(_("identifier"), max_length=80)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ("organisation", "name")
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("organisation", "slug"), name="passport_department_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffMemberQuerySet(models.QuerySet["StaffMember"]):
    def visible_to_hr(self, organisation_id: int) -> StaffMemberQuerySet:
        """Members of the organisation who consent to share, and still belong to it."""
        return self.filter(
            organisation_id=organisation_id,
            user__organisation_id=organisation_id,
            user__is_active=True,
            consent_given_at__isnull=False,
        )


class StaffMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="staff_record", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="staff", on_delete=models.CASCADE
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        related_name="staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    target_role = models.ForeignKey(
        JobRole,
        verbose_name=_("target role"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    #: When the member agreed to share their passport with their organisation's HR; empty when not.
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        ordering = ("organisation", "user__full_name")
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        indexes: ClassVar = [
            models.Index(fields=("organisation", "consent_given_at"), name="passport_staff_consent_idx"),
        ]

    def __str__(self) -> str:
        return str(self.user)
