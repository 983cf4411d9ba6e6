"""Shared pieces of the administration."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.models import AuditEntry


class ReadOnlyAdminMixin:
    """Records kept by the platform's rules (decisions, learners' attempts): readable by admins,
    changed only through the services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit log: superusers read it; nobody adds, changes or deletes an entry (the model and,
    on PostgreSQL, a trigger refuse it too)."""

    list_display = ("at", "action", "actor", "object_type", "object_label")
    list_filter = ("action", "object_type")
    search_fields = ("actor", "object_label", "object_id")
    date_hierarchy = "at"
    readonly_fields = (
        "at", "actor_id", "actor", "action", "object_type", "object_id", "object_label", "details",
    )  # fmt: skip

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)
