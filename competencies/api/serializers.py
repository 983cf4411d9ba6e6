from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from competencies.models import (
    Association,
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    ProficiencyLevel,
    RoleOccupation,
    RoleRequirement,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProficiencyLevel
        fields = ("rank", "code", "title")


class FrameworkSerializer(serializers.ModelSerializer):
    scale = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Framework
        fields = (
            "slug",
            "key",
            "version",
            "title",
            "description",
            "publisher",
            "status",
            "published_at",
            "scale",
        )


class CompetenceListSerializer(serializers.ModelSerializer):
    framework = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    min_level = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    max_level = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Competence
        fields = ("id", "framework", "parent", "kind", "code", "title", "uri", "min_level", "max_level")


class DescriptorSerializer(serializers.ModelSerializer):
    level = LevelSerializer()

    class Meta:
        model = LevelDescriptor
        fields = ("level", "description")


class AssociationSerializer(serializers.ModelSerializer):
    # An association may point outside the platform (``target_uri``) and then has no target.
    target = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    target_code = serializers.CharField(source="target.code", default=None, allow_null=True)
    target_title = serializers.CharField(source="target.title", default=None, allow_null=True)
    target_framework = serializers.CharField(source="target.framework.slug", default=None, allow_null=True)

    class Meta:
        model = Association
        fields = ("kind", "target", "target_uri", "target_code", "target_title", "target_framework")


class CompetenceDetailSerializer(CompetenceListSerializer):
    descriptors = DescriptorSerializer(many=True, read_only=True)
    associations = AssociationSerializer(source="associations_out", many=True, read_only=True)
    children = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    alt_labels = serializers.SerializerMethodField()

    class Meta(CompetenceListSerializer.Meta):
        fields = (
            *CompetenceListSerializer.Meta.fields,
            "description",
            "alt_labels",
            "descriptors",
            "associations",
            "children",
        )

    def get_alt_labels(self, competence: Competence) -> list[str]:
        return [line for line in (competence.alt_labels or "").splitlines() if line.strip()]


class CompetenceWriteSerializer(serializers.Serializer):
    """Create or change a competence in a draft framework; texts per language (``title_bg``…)."""

    framework = serializers.SlugRelatedField(
        slug_field="slug", queryset=Framework.objects.all(), required=False
    )
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Competence.objects.all(), required=False, allow_null=True
    )
    kind = serializers.ChoiceField(choices=Competence.Kind.choices, required=False)
    code = serializers.CharField(max_length=64, required=False, allow_blank=True)
    uri = serializers.CharField(max_length=255, required=False, allow_blank=True)
    position = serializers.IntegerField(min_value=0, required=False)

    def get_fields(self):
        fields = super().get_fields()
        for name in ("title", "description"):
            for code in LANGUAGES:
                fields[f"{name}_{code}"] = serializers.CharField(
                    required=False,
                    allow_blank=name != "title" or code != "en",
                    max_length=500 if name == "title" else None,
                    label=f"{name} ({code})",
                )
        return fields

    def validate(self, attrs):
        if self.instance is None:
            missing = [f for f in ("framework", "kind", "title_en") if not attrs.get(f)]
            if missing:
                raise serializers.ValidationError({f: [_("This field is required.")] for f in missing})
        return attrs


class OccupationSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleOccupation
        fields = ("uri", "title")


class RequirementSerializer(serializers.ModelSerializer):
    competence = CompetenceListSerializer()
    level = LevelSerializer()
    area = serializers.SerializerMethodField()

    class Meta:
        model = RoleRequirement
        fields = ("competence", "area", "level", "importance")

    def get_area(self, requirement: RoleRequirement) -> str | None:
        area = requirement.competence.area
        return area.code if area else None


class RoleListSerializer(serializers.ModelSerializer):
    framework = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    eqf_level = serializers.IntegerField(source="eqf_level.rank", default=None, allow_null=True)

    class Meta:
        model = JobRole
        fields = ("slug", "framework", "title", "eqf_level", "isco_code")


class RoleDetailSerializer(RoleListSerializer):
    occupations = OccupationSerializer(many=True, read_only=True)
    requirements = RequirementSerializer(many=True, read_only=True)

    class Meta(RoleListSerializer.Meta):
        fields = (*RoleListSerializer.Meta.fields, "description", "occupations", "requirements")


class NewVersionSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=32)
