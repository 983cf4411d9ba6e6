"""modeltranslation registrations for the passport: department names are read by HR in any language."""

from modeltranslation.translator import TranslationOptions, register

from passport.models import Department


@register(Department)
class DepartmentTranslation(TranslationOptions):
    fields = ("name",)
