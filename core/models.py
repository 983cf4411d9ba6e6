"""The audit log: who did which sensitive thing, when. Written by the services, never changed."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditLogIsAppendOnly("audit entries cannot be changed")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One sensitive action. The actor and the object are copied as text as well as ids, so an
    entry still says who and what after the user or the object is gone; there are no foreign keys
    that a deletion could cascade into. On PostgreSQL a trigger refuses UPDATE and DELETE."""

    class Action(models.TextChoices):
        CERTIFICATE_ISSUED = "certificate.issued", _("Certificate issued")
        CERTIFICATE_REVOKED = "certificate.revoked", _("Certificate revoked")
        CERTIFICATE_RENEWED = "certificate.renewed", _("Certificate renewed")
        CERTIFICATE_REISSUED = "certificate.reissued", _("Certificate corrected and re-issued")
        ACCREDITATION_DECIDED = "accreditation.decided", _("Accreditation decided")
        ACCREDITATION_SUSPENDED = "accreditation.suspended", _("Accreditation suspended")
        ACCREDITATION_REINSTATED = "accreditation.reinstated", _("Accreditation reinstated")
        VALIDATION_ASSESSED = "validation.assessed", _("Prior learning assessed")
        TEST_GRADED = "test.graded", _("Test graded")
        ROLES_CHANGED = "user.roles_changed", _("Roles changed")
        ADMIN_RIGHTS_CHANGED = "user.admin_rights_changed", _("Administration rights changed")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor_id = models.PositiveBigIntegerField(_("actor id"), null=True, blank=True)
    actor = models.CharField(
        _("actor"), max_length=254, blank=True, help_text=_("Empty: the platform itself.")
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    object_label = models.CharField(_("object"), max_length=255)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=("object_type", "object_id"), name="core_audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")
