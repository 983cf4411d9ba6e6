from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.countries import Country
from trainers import selectors
from trainers.models import (
    Accreditation,
    CriterionAssessment,
    QualityCriterion,
    TrainerProfile,
    TrainingOrganisation,
)

LANGUAGE_CHOICES = [code for code, _name in settings.LANGUAGES]


class QualityCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = QualityCriterion
        fields = ("code", "applies_to", "title", "description")


class RegistryAccreditationSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug", read_only=True)
    role_title = serializers.CharField(source="role.title", read_only=True)

    class Meta:
        model = Accreditation
        fields = ("role", "role_title", "valid_until")


class TrainerSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    organisation = serializers.CharField(
        source="organisation.organisation.name", default=None, read_only=True, allow_null=True
    )
    languages = serializers.ListField(child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), read_only=True)
    accreditations = RegistryAccreditationSerializer(
        source="current_accreditations", many=True, read_only=True
    )

    class Meta:
        model = TrainerProfile
        fields = (
            "id",
            "full_name",
            "organisation",
            "country",
            "languages",
            "qualifications",
            "bio",
            "accreditations",
        )


class TrainingOrganisationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organisation.name", read_only=True)
    city = serializers.CharField(source="organisation.city", read_only=True)
    country = serializers.CharField(source="organisation.country", read_only=True)
    languages = serializers.ListField(child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), read_only=True)
    accreditations = RegistryAccreditationSerializer(
        source="current_accreditations", many=True, read_only=True
    )

    class Meta:
        model = TrainingOrganisation
        fields = ("id", "name", "city", "country", "website", "languages", "description", "accreditations")


class RegistryFilterSerializer(serializers.Serializer):
    role = serializers.SlugField(required=False, help_text=_("Identifier of a job role"))
    country = serializers.ChoiceField(choices=Country.choices, required=False)
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES, required=False)

    def validate_role(self, value: str) -> str:
        if not selectors.registry_roles().filter(slug=value).exists():
            raise serializers.ValidationError(_("There is no job role “%(role)s”.") % {"role": value})
        return value


class MyTrainerProfileSerializer(serializers.ModelSerializer):
    """The trainer's own profile. Texts are stored in the request's language."""

    organisation = serializers.CharField(
        source="organisation.organisation.name", default=None, read_only=True, allow_null=True
    )
    country = serializers.ChoiceField(choices=Country.choices)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), allow_empty=False
    )
    bio = serializers.CharField(required=False, allow_blank=True, default="")
    qualifications = serializers.CharField(required=False, allow_blank=True, default="")
    join_organisation = serializers.BooleanField(
        write_only=True,
        default=True,
        help_text=_("List me as a trainer of the training organisation I belong to."),
    )

    class Meta:
        model = TrainerProfile
        fields = ("id", "organisation", "country", "languages", "qualifications", "bio", "join_organisation")
        read_only_fields = ("id",)


class MyOrganisationSerializer(serializers.ModelSerializer):
    """The training organisation the trainer belongs to. The description is stored in the
    request's language."""

    name = serializers.CharField(source="organisation.name", read_only=True)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), allow_empty=False
    )
    # No defaults: an empty default would not be a valid uri or email in the schema.
    website = serializers.URLField(required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = TrainingOrganisation
        fields = ("id", "name", "languages", "website", "contact_email", "description")
        read_only_fields = ("id",)


class CriterionAssessmentSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code", read_only=True)
    criterion_title = serializers.CharField(source="criterion.title", read_only=True)

    class Meta:
        model = CriterionAssessment
        fields = ("criterion", "criterion_title", "evidence", "evidence_url", "decision", "comment")


class AccreditationSerializer(serializers.ModelSerializer):
    applicant_type = serializers.SerializerMethodField()
    applicant_name = serializers.SerializerMethodField()
    role = serializers.CharField(source="role.slug", read_only=True)
    role_title = serializers.CharField(source="role.title", read_only=True)
    status = serializers.ChoiceField(
        source="effective_status",
        choices=Accreditation.Status.choices,
        read_only=True,
        help_text=_("As of today: an accreditation past its date is expired."),
    )
    assessments = CriterionAssessmentSerializer(many=True, read_only=True)

    class Meta:
        model = Accreditation
        fields = (
            "id", "applicant_type", "applicant_name", "role", "role_title", "status", "valid_until",
            "applied_at", "decided_at", "decision_note", "assessments",
        )  # fmt: skip

    def get_applicant_type(self, obj: Accreditation) -> str:
        return "trainer" if obj.trainer_id else "organisation"

    def get_applicant_name(self, obj: Accreditation) -> str:
        return obj.trainer.user.full_name if obj.trainer else obj.organisation.organisation.name  # type: ignore[union-attr]


class EvidenceSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text=_("Code of a published quality criterion"))
    text = serializers.CharField(allow_blank=True)
    url = serializers.URLField(required=False, allow_blank=True)


class AccreditationApplySerializer(serializers.Serializer):
    role = serializers.PrimaryKeyRelatedField(
        queryset=selectors.registry_roles(),
        help_text=_("Identifier (id) of a job role of a published framework"),
    )
    for_organisation = serializers.BooleanField(
        default=False, help_text=_("Apply for the training organisation you belong to rather than yourself.")
    )
    evidence = EvidenceSerializer(many=True, allow_empty=False)

    def validate_evidence(self, value: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
        codes = [item["criterion"] for item in value]
        if len(codes) != len(set(codes)):
            raise serializers.ValidationError(_("Give each criterion once."))
        return {item["criterion"]: (item["text"], item.get("url", "")) for item in value}


class DecisionItemSerializer(serializers.Serializer):
    criterion = serializers.CharField()
    decision = serializers.ChoiceField(
        choices=[CriterionAssessment.Decision.MET, CriterionAssessment.Decision.NOT_MET]
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    decisions = DecisionItemSerializer(many=True, allow_empty=False)
    outcome = serializers.ChoiceField(choices=[("accredit", _("Accredit")), ("refuse", _("Refuse"))])
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_decisions(self, value: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
        return {item["criterion"]: (item["decision"], item.get("comment", "")) for item in value}


class ReasonSerializer(serializers.Serializer):
    note = serializers.CharField(help_text=_("Why the accreditation is suspended"))
