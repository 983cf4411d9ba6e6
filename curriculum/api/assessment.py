"""Tests and attempts API.

- ``/tests/``: published tests and their rules (signed-in users); ``POST /tests/<id>/attempts/``
  starts or resumes the learner's attempt (learners).
- ``/attempts/<id>/``: the learner's own attempt (anybody else's is 404); answers are saved one
  by one with ``PUT /attempts/<id>/answers/<question>/``; ``POST /attempts/<id>/submit/``.
Learners never receive right answers, weights or feedback before the test's feedback policy
allows: every attempt response is built by :func:`curriculum.attempt_view.learner_view`.
"""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import Role
from core.api.lookups import id_or_404
from core.api.responses import E400, E401, E404, E404_PAGE, forbidden
from curriculum import attempts, selectors
from curriculum.api.serializers import (
    AnswerSavedSerializer,
    AnswerSerializer,
    AttemptViewSerializer,
    TestSerializer,
)
from curriculum.attempt_view import learner_view
from curriculum.models import Attempt, Test

E403_LEARNER = forbidden(gettext_lazy("Only learners take tests."))


@extend_schema_view(
    list=extend_schema(
        summary="Published tests with their rules",
        responses={200: TestSerializer(many=True), 401: E401, 404: E404_PAGE},
    ),
    retrieve=extend_schema(summary="A published test", responses={200: TestSerializer, 401: E401, 404: E404}),
)
class TestViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (IsAuthenticated,)
    serializer_class = TestSerializer
    queryset = Test.objects.none()  # for the schema; requests read through the selector

    def get_queryset(self):
        return selectors.tests_published(user=self.request.user)

    def get_object(self):
        test = self.get_queryset().filter(pk=id_or_404(self.kwargs["pk"])).first()
        if test is None:
            raise Http404
        return test

    @extend_schema(
        summary="Start the test, or resume your attempt in progress (learners)",
        request=None,
        responses={
            201: AttemptViewSerializer,
            200: AttemptViewSerializer,
            400: E400,
            401: E401,
            403: E403_LEARNER,
            404: E404,
        },
    )
    @action(detail=True, methods=["post"], url_path="attempts")
    def start(self, request: Request, pk: str) -> Response:
        user = cast(User, request.user)
        if not user.has_role(Role.LEARNER):
            raise PermissionDenied(_("Only learners take tests."))
        test = self.get_object()
        before = (
            Attempt.objects.filter(test=test, learner=user, status=Attempt.Status.IN_PROGRESS)
            .values_list("pk", flat=True)
            .first()
        )
        attempt = attempts.attempt_start(test=test, learner=user)
        code = status.HTTP_200_OK if attempt.pk == before else status.HTTP_201_CREATED
        return Response(AttemptViewSerializer(learner_view(attempt=attempt)).data, status=code)


TestViewSet.__test__ = False  # type: ignore[attr-defined]


@extend_schema_view(
    retrieve=extend_schema(
        summary="Your attempt: questions, saved answers, deadline; results and feedback as the policy allows",
        responses={200: AttemptViewSerializer, 401: E401, 404: E404},
    ),
)
class AttemptViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = (IsAuthenticated,)
    serializer_class = AttemptViewSerializer
    queryset = Attempt.objects.none()  # for the schema; requests read through the service

    def get_object(self) -> Attempt:
        return attempts.attempt_for_learner(
            learner=self.request.user, attempt_id=id_or_404(self.kwargs["pk"])
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(AttemptViewSerializer(learner_view(attempt=self.get_object())).data)

    @extend_schema(
        summary="Save your answer to one question (again as often as you like, until the deadline)",
        parameters=[
            OpenApiParameter("question", OpenApiTypes.INT, OpenApiParameter.PATH, description="Question id")
        ],
        request=AnswerSerializer,
        responses={200: AnswerSavedSerializer, 400: E400, 401: E401, 404: E404},
    )
    @action(detail=True, methods=["put"], url_path=r"answers/(?P<question>[^/.]+)")
    def answer(self, request: Request, pk: str, question: str) -> Response:
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = attempts.answer_save(
            attempt=self.get_object(),
            question_id=id_or_404(question),
            response=serializer.validated_data["response"],
        )
        return Response(
            AnswerSavedSerializer(
                {"question": item.question_id, "response": item.response, "saved_at": item.saved_at}
            ).data
        )

    @extend_schema(
        summary="Hand in your attempt (once; a second submit returns the same result)",
        request=None,
        responses={200: AttemptViewSerializer, 401: E401, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        attempt = attempts.attempt_submit(attempt=self.get_object())
        return Response(AttemptViewSerializer(learner_view(attempt=attempt)).data)
