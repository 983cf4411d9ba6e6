"""Passport API.

- ``/me/passport/``: your passport; switch its public link and your consent to share with HR
  (signed-in users).
- ``/me/self-assessment/``: your own ratings, read and saved all or nothing (signed-in users).
- ``/gaps/``: you against a role; HR staff may ask for a consenting member of their own
  organisation (others get 404).
- ``/organisations/{id}/needs/`` and ``/organisations/{id}/staff/{user_id}/``: HR staff of that
  organisation and administrators (other signed-in users 403, HR of another organisation 404).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation, User
from accounts.roles import Role
from core.api.lookups import id_or_404, is_slug
from core.api.responses import E400, E401, E404, forbidden
from core.errors import ApplicationError
from passport import selectors, services
from passport.api.serializers import (
    GapAnalysisSerializer,
    NeedsSerializer,
    PassportSerializer,
    PassportUpdateSerializer,
    PeoplePageSerializer,
    SelfAssessmentInputSerializer,
    SelfAssessmentSerializer,
    StaffMemberSerializer,
)
from passport.cache import remembered
from passport.models import Department
from passport.services import Rating

E403_HR = forbidden(gettext_lazy("Only HR staff may do this."))
PEOPLE_PER_PAGE = 50


def _user(request: Request) -> User:
    return cast(User, request.user)


def _hr_organisation(request: Request, organisation_id: Any) -> Organisation:
    user = _user(request)
    if not user.has_role(Role.HR_STAFF):
        raise PermissionDenied(_("Only HR staff may do this."))
    return selectors.organisation_for_hr(user, id_or_404(organisation_id))


def _passport_body(request: Request, user: User) -> dict[str, Any]:
    own = selectors.passport_get(user)
    record = selectors.staff_record(user)
    body = {
        "holder": user.full_name,
        "public_link": bool(own.share_token),
        "share_url": request.build_absolute_uri(reverse("passport:shared", args=[own.share_token]))
        if own.share_token
        else None,
        "organisation": user.organisation.name if user.organisation else None,
        "shared_with_organisation": bool(record and record.consent_given_at),
        "competences": selectors.passport_entries(user.pk),
    }
    return PassportSerializer(body).data


class PassportView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        summary="Your skills passport: every competence you hold, strongest evidence first (signed-in users)",
        responses={200: PassportSerializer, 401: E401},
    )
    def get(self, request: Request) -> Response:
        return Response(_passport_body(request, _user(request)))

    @extend_schema(
        summary="Switch your public link, or your sharing with HR, on or off (signed-in users)",
        request=PassportUpdateSerializer,
        responses={200: PassportSerializer, 400: E400, 401: E401},
    )
    def patch(self, request: Request) -> Response:
        serializer = PassportUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _user(request)
        if "public_link" in serializer.validated_data:
            services.passport_share_set(user=user, shared=serializer.validated_data["public_link"])
        if "shared_with_organisation" in serializer.validated_data:
            services.consent_set(user=user, consent=serializer.validated_data["shared_with_organisation"])
        return Response(_passport_body(request, user))


class SelfAssessmentView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        summary="Your self-assessed levels (signed-in users)",
        responses={200: SelfAssessmentSerializer(many=True), 401: E401},
    )
    def get(self, request: Request) -> Response:
        return Response(
            SelfAssessmentSerializer(selectors.self_assessments_of(_user(request)), many=True).data
        )

    @extend_schema(
        summary="Save self-assessed levels, all or none; a null level removes a rating (signed-in users)",
        request=SelfAssessmentInputSerializer,
        responses={200: SelfAssessmentSerializer(many=True), 400: E400, 401: E401},
    )
    def put(self, request: Request) -> Response:
        serializer = SelfAssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _user(request)
        ratings = [Rating(item["competence"], item["level"]) for item in serializer.validated_data["ratings"]]
        services.self_assessment_save(user=user, ratings=ratings)
        return Response(SelfAssessmentSerializer(selectors.self_assessments_of(user), many=True).data)


class GapView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        summary="A person against a role, requirement by requirement: yourself, or (HR staff) a consenting member of your organisation",
        parameters=[
            OpenApiParameter("role", OpenApiTypes.STR, required=True, description="Slug of the job role."),
            OpenApiParameter(
                "user",
                OpenApiTypes.INT,
                required=False,
                description="HR staff: a member of your organisation.",
            ),
        ],
        responses={200: GapAnalysisSerializer, 400: E400, 401: E401, 404: E404},
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        slug = request.query_params.get("role", "")
        if not slug:
            raise ApplicationError(_("Choose a role."), field_errors={"role": [_("Choose a role.")]})
        role = selectors.roles_available().filter(slug=slug).first() if is_slug(slug) else None
        if role is None:
            message = _("There is no role “%(slug)s”.") % {"slug": slug}
            raise ApplicationError(message, field_errors={"role": [message]})
        person = user
        asked = request.query_params.get("user")
        if asked is not None and id_or_404(asked) != user.pk:
            organisation_id = user.organisation_id
            if user.is_superuser:  # administrators: any organisation's consenting staff
                organisation_id = (
                    User.objects.filter(pk=id_or_404(asked)).values_list("organisation_id", flat=True).first()
                )
            if organisation_id is None or not user.has_role(Role.HR_STAFF):
                raise Http404
            organisation = selectors.organisation_for_hr(user, organisation_id)
            person = selectors.staff_member_for_hr(organisation, id_or_404(asked)).user
        analysis = selectors.gap_analysis(user_id=person.pk, role=role)
        return Response(GapAnalysisSerializer((analysis, person)).data)


class NeedsView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        summary="Competence needs of an organisation's consenting staff (HR staff of the organisation)",
        parameters=[
            OpenApiParameter("department", OpenApiTypes.STR, description="Slug of a department."),
            OpenApiParameter("role", OpenApiTypes.STR, description="Slug of a target role."),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page of the people, 50 a page."),
        ],
        responses={200: NeedsSerializer, 400: E400, 401: E401, 403: E403_HR, 404: E404},
    )
    def get(self, request: Request, organisation_id: str) -> Response:
        organisation = _hr_organisation(request, organisation_id)
        department = request.query_params.get("department", "")
        role = request.query_params.get("role", "")
        # Anything but a number is the first page (Paginator.get_page): one cache entry for all.
        number = request.query_params.get("page", "")
        number = number if number.isascii() and number.isdigit() else ""
        # The filters are part of the cache key: only identifiers that can exist get that far.
        if department and not is_slug(department):
            message = _("There is no department “%(slug)s” in this organisation.") % {"slug": department}
            raise ApplicationError(message, field_errors={"department": [message]})
        if role and not is_slug(role):
            message = _("There is no role “%(slug)s”.") % {"slug": role}
            raise ApplicationError(message, field_errors={"role": [message]})

        def compute() -> dict[str, Any]:
            needs = selectors.organisation_needs(organisation, department=department, role=role)
            page = Paginator(needs.people, PEOPLE_PER_PAGE).get_page(number)
            people = {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": list(page.object_list),
            }
            data = dict(NeedsSerializer(SimpleNamespace(**{**vars(needs), "people": people})).data)
            data["people"] = dict(PeoplePageSerializer(people).data)
            return data

        data = remembered(organisation, f"api:{department}:{role}:{number}", compute)
        return Response(data)


class StaffMemberView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        summary="Set a consenting staff member's department and target role (HR staff of the organisation)",
        request=StaffMemberSerializer,
        responses={200: StaffMemberSerializer, 400: E400, 401: E401, 403: E403_HR, 404: E404},
    )
    def patch(self, request: Request, organisation_id: str, user_id: str) -> Response:
        organisation = _hr_organisation(request, organisation_id)
        member = selectors.staff_member_for_hr(organisation, id_or_404(user_id))
        serializer = StaffMemberSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        department = member.department
        if "department" in data:
            department = None
            if data["department"]:
                department = Department.objects.filter(
                    organisation=organisation, slug=data["department"]
                ).first()
                if department is None:
                    message = _("There is no department “%(slug)s” in this organisation.") % {
                        "slug": data["department"]
                    }
                    raise ApplicationError(message, field_errors={"department": [message]})
        target_role = member.target_role
        if "target_role" in data:
            target_role = None
            if data["target_role"]:
                target_role = selectors.roles_available().filter(slug=data["target_role"]).first()
                if target_role is None:
                    message = _("There is no role “%(slug)s”.") % {"slug": data["target_role"]}
                    raise ApplicationError(message, field_errors={"target_role": [message]})
        services.staff_update(
            actor=_user(request), member=member, department=department, target_role=target_role
        )
        return Response(StaffMemberSerializer(member).data)
