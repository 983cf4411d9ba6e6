"""Showing a service's refusal in the form that asked for it."""

from django import forms

from core.errors import ApplicationError


def apply_errors(form: forms.Form, error: ApplicationError) -> None:
    """Each message under its field, or above the form when the field is not in it."""
    for field, messages in error.as_dict().items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
