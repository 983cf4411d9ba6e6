from decimal import Decimal
from typing import Any

from django.conf import settings
from rest_framework import serializers

from competencies.models import Competence
from curriculum.models import (
    Attempt,
    Choice,
    Course,
    GuidePage,
    LearningOutcome,
    Material,
    MaterialVersion,
    Module,
    Question,
    Test,
    Unit,
)
from curriculum.question_format import Kind


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
    role = serializers.CharField(source="role.slug", default=None, read_only=True, allow_null=True)
    eqf_level = serializers.IntegerField(
        source="eqf_level.rank", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Course
        fields = ("slug", "code", "title", "role", "eqf_level", "hours", "ecvet")


class CourseDetailSerializer(CourseSerializer):
    modules = ModuleSerializer(many=True, read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = (*CourseSerializer.Meta.fields, "description", "modules")


class MaterialVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaterialVersion
        fields = ("number", "original_name", "content_type", "size", "sha256", "uploaded_at")


class MaterialSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(read_only=True)
    uploader = serializers.CharField(source="uploader.full_name", read_only=True)
    versions = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = (
            "id", "unit", "title", "description", "language", "url", "status", "rejection_reason",
            "uploader", "versions", "download",
        )  # fmt: skip

    def get_versions(self, material: Material) -> list[Any]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and material.uploader_id == user.pk:
            return list(MaterialVersionSerializer(material.versions.all(), many=True).data)
        version = material.approved_version
        return [MaterialVersionSerializer(version).data] if version else []

    def get_download(self, material: Material) -> str | None:
        request = self.context.get("request")
        if material.url or request is None:
            return None
        return request.build_absolute_uri(f"/api/v1/materials/{material.pk}/download/")


class MaterialCreateSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.filter(module__course__is_published=True))
    title = serializers.CharField(max_length=255)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    description = serializers.CharField(required=False, allow_blank=True)
    url = serializers.URLField(required=False, allow_blank=True)
    file = serializers.FileField(required=False, allow_empty_file=True, use_url=False)


class MaterialVersionCreateSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class GuidePageSerializer(serializers.ModelSerializer):
    class Meta:
        model = GuidePage
        fields = ("slug", "audience", "title", "summary")


class GuidePageDetailSerializer(GuidePageSerializer):
    html = serializers.SerializerMethodField()

    class Meta(GuidePageSerializer.Meta):
        fields = (*GuidePageSerializer.Meta.fields, "body", "html")

    def get_html(self, page: GuidePage) -> str:
        from curriculum.guide import render_body

        return str(render_body(page.body))


# --- Tests and attempts (what a learner sees; built by curriculum.attempt_view) -----------------


class TestSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug", default=None, read_only=True, allow_null=True)
    questions = serializers.IntegerField(source="question_count", read_only=True)
    my_attempts = serializers.IntegerField(source="my_attempt_count", read_only=True)

    class Meta:
        model = Test
        fields = (
            "id", "slug", "kind", "title", "description", "role", "questions", "time_limit_minutes",
            "pass_mark", "attempts_allowed", "wait_minutes", "opens_at", "closes_at", "feedback_policy",
            "my_attempts",
        )  # fmt: skip


TestSerializer.__test__ = False  # type: ignore[attr-defined]


class _CompetenceRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()


class _OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class _FeedbackSerializer(serializers.Serializer):
    earned = serializers.CharField(allow_null=True)
    right_answer = serializers.ListField(
        child=serializers.CharField(), help_text="The right answer, in words"
    )
    your_answer = serializers.ListField(
        child=serializers.CharField(), help_text="The learner's answer, in words"
    )
    general_feedback = serializers.CharField(allow_blank=True)
    answer_feedback = serializers.ListField(child=serializers.CharField())


class _AttemptQuestionSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    question = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    text = serializers.CharField()
    competence = _CompetenceRefSerializer()
    points = serializers.CharField()
    options = _OptionSerializer(
        many=True, help_text="Single and multiple choice: the answers; matching: the items to match"
    )
    matches = _OptionSerializer(many=True, help_text="Matching: the options to match the items with")
    response = serializers.JSONField(allow_null=True)
    saved_at = serializers.DateTimeField(allow_null=True)
    feedback = _FeedbackSerializer(required=False, help_text="Only once the test's feedback policy allows")


class _ResultSerializer(serializers.Serializer):
    score = serializers.CharField()
    pass_mark = serializers.CharField()
    passed = serializers.BooleanField()
    competences = serializers.ListField(child=serializers.DictField())


class _TestRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()


class AttemptViewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    test = _TestRefSerializer()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Attempt.Status.choices)
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField(help_text="Set by the server; answers after it are refused")
    server_time = serializers.DateTimeField(help_text="The server's clock, to count down from")
    finished_at = serializers.DateTimeField(allow_null=True)
    answered = serializers.IntegerField()
    feedback_available = serializers.BooleanField()
    questions = _AttemptQuestionSerializer(many=True)
    result = _ResultSerializer(required=False)


