"""Every write to accounts goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import Role
from core.errors import ApplicationError

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def _check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise ApplicationError(
            _("Unknown language."),
            field_errors={"preferred_language": [_("Choose one of the offered languages.")]},
        )


def organisation_upsert(*, slug: str, kind: str, country: str, **translated: str) -> Organisation:
    """Create or update the organisation with this slug; ``translated`` holds ``name_<lang>`` and
    ``city_<lang>`` values."""
    organisation = Organisation.objects.filter(slug=slug).first() or Organisation(slug=slug)
    values: dict[str, Any] = {"kind": kind, "country": country, **translated}
    changed = [field for field, value in values.items() if getattr(organisation, field) != value]
    if organisation.pk and not changed:
        return organisation
    for field in changed:
        setattr(organisation, field, values[field])
    organisation.full_clean()
    if organisation.pk:
        organisation.save(update_fields=changed)
    else:
        organisation.save()
    return organisation


@transaction.atomic
def user_create(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    preferred_language: str = "en",
    organisation: Organisation | None = None,
    roles: Iterable[str] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    _check_language(preferred_language)
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            _("A user with this email address already exists."),
            field_errors={"email": [_("A user with this email address already exists.")]},
        )
    user = User(
        email=email,
        full_name=full_name,
        preferred_language=preferred_language,
        organisation=organisation,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user_set_roles(user=user, roles=roles)
    return user


def user_set_roles(*, user: User, roles: Iterable[str]) -> None:
    """Make the user hold exactly these role groups."""
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ApplicationError(_("Unknown role: %(roles)s.") % {"roles": ", ".join(sorted(unknown))})
    # The role groups come from a data migration; get_or_create keeps this working on a database
    # emptied since (a flushed test database, say) instead of silently dropping roles.
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in sorted(wanted)])
    user.__dict__.pop("role_names", None)


def user_update_profile(*, user: User, full_name: str, preferred_language: str) -> User:
    _check_language(preferred_language)
    full_name = full_name.strip()
    if not full_name:
        raise ApplicationError(
            _("Enter your full name."), field_errors={"full_name": [_("Enter your full name.")]}
        )
    user.full_name = full_name
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "preferred_language"])
    return user


def password_reset_request(*, email: str, domain: str, use_https: bool) -> None:
    """Queue a password reset email for the active user with this address, if there is one.

    The answer never tells whether the address is known; the email is built and sent by a worker.
    """
    from accounts.tasks import send_password_reset_email

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    transaction.on_commit(
        lambda: send_password_reset_email.delay(user_id=user.pk, domain=domain, use_https=use_https)
    )


def password_reset_email_send(*, user_id: int, domain: str, use_https: bool) -> int:
    """Render the reset email in the user's preferred language and send it; returns the number of
    messages sent (0 when the user is gone or inactive)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    with translation.override(user.preferred_language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {
            "user": user,
            "reset_url": f"{'https' if use_https else 'http'}://{domain}{path}",
            "site_name": "Skills4Cities",
        }
        subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
        body = render_to_string("registration/password_reset_email.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return message.send()
