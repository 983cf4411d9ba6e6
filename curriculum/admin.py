from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from core.admin import ReadOnlyAdminMixin
from curriculum.models import (
    Attempt,
    BlueprintRule,
    Choice,
    Course,
    LearningOutcome,
    Module,
    Question,
    Test,
    Unit,
)


class ModuleInline(TranslationStackedInline):
    model = Module
    extra = 0


@admin.register(Course)
class CourseAdmin(TabbedTranslationAdmin):
    list_display = ("code", "title", "role", "hours", "ecvet", "is_published")
    list_filter = ("is_published",)
    list_select_related = ("role",)
    inlines = (ModuleInline,)


class LearningOutcomeInline(TranslationStackedInline):
    model = LearningOutcome
    extra = 0
    autocomplete_fields = ("competences",)


@admin.register(Unit)
class UnitAdmin(TabbedTranslationAdmin):
    list_display = ("code", "title", "module", "hours", "ecvet")
    list_select_related = ("module", "module__course")
    search_fields = ("code", "title")
    inlines = (LearningOutcomeInline,)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(TabbedTranslationAdmin):
    list_display = ("name", "competence", "kind", "difficulty", "status", "author")
    list_filter = ("status", "kind", "difficulty")
    list_select_related = ("competence", "author")
    search_fields = ("name", "text", "competence__code")
    raw_id_fields = ("competence", "unit", "author")
    inlines = (ChoiceInline,)


class BlueprintRuleInline(admin.TabularInline):
    model = BlueprintRule
    extra = 0
    raw_id_fields = ("competence", "unit")


@admin.register(Test)
class TestAdmin(TabbedTranslationAdmin):
    list_display = (
        "title",
        "kind",
        "role",
        "time_limit_minutes",
        "pass_mark",
        "attempts_allowed",
        "is_published",
    )
    list_filter = ("kind", "is_published")
    list_select_related = ("role",)
    inlines = (BlueprintRuleInline,)


TestAdmin.__test__ = False  # type: ignore[attr-defined]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Attempts are the learners' records: read here, never changed."""

    list_display = ("test", "learner", "number", "status", "score", "passed", "started_at")
    list_filter = ("status", "test")
    list_select_related = ("test", "learner")
