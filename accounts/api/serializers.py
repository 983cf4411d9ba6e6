from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organisation, User


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("Email address"))
    password = serializers.CharField(
        label=_("Password"), trim_whitespace=False, style={"input_type": "password"}
    )

    def validate(self, attrs: dict) -> dict:
        # django-axes counts failures and locks out on the Django request, not on DRF's wrapper.
        request = self.context.get("request")
        http_request = getattr(request, "_request", request)
        user = authenticate(http_request, username=attrs["email"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("The email address or the password is not correct.")]}
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ("id", "slug", "name", "kind", "country", "city")


class MeSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True, allow_null=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ("id", "email", "full_name", "preferred_language", "organisation", "roles", "is_staff")
        read_only_fields = fields

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_names)


class MeUpdateSerializer(serializers.Serializer):
    full_name = serializers.CharField(label=_("Full name"), max_length=200, required=False)
    preferred_language = serializers.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, required=False
    )
