"""``/api/v1/me/`` and ``/api/v1/auth/token/``."""

import pytest
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_token_for_email_and_password(api):
    user = UserFactory(email="api@example.org")
    response = api.post(
        "/api/v1/auth/token/", {"email": "API@example.org", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}


def test_token_refused_for_a_wrong_password(api):
    UserFactory(email="api@example.org")
    response = api.post("/api/v1/auth/token/", {"email": "api@example.org", "password": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["The email address or the password is not correct."]}
    assert not Token.objects.exists()


def test_token_request_with_missing_fields_names_each_field(api):
    response = api.post(
        "/api/v1/auth/token/", {"email": "not-an-email"}, format="json", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"email", "password"}
    with translation.override("de"):
        required = translation.gettext("This field is required.")
    assert required != "This field is required."
    assert body["password"] == [required]


def test_me_with_a_token(api):
    organisation = OrganisationFactory(name_en="Sofia")
    user = UserFactory(
        email="me@example.org", full_name="Me Myself", organisation=organisation, roles=["learner"]
    )
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "me@example.org"
    assert body["roles"] == ["learner"]
    assert body["organisation"]["name"] == "Sofia"


def test_me_refuses_anonymous_callers(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_me_patch_changes_the_language(api):
    user = UserFactory()
    api.force_authenticate(user)
    response = api.patch("/api/v1/me/", {"preferred_language": "el"}, format="json")
    assert response.status_code == 200
    assert response.json()["preferred_language"] == "el"
    user.refresh_from_db()
    assert user.preferred_language == "el"


def test_me_patch_rejects_bad_input_and_changes_nothing(api):
    user = UserFactory(full_name="Kept", preferred_language="en")
    api.force_authenticate(user)
    response = api.patch("/api/v1/me/", {"preferred_language": "klingon", "full_name": "   "}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"preferred_language", "full_name"}
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Kept", "en")


def test_token_revoke(api):
    user = UserFactory()
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.delete("/api/v1/auth/token/revoke/").status_code == 204
    assert not Token.objects.filter(user=user).exists()
    assert api.get("/api/v1/me/").status_code == 401
