from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from curriculum.models import Course, LearningOutcome, Module, Unit


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
