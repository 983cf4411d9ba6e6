"""Administration of the passport. Departments are edited here; staff records, self-assessments
and passports are read-only, because consent and ratings belong to the person and change only
through their own pages (and HR's targets through the HR pages)."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import ReadOnlyAdminMixin
from passport.models import Department, Passport, SelfAssessment, StaffMember


@admin.register(Department)
class DepartmentAdmin(TabbedTranslationAdmin):
    list_display = ("name", "organisation", "slug")
    list_filter = ("organisation",)
    search_fields = ("name", "slug")


@admin.register(StaffMember)
class StaffMemberAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "department", "target_role", "consent_given_at")
    list_filter = ("organisation",)
    list_select_related = ("user", "organisation", "department", "target_role")
    search_fields = ("user__full_name", "user__email")


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "competence", "level", "updated_at")
    list_select_related = ("user", "competence", "level")
    search_fields = ("user__full_name", "user__email", "competence__code")


@admin.register(Passport)
class PassportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "shared_since")
    list_select_related = ("user",)
    exclude = ("share_token",)
