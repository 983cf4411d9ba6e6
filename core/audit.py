"""Writing the audit log (``core.models.AuditEntry``).

Services call :func:`record` with the actor they were given. Changes made outside a service (a
role given in the administration, say) are caught by signals in ``accounts``; their actor is the
signed-in user of the request, which :class:`AuditActorMiddleware` remembers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse

from core.models import AuditEntry

_request_actor: ContextVar[Any] = ContextVar("audit_request_actor", default=None)


def current_actor() -> Any:
    """The signed-in user of the request being answered, if any."""
    user = _request_actor.get()
    return user if user is not None and user.is_authenticated else None


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = _request_actor.set(user)
    try:
        yield
    finally:
        _request_actor.reset(token)


class AuditActorMiddleware:
    """Remembers who is making the request, for audit entries written by signals."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)


def record(
    action: str, obj: models.Model, *, actor: Any = None, label: str = "", **details: Any
) -> AuditEntry:
    """Append one entry; ``actor`` None means the request's user, or else the platform itself."""
    actor = actor if actor is not None else current_actor()
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None else None,
        actor=actor.email if actor is not None else "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=(label or str(obj))[:255],
        details=details,
    )
