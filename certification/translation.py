"""modeltranslation registrations for certification."""

from modeltranslation.translator import TranslationOptions, register

from certification.models import CertificationScheme


@register(CertificationScheme)
class CertificationSchemeTranslation(TranslationOptions):
    fields = ("title", "summary", "rules_text")
