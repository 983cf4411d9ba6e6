"""Administration of trainers. Accreditations are decided on the certifier's pages (which keep the
rules); here they can only be read."""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import ReadOnlyAdminMixin
from trainers.models import (
    Accreditation,
    CriterionAssessment,
    QualityCriterion,
    TrainerProfile,
    TrainingOrganisation,
)


@admin.register(QualityCriterion)
class QualityCriterionAdmin(TabbedTranslationAdmin):
    list_display = ("code", "title", "applies_to", "position", "is_published")
    list_filter = ("applies_to", "is_published")


@admin.register(TrainingOrganisation)
class TrainingOrganisationAdmin(TabbedTranslationAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("organisation", "website", "contact_email")
    list_select_related = ("organisation",)
    search_fields = ("organisation__name",)


@admin.register(TrainerProfile)
class TrainerProfileAdmin(TabbedTranslationAdmin):
    list_display = ("user", "organisation", "country")
    list_select_related = ("user", "organisation__organisation")
    list_filter = ("country",)
    search_fields = ("user__full_name", "user__email")
    raw_id_fields = ("user",)


class CriterionAssessmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CriterionAssessment
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0


@admin.register(Accreditation)
class AccreditationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "role", "status", "valid_until", "applied_at", "decided_by")
    list_filter = ("status", "role")
    list_select_related = ("role", "trainer__user", "organisation__organisation", "decided_by")
    inlines = (CriterionAssessmentInline,)
