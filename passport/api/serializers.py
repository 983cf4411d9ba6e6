"""Serializers of the passport API. Read shapes mirror the pages; write shapes take ids and slugs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from passport.evidence import Source
from passport.selectors import MET, MISSING, PARTLY

STATUSES = ((MET, "met"), (PARTLY, "partly"), (MISSING, "missing"))
MAX_RATINGS = 500


class LevelRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    rank = serializers.IntegerField()


class CompetenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()


class HoldingSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices)
    source_label = serializers.CharField(source="get_source_display")
    verified = serializers.BooleanField()
    level = LevelRefSerializer()
    detail = serializers.CharField()
    on = serializers.DateField(allow_null=True)


class PassportEntrySerializer(serializers.Serializer):
    competence = CompetenceRefSerializer()
    level = LevelRefSerializer(source="best.level")
    source = serializers.ChoiceField(choices=Source.choices, source="best.source")
    sources = HoldingSerializer(
        many=True, source="holdings", help_text="Every piece of evidence, strongest first."
    )


class PassportSerializer(serializers.Serializer):
    holder = serializers.CharField()
    public_link = serializers.BooleanField()
    share_url = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(allow_null=True)
    shared_with_organisation = serializers.BooleanField()
    competences = PassportEntrySerializer(many=True)


class PassportUpdateSerializer(serializers.Serializer):
    public_link = serializers.BooleanField(
        required=False, help_text="Switch the public share link on or off."
    )
    shared_with_organisation = serializers.BooleanField(
        required=False, help_text="Share the passport with the HR staff of your organisation, or stop."
    )


class SelfAssessmentSerializer(serializers.Serializer):
    competence = CompetenceRefSerializer()
    level = LevelRefSerializer()
    updated_at = serializers.DateTimeField()


class RatingSerializer(serializers.Serializer):
    competence = serializers.IntegerField(min_value=1)
    level = serializers.IntegerField(
        min_value=1, allow_null=True, help_text="A level id; null removes the rating."
    )


class SelfAssessmentInputSerializer(serializers.Serializer):
    ratings = RatingSerializer(many=True, allow_empty=False, help_text="At most 500 ratings at once.")

    def validate_ratings(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > MAX_RATINGS:
            raise serializers.ValidationError(
                _("Send at most %(count)d ratings at once.") % {"count": MAX_RATINGS}
            )
        return value


class CourseRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    course = CourseRefSerializer(source="module.course")


class GapRowSerializer(serializers.Serializer):
    competence = CompetenceRefSerializer(source="requirement.competence")
    importance = serializers.CharField(source="requirement.importance")
    target = LevelRefSerializer(source="requirement.level")
    verified_level = LevelRefSerializer(allow_null=True)
    self_assessed_level = LevelRefSerializer(source="self_level", allow_null=True)
    status = serializers.ChoiceField(choices=STATUSES)
    units = UnitRefSerializer(many=True)


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    target = serializers.FloatField()
    held = serializers.FloatField()
    met = serializers.IntegerField()
    total = serializers.IntegerField()


class RoleRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class CountsSerializer(serializers.Serializer):
    met = serializers.IntegerField()
    partly = serializers.IntegerField()
    missing = serializers.IntegerField()


class GapAnalysisSerializer(serializers.Serializer):
    person = serializers.CharField()
    role = RoleRefSerializer()
    ready = serializers.BooleanField()
    counts = CountsSerializer()
    areas = AreaSerializer(many=True)
    requirements = GapRowSerializer(many=True, source="rows")

    def to_representation(self, instance: Any) -> Any:
        analysis, person = instance
        analysis.person = person.full_name
        return super().to_representation(analysis)


class ReadinessSerializer(serializers.Serializer):
    role = RoleRefSerializer()
    targeted = serializers.IntegerField()
    ready_targeted = serializers.IntegerField()
    ready_all = serializers.IntegerField()


class FrequentGapSerializer(serializers.Serializer):
    competence = CompetenceRefSerializer()
    people = serializers.IntegerField()
    essential = serializers.IntegerField()
    missing = serializers.IntegerField()


class TrainingSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    gaps = serializers.IntegerField()
    people = serializers.IntegerField()


class CellSerializer(serializers.Serializer):
    competence = serializers.IntegerField()
    status = serializers.ChoiceField(choices=STATUSES)
    level = serializers.CharField(allow_null=True)
    target = serializers.CharField()
    essential = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    name = serializers.CharField()
    department = serializers.CharField(allow_null=True)
    target_role = serializers.CharField(allow_null=True, help_text="Slug of the target role.")
    ready = serializers.BooleanField(allow_null=True)
    counts = CountsSerializer()
    cells = CellSerializer(many=True)

    def to_representation(self, instance: Any) -> Any:
        return {
            "user_id": instance.user_id,
            "name": instance.name,
            "department": instance.department.slug if instance.department else None,
            "target_role": instance.target_role.slug if instance.target_role else None,
            "ready": instance.ready,
            "counts": instance.counts,
            "cells": [
                {
                    "competence": competence_id,
                    "status": cell.status,
                    "level": cell.level.code if cell.level else None,
                    "target": cell.target.code,
                    "essential": cell.essential,
                }
                for competence_id, cell in instance.cells.items()
            ],
        }


class PeoplePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = PersonSerializer(many=True)


class DepartmentSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class NeedsSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.name")
    department = serializers.CharField(source="department.slug", allow_null=True, default=None)
    role = serializers.CharField(source="role.slug", allow_null=True, default=None)
    departments = DepartmentSerializer(many=True)
    readiness = ReadinessSerializer(many=True)
    frequent_gaps = FrequentGapSerializer(many=True)
    training = TrainingSerializer(many=True)
    competences = CompetenceRefSerializer(many=True, source="columns")
    people = PeoplePageSerializer()


class StaffMemberSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="user.full_name", read_only=True)
    department = serializers.SlugField(
        allow_null=True, required=False, help_text="Slug of a department of the organisation, or null."
    )
    target_role = serializers.SlugField(
        allow_null=True, required=False, help_text="Slug of a job role, or null."
    )

    def to_representation(self, instance: Any) -> Any:
        return {
            "user_id": instance.user_id,
            "name": instance.user.full_name,
            "department": instance.department.slug if instance.department else None,
            "target_role": instance.target_role.slug if instance.target_role else None,
        }
