"""Forms of the account pages. They validate input and hand over to services."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("The email address or the password is not correct."),
        "inactive": _("This account is inactive."),
    }


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The platform switches to this language when you sign in, and writes to you in it."),
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Hands the reset over to the service, which queues the email for a worker."""

    def save(
        self, *args: Any, request: HttpRequest | None = None, use_https: bool = False, **kwargs: Any
    ) -> None:
        domain = request.get_host() if request is not None else "localhost"
        services.password_reset_request(email=self.cleaned_data["email"], domain=domain, use_https=use_https)
