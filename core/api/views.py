"""The API root: a map of the endpoints. Open to everyone."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

#: URL names listed at the root, in the order shown.
ROOT_ENDPOINTS = (
    "frameworks",
    "competences",
    "roles",
    "courses",
    "units",
    "materials",
    "guide",
    "questions",
    "tests",
    "trainers",
    "organisations",
    "quality-criteria",
    "accreditations",
    "schemes",
    "certificates",
    "me",
    "auth-token",
    "schema",
    "api-docs",
)


URL_NAMES = {
    "frameworks": "framework-list",
    "competences": "competence-list",
    "roles": "role-list",
    "courses": "course-list",
    "units": "unit-list",
    "materials": "material-list",
    "guide": "guide-list",
    "questions": "question-list",
    "tests": "test-list",
    "trainers": "trainer-list",
    "organisations": "organisation-list",
    "quality-criteria": "quality-criterion-list",
    "accreditations": "accreditation-list",
    "schemes": "scheme-list",
    "certificates": "certificate-list",
}


class ApiRootView(APIView):
    permission_classes = (AllowAny,)

    @extend_schema(
        responses=inline_serializer(
            "ApiRoot", fields={name: serializers.URLField() for name in ROOT_ENDPOINTS}
        ),
        summary="Map of the API",
    )
    def get(self, request: Request) -> Response:
        return Response(
            {name: reverse(URL_NAMES.get(name, name), request=request) for name in ROOT_ENDPOINTS}
        )
