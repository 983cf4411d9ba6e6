from rest_framework import serializers

from curriculum.models import Course, LearningOutcome, Module, Unit


class OutcomeSerializer(serializers.ModelSerializer):
    level = serializers.SlugRelatedField(slug_field="code", read_only=True)
    competences = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = LearningOutcome
        fields = ("code", "text", "level", "competences")


class UnitSerializer(serializers.ModelSerializer):
    course = serializers.CharField(source="module.course.slug", read_only=True)
    module = serializers.CharField(source="module.code", read_only=True)

    class Meta:
        model = Unit
        fields = ("id", "course", "module", "code", "title", "hours", "ecvet")


class UnitDetailSerializer(UnitSerializer):
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = (*UnitSerializer.Meta.fields, "description", "outcomes")


class ModuleSerializer(serializers.ModelSerializer):
    units = UnitDetailSerializer(many=True, read_only=True)

    class Meta:
        model = Module
        fields = ("code", "title", "description", "units")


class CourseSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug", default=None, read_only=True)
    eqf_level = serializers.IntegerField(source="eqf_level.rank", default=None, read_only=True)

    class Meta:
        model = Course
        fields = ("slug", "code", "title", "role", "eqf_level", "hours", "ecvet")


class CourseDetailSerializer(CourseSerializer):
    modules = ModuleSerializer(many=True, read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = (*CourseSerializer.Meta.fields, "description", "modules")
