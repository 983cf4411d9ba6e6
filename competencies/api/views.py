"""Framework API. Reading published frameworks is open to everyone; framework editors also see
drafts, edit them and publish them."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from competencies import selectors, services
from competencies.api.serializers import (
    CompetenceDetailSerializer,
    CompetenceListSerializer,
    CompetenceWriteSerializer,
    FrameworkSerializer,
    NewVersionSerializer,
    RoleDetailSerializer,
    RoleListSerializer,
)
from competencies.case import case_package
from competencies.models import Competence, Framework
from competencies.permissions import ReadOnlyOrFrameworkEditor, is_framework_editor
from core.api.lookups import SLUG_PATTERN, is_slug
from core.api.responses import E400, E401, E403, E404, E404_PAGE

LANG = OpenApiParameter("lang", OpenApiTypes.STR, description="Content language (en, bg, ro, de, es, el)")


@extend_schema_view(
    list=extend_schema(
        summary="Frameworks",
        parameters=[LANG],
        responses={200: FrameworkSerializer(many=True), 404: E404_PAGE},
    ),
    retrieve=extend_schema(
        summary="One framework version", parameters=[LANG], responses={200: FrameworkSerializer, 404: E404}
    ),
)
class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FrameworkSerializer
    permission_classes = (ReadOnlyOrFrameworkEditor,)
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return selectors.frameworks_visible(include_drafts=is_framework_editor(self.request.user))

    def _framework(self, slug: str) -> Framework:
        return selectors.framework_get(slug=slug, include_drafts=is_framework_editor(self.request.user))

    @extend_schema(
        summary="The framework as a CASE 1.0 CFPackage",
        responses={200: OpenApiResponse(response=OpenApiTypes.OBJECT, description="CFPackage"), 404: E404},
    )
    @action(detail=True, methods=["get"], url_path="case")
    def case(self, request: Request, slug: str) -> Response:
        return Response(
            case_package(framework=self._framework(slug), base_url=request.build_absolute_uri("/"))
        )

    @extend_schema(
        summary="Publish a draft",
        request=None,
        responses={200: FrameworkSerializer, 400: E400, 401: E401, 403: E403, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, slug: str) -> Response:
        framework = services.framework_publish(framework=self._framework(slug))
        return Response(FrameworkSerializer(framework).data)

    @extend_schema(
        summary="Start a new draft version from a published one",
        request=NewVersionSerializer,
        responses={201: FrameworkSerializer, 400: E400, 401: E401, 403: E403, 404: E404},
    )
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, slug: str) -> Response:
        serializer = NewVersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = services.framework_new_draft(
            framework=self._framework(slug), version=serializer.validated_data["version"]
        )
        return Response(FrameworkSerializer(draft).data, status=status.HTTP_201_CREATED)


class CompetenceFilterSerializer(serializers.Serializer):
    framework = serializers.SlugField(required=False)
    parent = serializers.IntegerField(required=False, min_value=1)
    area = serializers.IntegerField(required=False, min_value=1)
    kind = serializers.ChoiceField(choices=Competence.Kind.choices, required=False)
    level = serializers.IntegerField(required=False, min_value=1, max_value=8)
    role = serializers.IntegerField(required=False, min_value=1)
    search = serializers.CharField(required=False, max_length=200)


COMPETENCE_FILTERS = [
    OpenApiParameter("framework", OpenApiTypes.STR, description="Framework version slug"),
    OpenApiParameter("parent", OpenApiTypes.INT, description="Only the children of this node"),
    OpenApiParameter("area", OpenApiTypes.INT, description="Only nodes under this top-level node"),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=Competence.Kind.values),
    OpenApiParameter("level", OpenApiTypes.INT, description="Only competences spanning this level rank"),
    OpenApiParameter("role", OpenApiTypes.INT, description="Only competences a job role requires"),
    OpenApiParameter("search", OpenApiTypes.STR, description="Words found in any label, in any language"),
    LANG,
]


@extend_schema_view(
    list=extend_schema(
        summary="Competences",
        parameters=COMPETENCE_FILTERS,
        responses={200: CompetenceListSerializer(many=True), 400: E400, 404: E404_PAGE},
    ),
    retrieve=extend_schema(
        summary="One competence", parameters=[LANG], responses={200: CompetenceDetailSerializer, 404: E404}
    ),
    create=extend_schema(
        summary="Add a competence to a draft",
        request=CompetenceWriteSerializer,
        responses={201: CompetenceDetailSerializer, 400: E400, 401: E401, 403: E403},
    ),
    partial_update=extend_schema(
        summary="Change a competence of a draft",
        request=CompetenceWriteSerializer,
        responses={200: CompetenceDetailSerializer, 400: E400, 401: E401, 403: E403, 404: E404},
    ),
    destroy=extend_schema(
        summary="Remove a competence from a draft",
        responses={204: None, 400: E400, 401: E401, 403: E403, 404: E404},
    ),
)
class CompetenceViewSet(viewsets.ModelViewSet):
    permission_classes = (ReadOnlyOrFrameworkEditor,)
    http_method_names = ("get", "post", "patch", "delete", "head", "options")

    def get_serializer_class(self):
        return CompetenceListSerializer if self.action == "list" else CompetenceDetailSerializer

    def get_queryset(self):
        params = CompetenceFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data: dict[str, Any] = params.validated_data
        editor = is_framework_editor(self.request.user)
        framework = (
            selectors.framework_get(slug=data["framework"], include_drafts=editor)
            if data.get("framework")
            else None
        )
        filters = selectors.CompetenceFilters(
            query=data.get("search", ""),
            kind=data.get("kind", ""),
            area_id=data.get("area"),
            level_rank=data.get("level"),
            role_id=data.get("role"),
            parent_id=data.get("parent"),
        )
        # API lists page in id order: stable, and served by the primary key index at ESCO scale.
        return selectors.competence_search(
            filters=filters, framework=framework, ordering=("id",), with_parent=False
        )

    def get_object(self) -> Competence:
        return selectors.competence_detail(
            competence_id=self._pk(), include_drafts=is_framework_editor(self.request.user)
        )

    def _pk(self) -> int:
        try:
            return int(self.kwargs["pk"])
        except ValueError:
            raise Http404 from None

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CompetenceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        competence = services.competence_create(
            framework=data["framework"],
            kind=data["kind"],
            parent=data.get("parent"),
            code=data.get("code", ""),
            uri=data.get("uri", ""),
            position=data.get("position", 0),
            title={k.removeprefix("title_"): v for k, v in data.items() if k.startswith("title_")},
            description={
                k.removeprefix("description_"): v for k, v in data.items() if k.startswith("description_")
            },
        )
        return Response(
            CompetenceDetailSerializer(
                selectors.competence_detail(competence_id=competence.pk, include_drafts=True)
            ).data,
            status=status.HTTP_201_CREATED,
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        competence = get_object_or_404(Competence, pk=self._pk())
        serializer = CompetenceWriteSerializer(instance=competence, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k not in ("framework", "parent")}
        services.competence_update(competence=competence, data=changes)
        return Response(
            CompetenceDetailSerializer(
                selectors.competence_detail(competence_id=competence.pk, include_drafts=True)
            ).data
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.competence_delete(
            competence=get_object_or_404(Competence.objects.select_related("framework"), pk=self._pk())
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:  # PUT is not offered
        return self.http_method_not_allowed(request)


@extend_schema_view(
    list=extend_schema(
        summary="Job roles", parameters=[LANG], responses={200: RoleListSerializer(many=True), 404: E404_PAGE}
    ),
    retrieve=extend_schema(
        summary="One job role with its requirements",
        parameters=[
            LANG,
            OpenApiParameter("framework", OpenApiTypes.STR, description="Framework version slug"),
        ],
        responses={200: RoleDetailSerializer, 404: E404},
    ),
)
class RoleViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (ReadOnlyOrFrameworkEditor,)
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_serializer_class(self):
        return RoleListSerializer if self.action == "list" else RoleDetailSerializer

    def get_queryset(self):
        return selectors.roles_list()

    def get_object(self):
        framework = self.request.query_params.get("framework")
        if framework and not is_slug(framework):
            raise Http404  # no framework version has such an identifier
        return selectors.role_get(slug=self.kwargs["slug"], framework_slug=framework)
