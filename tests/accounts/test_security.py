"""Sign-in guessing is throttled (django-axes), and every response carries a strict Content
Security Policy (django-csp)."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation
from rest_framework.test import APIClient

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = 5


def sign_in(client, email, password, lang="en"):
    return client.post(f"/{lang}/accounts/login/", {"username": email, "password": password})


def test_five_wrong_passwords_lock_the_address_for_this_client_with_a_message_in_its_language(client):
    user = UserFactory(email="victim@example.org")
    for _ in range(LIMIT - 1):
        assert sign_in(client, user.email, "guess", "bg").status_code == 200
    locked = sign_in(client, user.email, "guess", "bg")
    assert locked.status_code == 429
    with translation.override("bg"):
        message = translation.gettext(
            "Too many failed sign-in attempts for this email address. For your security, signing in is "
            "blocked for %(minutes)d minutes."
        ) % {"minutes": 15}
    assert message.startswith("Твърде") and message in locked.content.decode()
    assert locked["Retry-After"] == "900"
    # Even the right password is refused while locked, and nobody is signed in.
    assert sign_in(client, user.email, PASSWORD, "bg").status_code == 429
    assert "_auth_user_id" not in client.session
    # Another person signing in from the same address is not affected.
    other = UserFactory()
    assert sign_in(client, other.email, PASSWORD).status_code == 302
    # After the cool-off the owner signs in again.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert sign_in(client, user.email, PASSWORD).status_code == 302


def test_the_api_token_endpoint_is_throttled_too_and_answers_json_in_the_requested_language():
    user = UserFactory()
    api = APIClient()
    for _ in range(LIMIT - 1):
        response = api.post("/api/v1/auth/token/", {"email": user.email, "password": "guess"}, format="json")
        assert response.status_code == 400
    response = api.post(
        "/api/v1/auth/token/?lang=de", {"email": user.email, "password": "guess"}, format="json"
    )
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Zu viele")
    assert response["Retry-After"] == "900"
    assert (
        api.post(
            "/api/v1/auth/token/", {"email": user.email, "password": PASSWORD}, format="json"
        ).status_code
        == 429
    )


def test_a_successful_sign_in_resets_the_count(client):
    user = UserFactory()
    for _ in range(LIMIT - 1):
        sign_in(client, user.email, "guess")
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert sign_in(client, user.email, "guess").status_code == 200


@pytest.mark.parametrize("path", ["/en/", "/bg/framework/", "/api/v1/", "/api/docs/", "/en/accounts/login/"])
def test_every_response_carries_a_strict_content_security_policy(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
