"""Question bank API (trainers): the bank with its answer keys, authoring, putting questions in
use or retiring them, importing GIFT / Moodle XML files (with a report per question) and
exporting to both formats. Everybody else gets 403."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import Role
from core.api.lookups import id_or_404, without_nul
from core.api.responses import E400, E401, E404, E404_PAGE, forbidden
from curriculum import question_bank
from curriculum.api.serializers import (
    ImportReportSerializer,
    QuestionCreateSerializer,
    QuestionImportSerializer,
    QuestionSerializer,
)
from curriculum.downloads import question_file
from curriculum.models import Question
from curriculum.parsers import PathRefusingMultiPartParser
from curriculum.question_format import Answer, Item

E403_TRAINER = forbidden(gettext_lazy("Only trainers keep question banks."))
#: GIFT is served as text/plain, Moodle XML as application/xml.
EXPORT_FILE = OpenApiResponse(OpenApiTypes.BINARY, description="GIFT or Moodle XML")
FILTERS = [
    OpenApiParameter("competence", OpenApiTypes.STR, description="Competence code, e.g. SC-A.1"),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Question.Status.values),
    OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only the questions you wrote"),
]


@extend_schema_view(
    list=extend_schema(summary="The question bank, with answer keys (trainers)", parameters=FILTERS,
                       responses={200: QuestionSerializer(many=True), 401: E401, 403: E403_TRAINER,
                                  404: E404_PAGE}),
    retrieve=extend_schema(summary="A question with its answer key (trainers)",
                           responses={200: QuestionSerializer, 401: E401, 403: E403_TRAINER, 404: E404}),
)  # fmt: skip
class QuestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = (IsAuthenticated,)
    serializer_class = QuestionSerializer
    parser_classes = (JSONParser, PathRefusingMultiPartParser, FormParser)
    queryset = Question.objects.none()  # for the schema; requests read through get_queryset

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        user = cast(User, request.user)
        if not (user.has_role(Role.TRAINER) or user.is_superuser):
            raise PermissionDenied(_("Only trainers keep question banks."))

    def get_queryset(self):
        params = self.request.query_params
        qs = (
            Question.objects.select_related("competence", "author")
            .prefetch_related("choices")
            .order_by("competence__code", "id")
        )
        if params.get("competence"):
            qs = qs.filter(competence__code__iexact=without_nul(params["competence"]))
        if params.get("status") in Question.Status.values:
            qs = qs.filter(status=params["status"])
        if params.get("mine") in ("1", "true"):
            qs = qs.filter(author_id=self.request.user.pk)
        return qs

    def get_object(self) -> Question:
        question = self.get_queryset().filter(pk=id_or_404(self.kwargs["pk"])).first()
        if question is None:
            raise Http404
        return question

    @extend_schema(
        summary="Write a question (trainers)",
        request=QuestionCreateSerializer,
        responses={201: QuestionSerializer, 400: E400, 401: E401, 403: E403_TRAINER},
    )
    def create(self, request: Request) -> Response:
        serializer = QuestionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = Item(
            line=0,
            name=data["name"],
            text=data["text"],
            kind=data["kind"],
            general_feedback=data["general_feedback"],
            points=data["points"],
            answers=[
                Answer(
                    text=c["text"],
                    fraction=c["fraction"],
                    feedback=c["feedback"],
                    match=c["match_text"],
                    number=c["number"],
                    tolerance=c["tolerance"],
                )
                for c in data["choices"]
            ],
        )
        question = question_bank.question_create(
            author=cast(User, request.user),
            item=item,
            competence=data["competence"],
            language=data["language"],
            difficulty=data["difficulty"],
            activate=data["activate"],
        )
        return Response(
            QuestionSerializer(self.get_queryset().get(pk=question.pk)).data, status=status.HTTP_201_CREATED
        )

    def _status(self, request: Request, new_status: str) -> Response:
        question = question_bank.question_set_status(
            question=self.get_object(), user=cast(User, request.user), status=new_status
        )
        return Response(QuestionSerializer(self.get_queryset().get(pk=question.pk)).data)

    @extend_schema(summary="Put a question in use (its author)", request=None,
                   responses={200: QuestionSerializer, 401: E401, 403: E403_TRAINER, 404: E404})  # fmt: skip
    @action(detail=True, methods=["post"])
    def activate(self, request: Request, pk: str) -> Response:
        return self._status(request, Question.Status.ACTIVE)

    @extend_schema(summary="Retire a question: no new attempt draws it (its author)", request=None,
                   responses={200: QuestionSerializer, 401: E401, 403: E403_TRAINER, 404: E404})  # fmt: skip
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str) -> Response:
        return self._status(request, Question.Status.RETIRED)

    @extend_schema(
        summary="Import a GIFT or Moodle XML file (trainers); a file that cannot be read imports nothing",
        request={"multipart/form-data": QuestionImportSerializer},
        responses={200: ImportReportSerializer, 400: E400, 401: E401, 403: E403_TRAINER},
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request: Request) -> Response:
        serializer = QuestionImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = question_bank.import_upload(
            user=cast(User, request.user),
            upload=data["file"],
            fmt=data["file_format"],
            competence_code=data["competence"],
            language=data["language"],
            activate=data["activate"],
        )
        return Response(report_data(report))

    @extend_schema(
        summary="Export questions to GIFT or Moodle XML (trainers)",
        parameters=[
            # Not "format": DRF reads that query parameter to choose a renderer.
            OpenApiParameter("file_format", OpenApiTypes.STR, enum=["gift", "moodlexml"], required=True),
            OpenApiParameter("language", OpenApiTypes.STR, description="Language of the texts (default en)"),
            *FILTERS,
        ],
        responses={
            (200, "text/plain"): EXPORT_FILE,
            (200, "application/xml"): EXPORT_FILE,
            400: E400,
            401: E401,
            403: E403_TRAINER,
        },
    )
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> HttpResponse:
        return question_file(
            questions=self.get_queryset(),
            fmt=request.query_params.get("file_format", ""),
            language=request.query_params.get("language", "en"),
        )


def report_data(report: question_bank.ImportReport) -> dict[str, Any]:
    return ImportReportSerializer(
        {
            "imported": report.imported,
            "duplicates": report.duplicates,
            "skipped": report.skipped,
            "rows": [row.__dict__ for row in report.rows],
        }
    ).data
