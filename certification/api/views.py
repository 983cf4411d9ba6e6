"""Certification API.

- ``/schemes/``: the published schemes and their rules (anyone).
- ``/verify/{code}/``: the public status of a certificate (anyone; unknown codes 404 and count
  towards the guessing limit, 429 once reached).
- ``/credentials/status/{list}/``: the signed revocation list of Open Badges credentials (anyone).
- ``/me/eligibility/``: for each scheme whether every rule is met and why not (signed-in users).
- ``/certificates/``: holders read their own; certifiers read all, issue, revoke, renew, re-issue
  and retry PDFs; the holder, certifiers and admins download the signed credential.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.roles import Role
from certification import badges, eligibility, selectors, services, verification
from certification.api.serializers import (
    CertificateSerializer,
    EligibilitySerializer,
    IssueSerializer,
    ListingSerializer,
    ReissueSerializer,
    RenewSerializer,
    RevokeSerializer,
    SchemeSerializer,
    VerificationSerializer,
)
from certification.models import Certificate, CertificationScheme
from core.api.lookups import SLUG_PATTERN, id_or_404
from core.api.responses import E400, E401, E404, E404_PAGE, forbidden
from core.errors import ApplicationError

E403_CERTIFIER = forbidden(gettext_lazy("Only certifiers may do this."))
E429 = OpenApiResponse(description=gettext_lazy("Too many unknown codes: wait and try again."))


def _require_certifier(user: Any) -> None:
    if not (user.is_superuser or user.has_role(Role.CERTIFIER)):
        raise PermissionDenied(_("Only certifiers may do this."))


@extend_schema_view(
    list=extend_schema(
        summary="Published certification schemes (anyone)",
        responses={200: SchemeSerializer(many=True), 404: E404_PAGE},
    ),
    retrieve=extend_schema(
        summary="One scheme and its rules (anyone)", responses={200: SchemeSerializer, 404: E404}
    ),
)
class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (AllowAny,)
    serializer_class = SchemeSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    queryset = CertificationScheme.objects.none()

    def get_queryset(self):
        return selectors.schemes_published()


class VerifyView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes: tuple = ()

    @extend_schema(
        summary="The public status of a certificate by its verification code (anyone)",
        responses={200: VerificationSerializer, 404: E404, 429: E429},
    )
    def get(self, request: Request, code: str) -> Response:
        client = verification.client_of(request)
        if verification.guessing_blocked(client):
            raise Throttled(
                detail=_(
                    "Too many unknown codes from your connection. Please wait a few minutes and try again."
                )
            )
        certificate = verification.by_code(code)
        if certificate is None:
            verification.record_miss(client)
            raise Http404
        return Response(VerificationSerializer(verification.public_facts(certificate)).data)


class StatusListView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes: tuple = ()

    @extend_schema(
        summary="Signed revocation list of the Open Badges credentials (anyone)",
        responses={200: OpenApiTypes.OBJECT, 404: E404},
    )
    def get(self, request: Request, number: int) -> Response:
        document = badges.status_list(number)
        if document is None:
            raise Http404
        return Response(document)


class EligibilityView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        summary="For each published scheme, whether you meet every rule and why not (signed-in users)",
        responses={200: EligibilitySerializer(many=True), 401: E401},
    )
    def get(self, request: Request) -> Response:
        outcomes = [
            eligibility.eligibility(scheme, cast(User, request.user).pk)
            for scheme in selectors.schemes_published()
        ]
        return Response(EligibilitySerializer(outcomes, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Certificates: your own, or all for certifiers",
        responses={200: CertificateSerializer(many=True), 401: E401, 404: E404_PAGE},
    ),
    retrieve=extend_schema(
        summary="One certificate (holder, certifiers, admins)",
        responses={200: CertificateSerializer, 401: E401, 404: E404},
    ),
)
class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = (IsAuthenticated,)
    serializer_class = CertificateSerializer
    queryset = Certificate.objects.none()

    def get_queryset(self):
        user = cast(User, self.request.user)
        if user.is_superuser or user.has_role(Role.CERTIFIER):
            return selectors.certificates_for_certifier()
        return selectors.certificates_of(cast(User, user))

    def get_object(self) -> Certificate:
        return selectors.certificate_get(user=self.request.user, certificate_id=id_or_404(self.kwargs["pk"]))

    def respond(self, certificate: Certificate, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.certificate_get(user=self.request.user, certificate_id=certificate.pk)
        return Response(CertificateSerializer(fresh).data, status=code)

    @extend_schema(
        summary="Issue a certificate when every rule is met (certifiers)",
        request=IssueSerializer,
        responses={201: CertificateSerializer, 400: E400, 401: E401, 403: E403_CERTIFIER},
    )
    def create(self, request: Request) -> Response:
        _require_certifier(request.user)
        serializer = IssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        holder = get_user_model().objects.filter(email__iexact=serializer.validated_data["holder"]).first()
        if holder is None:
            raise ApplicationError(
                _("Nobody has this email address."),
                field_errors={"holder": [_("Nobody has this email address.")]},
            )
        certificate = services.certificate_issue(
            scheme=serializer.validated_data["scheme"], holder=holder, actor=cast(User, request.user)
        )
        return self.respond(certificate, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke with a reason (certifiers)",
        request=RevokeSerializer,
        responses={200: CertificateSerializer, 400: E400, 401: E401, 403: E403_CERTIFIER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str) -> Response:
        _require_certifier(request.user)
        certificate = self.get_object()
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.certificate_revoke(
            certificate=certificate,
            actor=cast(User, request.user),
            reason=serializer.validated_data["reason"],
        )
        return self.respond(result)

    @extend_schema(
        summary="Renew under the scheme's renewal rule (certifiers)",
        request=RenewSerializer,
        responses={200: CertificateSerializer, 400: E400, 401: E401, 403: E403_CERTIFIER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str) -> Response:
        _require_certifier(request.user)
        certificate = self.get_object()
        serializer = RenewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.certificate_renew(
            certificate=certificate, actor=cast(User, request.user), **serializer.validated_data
        )
        return self.respond(result)

    @extend_schema(
        summary="Re-issue a corrected version with the same code (certifiers)",
        request=ReissueSerializer,
        responses={201: CertificateSerializer, 400: E400, 401: E401, 403: E403_CERTIFIER, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def reissue(self, request: Request, pk: str) -> Response:
        _require_certifier(request.user)
        certificate = self.get_object()
        serializer = ReissueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.certificate_reissue(
            certificate=certificate, actor=cast(User, request.user), **serializer.validated_data
        )
        return self.respond(result, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Generate a failed or pending PDF again (certifiers)",
        request=None,
        responses={200: CertificateSerializer, 400: E400, 401: E401, 403: E403_CERTIFIER, 404: E404},
    )
    @action(detail=True, methods=["post"], url_path="retry-pdf")
    def retry_pdf(self, request: Request, pk: str) -> Response:
        _require_certifier(request.user)
        result = services.pdf_retry(certificate=self.get_object(), actor=cast(User, request.user))
        return self.respond(result)

    @extend_schema(
        summary="Show or hide the holder's name in the public registry (the holder)",
        request=ListingSerializer,
        responses={200: CertificateSerializer, 400: E400, 401: E401, 404: E404},
    )
    @action(detail=True, methods=["post"])
    def listing(self, request: Request, pk: str) -> Response:
        certificate = self.get_object()
        if certificate.holder_id != request.user.pk:
            raise Http404
        serializer = ListingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.registry_listing_set(
            certificate=certificate,
            holder=cast(User, request.user),
            listed=serializer.validated_data["listed"],
        )
        return self.respond(certificate)

    @extend_schema(
        summary="The signed Open Badges 3.0 credential (holder, certifiers, admins)",
        responses={200: OpenApiTypes.OBJECT, 401: E401, 404: E404},
    )
    @action(detail=True, methods=["get"])
    def credential(self, request: Request, pk: str) -> Response:
        return Response(badges.signed_credential(self.get_object()))
