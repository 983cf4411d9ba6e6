"""modeltranslation registrations for the curriculum."""

from modeltranslation.translator import TranslationOptions, register

from curriculum.models import (
    Choice,
    Course,
    GuidePage,
    LearningOutcome,
    Material,
    Module,
    Question,
    Test,
    Unit,
)


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Module)
class ModuleTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ("title", "description")


@register(LearningOutcome)
class LearningOutcomeTranslation(TranslationOptions):
    fields = ("text",)


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title", "description")


@register(GuidePage)
class GuidePageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "general_feedback")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("text", "match_text", "feedback")


@register(Test)
class TestTranslation(TranslationOptions):
    fields = ("title", "description")
