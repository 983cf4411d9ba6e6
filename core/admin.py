"""Shared pieces of the administration."""

from typing import Any

from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """Records kept by the platform's rules (decisions, learners' attempts): readable by admins,
    changed only through the services."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
