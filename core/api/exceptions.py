"""One exception handler for the whole API.

Rule violations (:class:`core.errors.ApplicationError` and Django's ``ValidationError`` raised by
``full_clean()`` in services) become a 400 response whose body maps each field to its messages,
the same shape DRF uses for serializer errors, so clients handle a single error format.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import NON_FIELD, ApplicationError


def _django_validation_messages(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD: [str(m) for m in exc.messages]}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        exc = exceptions.ValidationError(exc.as_dict())
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_messages(exc))
    return drf_exception_handler(exc, context)
