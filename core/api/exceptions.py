"""One exception handler for the whole API.

Rule violations (:class:`core.errors.ApplicationError` and Django's ``ValidationError`` raised by
``full_clean()`` in services) become a 400 response whose body maps each field to its messages,
the same shape DRF uses for serializer errors, so clients handle a single error format.

A database that cannot be reached (restarting, failing over, out of connections) answers 503 with
``Retry-After``: the state passes and the request may simply be sent again, as the test page's
autosave does. The error goes to the log; the response says nothing about it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.errors import NON_FIELD, ApplicationError

logger = logging.getLogger(__name__)

#: Seconds a client is asked to wait before sending again a request the database could not serve.
DATABASE_RETRY_AFTER_SECONDS = 5


def _django_validation_messages(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in exc.messages]}


def _database_unavailable(exc: Exception, context: dict[str, Any]) -> Response:
    request = context.get("request")
    logger.error(
        "Database unavailable: %s %s",
        getattr(request, "method", ""),
        getattr(request, "path", ""),
        exc_info=exc,
    )
    set_rollback()
    return Response(
        {"detail": _("The error has been logged. Please try again in a moment.")},
        status=status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, OperationalError | InterfaceError):
        return _database_unavailable(exc, context)
    if isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError(exc.as_dict())
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_messages(exc))
    return drf_exception_handler(exc, context)
