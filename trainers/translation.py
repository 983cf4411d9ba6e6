"""modeltranslation registrations for trainers.

Profiles are written by their owners in one language: a reader whose language is missing sees
the text in the first language that has it, rather than nothing.
"""

from django.conf import settings
from modeltranslation.translator import TranslationOptions, register

from trainers.models import QualityCriterion, TrainerProfile, TrainingOrganisation

ANY_LANGUAGE = {"default": tuple(code for code, _name in settings.LANGUAGES)}


@register(TrainingOrganisation)
class TrainingOrganisationTranslation(TranslationOptions):
    fields = ("description",)
    fallback_languages = ANY_LANGUAGE


@register(TrainerProfile)
class TrainerProfileTranslation(TranslationOptions):
    fields = ("bio", "qualifications")
    fallback_languages = ANY_LANGUAGE


@register(QualityCriterion)
class QualityCriterionTranslation(TranslationOptions):
    fields = ("title", "description")
