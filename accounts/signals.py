"""Role and administration-right changes go to the audit log, whichever way they are made (a
service, the administration, the shell)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, pre_save

from accounts.models import User
from core import audit
from core.models import AuditEntry


def _roles_changed(user: User, change: str, names: list[str]) -> None:
    if names:
        audit.record(AuditEntry.Action.ROLES_CHANGED, user, label=user.email, **{change: sorted(names)})


def groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action == "pre_clear":
        # Remember what is being cleared: post_clear no longer knows.
        if reverse:
            instance._audit_cleared = list(instance.user_set.all())
        else:
            instance._audit_cleared = list(instance.groups.values_list("name", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    change = "granted" if action == "post_add" else "removed"
    if reverse:  # group.user_set.add(user, …)
        users = (
            instance._audit_cleared
            if action == "post_clear"
            else list(User.objects.filter(pk__in=pk_set or ()))
        )
        for user in users:
            _roles_changed(user, change, [instance.name])
    else:  # user.groups.add(group, …)
        if action == "post_clear":
            names = instance._audit_cleared
        else:
            names = list(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
        _roles_changed(instance, change, names)


ADMIN_RIGHTS = ("is_superuser", "is_staff", "is_active")


def admin_rights_changed(sender: Any, instance: User, raw: bool = False, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and not set(update_fields) & set(ADMIN_RIGHTS))
    ):
        return
    before = User.objects.filter(pk=instance.pk).values(*ADMIN_RIGHTS).first()
    if before is None:
        return
    changes = {
        field: {"from": before[field], "to": getattr(instance, field)}
        for field in ADMIN_RIGHTS
        if before[field] != getattr(instance, field)
    }
    if changes:
        audit.record(AuditEntry.Action.ADMIN_RIGHTS_CHANGED, instance, label=instance.email, **changes)


def connect() -> None:
    m2m_changed.connect(groups_changed, sender=User.groups.through, dispatch_uid="audit_user_groups")
    pre_save.connect(admin_rights_changed, sender=User, dispatch_uid="audit_user_admin_rights")
