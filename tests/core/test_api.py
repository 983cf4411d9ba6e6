"""API root, OpenAPI schema, docs, language selection and the one exception handler."""

import re

import pytest
import yaml
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from openapi_spec_validator import validate
from rest_framework.permissions import AllowAny
from rest_framework.test import APIClient
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns
from core.errors import ApplicationError


class RaisesApplicationError(APIView):
    permission_classes = (AllowAny,)

    def post(self, request):
        raise ApplicationError("Pass mark out of range.", field_errors={"pass_mark": ["Must be 0 to 100."]})


class RaisesPlainApplicationError(APIView):
    permission_classes = (AllowAny,)

    def post(self, request):
        raise ApplicationError("This certificate is already revoked.")


class RaisesDjangoValidationError(APIView):
    permission_classes = (AllowAny,)

    def post(self, request):
        raise DjangoValidationError({"code": ["Code taken."], "__all__": ["Inconsistent."]})


urlpatterns = [
    path("t/field/", RaisesApplicationError.as_view()),
    path("t/plain/", RaisesPlainApplicationError.as_view()),
    path("t/django/", RaisesDjangoValidationError.as_view()),
    *project_urlpatterns,
]


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.urls("tests.core.test_api")
@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/t/field/", {"pass_mark": ["Must be 0 to 100."]}),
        ("/t/plain/", {"non_field_errors": ["This certificate is already revoked."]}),
        ("/t/django/", {"code": ["Code taken."], "non_field_errors": ["Inconsistent."]}),
    ],
)
def test_rule_violations_become_400_with_a_message_per_field(api, url, body):
    response = api.post(url)
    assert response.status_code == 400
    assert response.json() == body


def test_api_root_lists_the_endpoints(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {
        "frameworks": "http://testserver/api/v1/frameworks/",
        "competences": "http://testserver/api/v1/competences/",
        "roles": "http://testserver/api/v1/roles/",
        "courses": "http://testserver/api/v1/courses/",
        "units": "http://testserver/api/v1/units/",
        "materials": "http://testserver/api/v1/materials/",
        "guide": "http://testserver/api/v1/guide/",
        "questions": "http://testserver/api/v1/questions/",
        "tests": "http://testserver/api/v1/tests/",
        "trainers": "http://testserver/api/v1/trainers/",
        "organisations": "http://testserver/api/v1/organisations/",
        "quality-criteria": "http://testserver/api/v1/quality-criteria/",
        "accreditations": "http://testserver/api/v1/accreditations/",
        "schemes": "http://testserver/api/v1/schemes/",
        "certificates": "http://testserver/api/v1/certificates/",
        "me": "http://testserver/api/v1/me/",
        "auth-token": "http://testserver/api/v1/auth/token/",
        "schema": "http://testserver/api/schema/",
        "api-docs": "http://testserver/api/docs/",
    }


def test_schema_is_valid_openapi_3(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/me/", "/api/v1/auth/token/"} <= set(spec["paths"])
    # Error responses are documented, not only the happy path.
    assert {"200", "401"} <= set(spec["paths"]["/api/v1/me/"]["get"]["responses"])
    assert {"200", "400"} <= set(spec["paths"]["/api/v1/auth/token/"]["post"]["responses"])


def test_docs_page_loads_only_local_assets(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references, "the docs page references its assets"
    assert all(ref.startswith("/") and not ref.startswith("//") for ref in references), references
    assert "cdn" not in html.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "query", "language"),
    [
        ({}, "", "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "bg"}, "", "bg"),
        ({"HTTP_ACCEPT_LANGUAGE": "bg"}, "?lang=el", "el"),
    ],
)
def test_api_language_follows_accept_language_or_lang(api, headers, query, language):
    response = api.get(f"/api/v1/me/{query}", **headers)
    assert response.status_code == 401
    assert response["Content-Language"] == language
    if language != "en":
        assert response.json()["detail"] != "Authentication credentials were not provided."


@pytest.mark.django_db
def test_healthz_answers_ok_for_everyone(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
