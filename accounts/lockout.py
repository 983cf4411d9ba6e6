"""What a locked-out sign-in gets (django-axes calls ``locked_out`` through AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """429 with the wait in the user's language: JSON for the API, the sign-in page's look for people."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-in attempts for this email address. For your security, signing in is "
        "blocked for %(minutes)d minutes."
    ) % {"minutes": minutes}
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = retry_after
    return response


def username_of(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The email address a sign-in attempt is for (AXES_USERNAME_CALLABLE): from the credentials
    given to ``authenticate``, else from the posted form (``username``) or API body (``email``);
    case-insensitive, as sign-in is."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if not value:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("username") or data.get("email")
    return str(value).strip().lower() or None if value else None
