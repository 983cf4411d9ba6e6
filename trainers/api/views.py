"""Trainers API.

- ``/trainers/``, ``/organisations/``: the public registry (anyone), filtered by role, country
  and language; ``/trainers/me/``: a trainer's own profile (trainers).
- ``/quality-criteria/``: the published criteria (anyone).
- ``/accreditations/``: trainers apply and read their own; certifiers read all and decide,
  suspend or reinstate.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import Role
from core.api.lookups import id_or_404
from core.api.responses import E400, E401, E404, E404_PAGE, forbidden
from trainers import selectors, services
from trainers.api.serializers import (
    AccreditationApplySerializer,
    AccreditationSerializer,
    DecisionSerializer,
    MyOrganisationSerializer,
    MyTrainerProfileSerializer,
    QualityCriterionSerializer,
    ReasonSerializer,
    RegistryFilterSerializer,
    TrainerSerializer,
    TrainingOrganisationSerializer,
)
from trainers.models import Accreditation

E403_TRAINER = forbidden(gettext_lazy("Only trainers may do this."))
E403_CERTIFIER = forbidden(gettext_lazy("Only certifiers decide accreditations."))
REGISTRY_FILTERS = [RegistryFilterSerializer]


def registry_filters(request: Request) -> dict[str, Any]:
    """The validated filters of a registry list (400 naming a bad one)."""
    serializer = RegistryFilterSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="Accredited trainers (public registry)",
        parameters=REGISTRY_FILTERS,
        responses={200: TrainerSerializer(many=True), 400: E400, 404: E404_PAGE},
    ),
    retrieve=extend_schema(summary="An accredited trainer", responses={200: TrainerSerializer, 404: E404}),
)
class TrainerViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (AllowAny,)
    serializer_class = TrainerSerializer

    def get_queryset(self):
        return selectors.registry_trainers(
            **(registry_filters(self.request) if self.action == "list" else {})
        )

    def get_object(self):
        trainer = self.get_queryset().filter(pk=id_or_404(self.kwargs["pk"])).first()
        if trainer is None:
            raise Http404
        return trainer

    @extend_schema(
        summary="Your trainer profile (trainers)",
        responses={200: MyTrainerProfileSerializer, 401: E401, 403: E403_TRAINER, 404: E404},
    )
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[IsAuthenticated],
        serializer_class=MyTrainerProfileSerializer,
    )
    def me(self, request: Request) -> Response:
        user = cast(User, request.user)
        if not user.has_role(Role.TRAINER):
            raise PermissionDenied(_("Only trainers may do this."))
        profile = selectors.trainer_profile_of(user=user)
        if profile is None:
            raise Http404
        return Response(MyTrainerProfileSerializer(profile).data)

    @extend_schema(
        summary="Create or update your trainer profile (trainers)",
        request=MyTrainerProfileSerializer,
        responses={200: MyTrainerProfileSerializer, 400: E400, 401: E401, 403: E403_TRAINER},
    )
    @me.mapping.put
    def me_put(self, request: Request) -> Response:
        user = cast(User, request.user)
        if not user.has_role(Role.TRAINER):
            raise PermissionDenied(_("Only trainers may do this."))
        serializer = MyTrainerProfileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = services.trainer_profile_save(user=user, **serializer.validated_data)
        return Response(MyTrainerProfileSerializer(profile).data)


@extend_schema_view(
    list=extend_schema(
        summary="Accredited training organisations (public registry)",
        parameters=REGISTRY_FILTERS,
        responses={200: TrainingOrganisationSerializer(many=True), 400: E400, 404: E404_PAGE},
    ),
    retrieve=extend_schema(
        summary="An accredited training organisation",
        responses={200: TrainingOrganisationSerializer, 404: E404},
    ),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (AllowAny,)
    serializer_class = TrainingOrganisationSerializer

    def get_queryset(self):
        return selectors.registry_organisations(
            **(registry_filters(self.request) if self.action == "list" else {})
        )

    def get_object(self):
        organisation = self.get_queryset().filter(pk=id_or_404(self.kwargs["pk"])).first()
        if organisation is None:
            raise Http404
        return organisation

    def _mine(self, request: Request) -> Any:
        user = cast(User, request.user)
        if not user.has_role(Role.TRAINER):
            raise PermissionDenied(_("Only trainers may do this."))
        training = services.training_organisation_of(user)
        if training is None:
            raise Http404
        return training

    @extend_schema(
        summary="The training organisation you belong to (trainers of a training provider)",
        responses={200: MyOrganisationSerializer, 401: E401, 403: E403_TRAINER, 404: E404},
    )
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[IsAuthenticated],
        serializer_class=MyOrganisationSerializer,
    )
    def mine(self, request: Request) -> Response:
        training = self._mine(request)
        if training.pk is None:  # nobody has written its profile yet
            raise Http404
        return Response(MyOrganisationSerializer(training).data)

    @extend_schema(
        summary="Update the profile of the training organisation you belong to (trainers)",
        request=MyOrganisationSerializer,
        responses={200: MyOrganisationSerializer, 400: E400, 401: E401, 403: E403_TRAINER, 404: E404},
    )
    @mine.mapping.put
    def mine_put(self, request: Request) -> Response:
        self._mine(request)
        serializer = MyOrganisationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        training = services.training_organisation_save(
            user=cast(User, request.user), **serializer.validated_data
        )
        return Response(MyOrganisationSerializer(training).data)


@extend_schema_view(
    list=extend_schema(
        summary="Published quality criteria for trainers and training organisations",
        parameters=[OpenApiParameter("applies_to", str, enum=["trainer", "organisation"])],
    ),
)
class QualityCriterionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = (AllowAny,)
    serializer_class = QualityCriterionSerializer
    pagination_class = None

    def get_queryset(self):
        applies_to = self.request.query_params.get("applies_to")
        return selectors.criteria_published(
            applies_to=applies_to if applies_to in ("trainer", "organisation") else None
        )


@extend_schema_view(
    list=extend_schema(
        summary="Accreditations: yours (trainers) or all (certifiers)",
        parameters=[
            OpenApiParameter(
                "status", str, enum=Accreditation.Status.values, description="Status as of today"
            )
        ],
        responses={200: AccreditationSerializer(many=True), 401: E401, 404: E404_PAGE},
    ),
    retrieve=extend_schema(
        summary="An accreditation with its evidence and decisions",
        responses={200: AccreditationSerializer, 401: E401, 404: E404},
    ),
)
class AccreditationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (IsAuthenticated,)
    serializer_class = AccreditationSerializer
    #: For the schema only: every request reads through the selector.
    queryset = Accreditation.objects.none()

    def get_queryset(self):
        qs = selectors.accreditations_visible_to(user=self.request.user)
        wanted = self.request.query_params.get("status")
        return (
            qs.filter(selectors.effective_status_is(wanted)) if wanted in Accreditation.Status.values else qs
        )

    def get_object(self):
        return selectors.accreditation_get(
            user=self.request.user, accreditation_id=id_or_404(self.kwargs["pk"])
        )

    def respond(self, accreditation: Any, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.accreditation_get(user=self.request.user, accreditation_id=accreditation.pk)
        return Response(AccreditationSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Apply for accreditation for a job role (trainers)",
        request=AccreditationApplySerializer,
        responses={201: AccreditationSerializer, 400: E400, 401: E401, 403: E403_TRAINER},
    )
    def create(self, request: Request) -> Response:
        serializer = AccreditationApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        accreditation = services.accreditation_apply(
            user=cast(User, request.user),
            role=data["role"],
            evidence=data["evidence"],
            for_organisation=data["for_organisation"],
        )
        return self.respond(accreditation, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Decide an application (certifiers)",
        request=DecisionSerializer,
        responses={200: AccreditationSerializer, 400: E400, 401: E401, 403: E403_CERTIFIER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        accreditation = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.accreditation_decide(
            accreditation=accreditation,
            certifier=cast(User, request.user),
            decisions=data["decisions"],
            accredit=data["outcome"] == "accredit",
            valid_until=data["valid_until"],
            note=data["note"],
        )
        return self.respond(accreditation)

    @extend_schema(
        summary="Suspend an accreditation with a reason (certifiers)",
        request=ReasonSerializer,
        responses={200: AccreditationSerializer, 400: E400, 401: E401, 403: E403_CERTIFIER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, pk: str) -> Response:
        accreditation = self.get_object()
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.accreditation_suspend(
            accreditation=accreditation,
            certifier=cast(User, request.user),
            reason=serializer.validated_data["note"],
        )
        return self.respond(accreditation)

    @extend_schema(
        summary="Reinstate a suspended accreditation (certifiers)",
        request=None,
        responses={200: AccreditationSerializer, 400: E400, 401: E401, 403: E403_CERTIFIER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, pk: str) -> Response:
        accreditation = services.accreditation_reinstate(
            accreditation=self.get_object(), certifier=cast(User, request.user)
        )
        return self.respond(accreditation)
