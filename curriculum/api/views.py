"""Curriculum API: published courses and units, and the user guide, open to everyone."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from core.api.lookups import SLUG_PATTERN, id_or_404, without_nul
from core.api.responses import E404, E404_PAGE
from curriculum import selectors
from curriculum.api.serializers import (
    CourseDetailSerializer,
    CourseSerializer,
    GuidePageDetailSerializer,
    GuidePageSerializer,
    UnitDetailSerializer,
    UnitSerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="Published courses", responses={200: CourseSerializer(many=True), 404: E404_PAGE}
    ),
    retrieve=extend_schema(
        summary="A course with its modules, units and learning outcomes",
        responses={200: CourseDetailSerializer, 404: E404},
    ),
)
class CourseViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (AllowAny,)
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_serializer_class(self):
        return CourseSerializer if self.action == "list" else CourseDetailSerializer

    def get_queryset(self):
        return selectors.courses_published()

    def get_object(self):
        return selectors.course_get(slug=self.kwargs["slug"])


@extend_schema_view(
    list=extend_schema(
        summary="Units of published courses", responses={200: UnitSerializer(many=True), 404: E404_PAGE}
    ),
    retrieve=extend_schema(
        summary="A unit with its learning outcomes", responses={200: UnitDetailSerializer, 404: E404}
    ),
)
class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (AllowAny,)

    def get_serializer_class(self):
        return UnitSerializer if self.action == "list" else UnitDetailSerializer

    def get_queryset(self):
        return selectors.units_published()

    def get_object(self):
        return selectors.unit_get(unit_id=id_or_404(self.kwargs["pk"]))


@extend_schema_view(
    list=extend_schema(
        summary="Pages of the user guide",
        parameters=[OpenApiParameter("search", OpenApiTypes.STR, description="Words found in any language")],
        responses={200: GuidePageSerializer(many=True), 404: E404_PAGE},
    ),
    retrieve=extend_schema(
        summary="A page of the user guide", responses={200: GuidePageDetailSerializer, 404: E404}
    ),
)
class GuideViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (AllowAny,)
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_serializer_class(self):
        return GuidePageSerializer if self.action == "list" else GuidePageDetailSerializer

    def get_queryset(self):
        return selectors.guide_pages(query=without_nul(self.request.query_params.get("search", ""))[:200])

    def get_object(self):
        return selectors.guide_page_get(slug=self.kwargs["slug"])
