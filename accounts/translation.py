"""modeltranslation registrations for accounts."""

from modeltranslation.translator import TranslationOptions, register

from accounts.models import Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name", "city")
    required_languages = ("en",)
