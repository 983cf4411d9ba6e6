"""API plumbing shared by every app: the exception handler and the API root."""

from core.api.exceptions import exception_handler

__all__ = ("exception_handler",)
