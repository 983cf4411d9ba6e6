"""Who may do what with frameworks: everyone reads published versions; framework editors write drafts."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from accounts.roles import Role


def is_framework_editor(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.FRAMEWORK_EDITOR))


class ReadOnlyOrFrameworkEditor(BasePermission):
    message = "Only framework editors may change frameworks."

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in SAFE_METHODS or is_framework_editor(request.user)
