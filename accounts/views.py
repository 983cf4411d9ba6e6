"""Account pages: sign in and out, password change and reset (everyone / signed-in users), and
the profile page (signed-in users only)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.urls.base import translate_url
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from accounts import services
from accounts.forms import EmailAuthenticationForm, ProfileForm, QueuedPasswordResetForm
from core.errors import ApplicationError


def _redirect_in_language(url: str, language: str) -> HttpResponseRedirect:
    """Redirect to ``url`` as seen in ``language`` and remember that language in its cookie."""
    response = HttpResponseRedirect(translate_url(url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class LoginView(auth_views.LoginView):
    """Everyone. After sign-in the platform switches to the user's preferred language."""

    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: EmailAuthenticationForm) -> HttpResponse:  # type: ignore[override]
        super().form_valid(form)
        return _redirect_in_language(self.get_success_url(), form.get_user().preferred_language)


class LogoutView(auth_views.LogoutView):
    """Signed-in users (POST only)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Signed-in users."""

    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """Signed-in users."""


class PasswordResetView(auth_views.PasswordResetView):
    """Everyone. Always answers the same way, whether the address is known or not."""

    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Everyone holding a valid reset link."""

    success_url = reverse_lazy("accounts:password_reset_complete")


class ProfileView(LoginRequiredMixin, FormView):
    """Signed-in users: their own name and preferred language."""

    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        return {"full_name": user.full_name, "preferred_language": user.preferred_language}  # type: ignore[union-attr]

    def form_valid(self, form: ProfileForm) -> HttpResponse:
        request: HttpRequest = self.request
        try:
            user = services.user_update_profile(
                user=request.user,  # type: ignore[arg-type]
                full_name=form.cleaned_data["full_name"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
        except ApplicationError as error:
            for field, field_messages in error.as_dict().items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)
        messages.success(request, _("Your profile is saved."))
        return _redirect_in_language(reverse("accounts:profile"), user.preferred_language)
