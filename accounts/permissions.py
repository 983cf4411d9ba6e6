"""Page access by role: anonymous visitors are sent to sign in, signed-in users without the role
get 403."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.http import HttpRequest, HttpResponseBase


class RoleRequiredMixin(AccessMixin):
    #: Any of these role groups opens the page (superusers always may).
    required_roles: tuple[str, ...] = ()

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not (user.is_superuser or any(user.has_role(role) for role in self.required_roles)):  # type: ignore[union-attr]
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