class AnswerSerializer(serializers.Serializer):
    response = serializers.JSONField(
        help_text='By type: {"choice": id}, {"choices": [ids]}, {"value": true}, {"text": "…"}, '
        '{"value": "3.5"}, {"pairs": {"item id": option id}}'
    )


class AnswerSavedSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    response = serializers.JSONField()
    saved_at = serializers.DateTimeField(allow_null=True)


# --- Question bank (trainers: with the answer keys) ---------------------------------------------


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ("id", "text", "match_text", "fraction", "feedback", "number", "tolerance")


class QuestionSerializer(serializers.ModelSerializer):
    competence = serializers.CharField(source="competence.code", read_only=True)
    author = serializers.CharField(source="author.full_name", default=None, read_only=True, allow_null=True)
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = (
            "id", "competence", "unit", "kind", "name", "text", "general_feedback", "points", "difficulty",
            "status", "author", "choices",
        )  # fmt: skip


class ChoiceInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    match_text = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    fraction = serializers.DecimalField(
        max_digits=6, decimal_places=5, min_value=Decimal(-1), max_value=Decimal(1)
    )
    feedback = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    number = serializers.DecimalField(
        max_digits=24, decimal_places=8, required=False, allow_null=True, default=None
    )
    tolerance = serializers.DecimalField(
        max_digits=24, decimal_places=8, required=False, default=Decimal(0), min_value=Decimal(0)
    )


class QuestionCreateSerializer(serializers.Serializer):
    competence = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Competence.objects.filter(framework__status="published", framework__key="smart-city"),
        help_text="Code of a competence of the published Smart City framework, e.g. SC-A.1",
    )
    kind = serializers.ChoiceField(choices=Kind.choices)
    name = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=5000)
    general_feedback = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    points = serializers.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal(1), min_value=Decimal("0.01")
    )
    difficulty = serializers.ChoiceField(
        choices=Question.Difficulty.choices, default=Question.Difficulty.MEDIUM
    )
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, default="en", help_text="Language of the texts"
    )
    activate = serializers.BooleanField(default=False)
    choices = ChoiceInputSerializer(many=True, allow_empty=False)


class QuestionImportSerializer(serializers.Serializer):
    file = serializers.FileField(use_url=False)
    file_format = serializers.ChoiceField(choices=[("gift", "GIFT"), ("moodlexml", "Moodle XML")])
    competence = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Code of one competence for every question"
    )
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="en")
    activate = serializers.BooleanField(default=False)


class ImportRowSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="Line (GIFT) or question number (Moodle XML)")
    name = serializers.CharField()
    outcome = serializers.ChoiceField(
        choices=[("imported", "imported"), ("duplicate", "duplicate"), ("skipped", "skipped")]
    )
    reason = serializers.CharField(allow_blank=True)
    question_id = serializers.IntegerField(allow_null=True)


class ImportReportSerializer(serializers.Serializer):
    imported = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    skipped = serializers.IntegerField()
    rows = ImportRowSerializer(many=True)
