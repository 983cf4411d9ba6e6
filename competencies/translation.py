"""modeltranslation registrations: every text a person reads exists in the six languages."""

from modeltranslation.translator import TranslationOptions, register

from competencies.models import (
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    ProficiencyLevel,
    ProficiencyScale,
    RoleOccupation,
)


@register(ProficiencyScale)
class ProficiencyScaleTranslation(TranslationOptions):
    fields = ("title",)


@register(ProficiencyLevel)
class ProficiencyLevelTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Framework)
class FrameworkTranslation(TranslationOptions):
    fields = ("title", "description", "publisher")


@register(Competence)
class CompetenceTranslation(TranslationOptions):
    fields = ("title", "description", "alt_labels")


@register(LevelDescriptor)
class LevelDescriptorTranslation(TranslationOptions):
    fields = ("description",)


@register(JobRole)
class JobRoleTranslation(TranslationOptions):
    fields = ("title", "description")


@register(RoleOccupation)
class RoleOccupationTranslation(TranslationOptions):
    fields = ("title",)
