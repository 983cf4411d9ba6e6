"""Account endpoints: the signed-in user (``/me/``) and API tokens."""

from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.serializers import MeSerializer, MeUpdateSerializer, TokenRequestSerializer, TokenSerializer
from accounts.models import User
from core.api.responses import E400, E401, E429_SIGN_IN


class TokenView(APIView):
    """Anyone may exchange an email address and password for a token; the holder may revoke it."""

    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: E400, 429: E429_SIGN_IN},
        summary="Obtain an API token",
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response(TokenSerializer({"token": token.key}).data)


class TokenRevokeView(APIView):
    """The holder of a token (or a session) revokes their token."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses={204: None, 401: E401}, summary="Revoke your API token")
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=cast(User, request.user)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """Signed-in users: who am I, my organisation and roles; change my name or language."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: MeSerializer, 401: E401}, summary="The signed-in user")
    def get(self, request: Request) -> Response:
        user = selectors.user_with_details(user_id=cast(User, request.user).pk)
        return Response(MeSerializer(user).data)

    @extend_schema(
        request=MeUpdateSerializer,
        responses={200: MeSerializer, 400: E400, 401: E401},
        summary="Update your name or preferred language",
    )
    def patch(self, request: Request) -> Response:
        serializer = MeUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = cast(User, request.user)
        services.user_update_profile(
            user=user,
            full_name=serializer.validated_data.get("full_name", user.full_name),
            preferred_language=serializer.validated_data.get("preferred_language", user.preferred_language),
        )
        return Response(MeSerializer(selectors.user_with_details(user_id=user.pk)).data)
