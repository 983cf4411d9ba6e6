"""Administration of certification. Schemes are edited here; certificates, their events and
validation decisions are read-only, because issuing, revoking and deciding go through the
certifier's pages, which keep the rules and the history."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from certification.models import (
    Certificate,
    CertificateEvent,
    CertificationScheme,
    SchemeExam,
    ValidationCase,
)
from core.admin import ReadOnlyAdminMixin


class SchemeExamInline(admin.TabularInline):
    model = SchemeExam
    extra = 0


@admin.register(CertificationScheme)
class CertificationSchemeAdmin(TabbedTranslationAdmin):
    list_display = ("title", "role", "validity_months", "renewal", "validation_allowed", "is_published")
    list_filter = ("is_published", "validation_allowed", "renewal")
    filter_horizontal = ("required_units",)
    inlines = (SchemeExamInline,)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("serial", "version", "holder_name", "scheme", "status", "valid_until", "pdf_status")
    list_filter = ("status", "pdf_status", "scheme")
    list_select_related = ("scheme",)
    search_fields = ("serial", "holder_name", "holder__email")
    # The PDF is a private file without a public URL (the read-only form would link to it and
    # fail); its status is shown, and certifiers download it from their pages.
    exclude = ("code", "pdf")


@admin.register(CertificateEvent)
class CertificateEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("certificate", "action", "actor", "at")
    list_filter = ("action",)
    list_select_related = ("certificate", "actor")


@admin.register(ValidationCase)
class ValidationCaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("learner", "scheme", "phase", "opened_at", "submitted_at", "closed_at")
    list_filter = ("phase", "scheme")
    list_select_related = ("learner", "scheme")
