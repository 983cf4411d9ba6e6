"""Learning materials API. Signed-in users read what they may see (approved materials, their own,
and for framework editors what waits for review); trainers upload and submit their own; framework
editors approve or reject. Downloads are permission-checked attachments."""

from __future__ import annotations

from typing import Any, cast

from django.http import FileResponse
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api.lookups import id_or_404
from core.api.responses import E400, E401, E404, E404_PAGE, forbidden
from curriculum import selectors, services
from curriculum.api.serializers import (
    MaterialCreateSerializer,
    MaterialSerializer,
    MaterialVersionCreateSerializer,
    RejectSerializer,
)
from curriculum.downloads import attachment
from curriculum.models import Material
from curriculum.parsers import PathRefusingMultiPartParser

E403_TRAINER = forbidden(gettext_lazy("Only trainers may upload learning materials."))
E403_OWNER = forbidden(gettext_lazy("Only the trainer who uploaded this material may change it."))
E403_REVIEWER = forbidden(gettext_lazy("Only framework editors review learning materials."))


def upload_of(file: Any) -> services.Upload:
    return (file.name, file.size, file)


@extend_schema_view(
    list=extend_schema(
        summary="Learning materials you may see",
        responses={200: MaterialSerializer(many=True), 401: E401, 404: E404_PAGE},
    ),
    retrieve=extend_schema(
        summary="A learning material", responses={200: MaterialSerializer, 401: E401, 404: E404}
    ),
)
class MaterialViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MaterialSerializer
    permission_classes = (IsAuthenticated,)
    parser_classes = (PathRefusingMultiPartParser, FormParser, JSONParser)

    def get_queryset(self):
        return selectors.materials_visible_to(user=self.request.user).prefetch_related("versions")

    def get_object(self) -> Material:
        return selectors.material_get(user=self.request.user, material_id=id_or_404(self.kwargs["pk"]))

    @extend_schema(
        summary="Upload a material (a file or a link) to a unit",
        request={"multipart/form-data": MaterialCreateSerializer},
        responses={201: MaterialSerializer, 400: E400, 401: E401, 403: E403_TRAINER},
    )
    def create(self, request: Request) -> Response:
        serializer = MaterialCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        material = services.material_create(
            unit=data["unit"],
            uploader=cast(User, request.user),
            title=data["title"],
            language=data["language"],
            description=data.get("description", ""),
            url=data.get("url", ""),
            upload=upload_of(data["file"]) if data.get("file") is not None else None,
        )
        return Response(
            MaterialSerializer(material, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Upload a new version of your material's file",
        request={"multipart/form-data": MaterialVersionCreateSerializer},
        responses={201: MaterialSerializer, 400: E400, 401: E401, 403: E403_OWNER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def versions(self, request: Request, pk: str) -> Response:
        material = self.get_object()
        serializer = MaterialVersionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.material_add_version(
            material=material,
            user=cast(User, request.user),
            upload=upload_of(serializer.validated_data["file"]),
        )
        return Response(
            MaterialSerializer(self.get_object(), context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Submit your material for review",
        request=None,
        responses={200: MaterialSerializer, 400: E400, 401: E401, 403: E403_OWNER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        material = services.material_submit(material=self.get_object(), user=cast(User, request.user))
        return Response(MaterialSerializer(material, context={"request": request}).data)

    @extend_schema(
        summary="Approve a submitted material (framework editors)",
        request=None,
        responses={200: MaterialSerializer, 400: E400, 401: E401, 403: E403_REVIEWER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        material = services.material_approve(material=self.get_object(), reviewer=cast(User, request.user))
        return Response(MaterialSerializer(material, context={"request": request}).data)

    @extend_schema(
        summary="Reject a submitted material with a reason (framework editors)",
        request=RejectSerializer,
        responses={200: MaterialSerializer, 400: E400, 401: E401, 403: E403_REVIEWER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        material = services.material_reject(
            material=self.get_object(),
            reviewer=cast(User, request.user),
            reason=serializer.validated_data["reason"],
        )
        return Response(MaterialSerializer(material, context={"request": request}).data)

    @extend_schema(
        summary="Delete your material",
        responses={204: None, 400: E400, 401: E401, 403: E403_OWNER, 404: E404},
    )
    def destroy(self, request: Request, pk: str) -> Response:
        services.material_delete(material=self.get_object(), user=cast(User, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Download the material's file",
        responses={
            # Served with the type found in its content when it was uploaded (PDF, image, video…).
            (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file"),
            401: E401,
            404: E404,
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        return attachment(self.get_object(), request.user)
