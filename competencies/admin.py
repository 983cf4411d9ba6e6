"""Admin for framework editors: drafts are editable (with a tab per language); published and
retired versions are read-only, as the services require."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from competencies import services
from competencies.models import (
    Association,
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    ProficiencyLevel,
    ProficiencyScale,
    RoleOccupation,
    RoleRequirement,
)
from core.errors import ApplicationError


def _framework_of(obj: Any) -> Framework | None:
    if obj is None:
        return None
    if isinstance(obj, Framework):
        return obj
    if isinstance(obj, JobRole | Competence):
        return obj.framework
    return None


class DraftOnlyMixin:
    """Change and delete only what belongs to a draft framework version."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        framework = _framework_of(obj)
        if framework is not None and not framework.is_editable:
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        framework = _framework_of(obj)
        if framework is not None and not framework.is_editable:
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]


class ProficiencyLevelInline(TranslationTabularInline):
    model = ProficiencyLevel
    extra = 0


@admin.register(ProficiencyScale)
class ProficiencyScaleAdmin(TabbedTranslationAdmin):
    list_display = ("slug", "title")
    inlines = (ProficiencyLevelInline,)


@admin.register(Framework)
class FrameworkAdmin(DraftOnlyMixin, TabbedTranslationAdmin):
    list_display = ("title", "version", "status", "published_at", "key")
    list_filter = ("status", "key")
    search_fields = ("title", "key", "slug")
    readonly_fields = ("status", "published_at", "derived_from", "case_identifier")
    actions = ("publish", "new_draft")

    @admin.action(description=_("Publish the selected drafts"))
    def publish(self, request: HttpRequest, queryset: Any) -> None:
        for framework in queryset:
            try:
                services.framework_publish(framework=framework)
            except ApplicationError as error:
                self.message_user(request, f"{framework}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("%(framework)s is published.") % {"framework": framework})

    @admin.action(description=_("Start a new draft version of the selected versions"))
    def new_draft(self, request: HttpRequest, queryset: Any) -> None:
        for framework in queryset:
            try:
                draft = services.framework_new_draft(
                    framework=framework, version=services.next_version(framework.version)
                )
            except ApplicationError as error:
                self.message_user(request, f"{framework}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, _("%(framework)s is a new draft.") % {"framework": draft})


class LevelDescriptorInline(TranslationTabularInline):
    model = LevelDescriptor
    extra = 0


class AssociationInline(admin.TabularInline):
    model = Association
    fk_name = "source"
    extra = 0
    raw_id_fields = ("target",)


@admin.register(Competence)
class CompetenceAdmin(DraftOnlyMixin, TabbedTranslationAdmin):
    list_display = ("code", "title", "kind", "framework")
    list_filter = ("framework", "kind")
    list_select_related = ("framework",)
    search_fields = ("code", "title", "uri")
    raw_id_fields = ("parent",)
    exclude = ("area", "search_text")
    show_full_result_count = False
    inlines = (LevelDescriptorInline, AssociationInline)

    def save_model(self, request: HttpRequest, obj: Competence, form: Any, change: bool) -> None:
        services.ensure_editable(obj.framework)
        services.competence_refresh_search_text(obj)
        super().save_model(request, obj, form, change)
        services.competence_place(obj, obj.parent)


class RoleRequirementInline(admin.TabularInline):
    model = RoleRequirement
    extra = 0
    raw_id_fields = ("competence",)


class RoleOccupationInline(TranslationTabularInline):
    model = RoleOccupation
    extra = 0


@admin.register(JobRole)
class JobRoleAdmin(DraftOnlyMixin, TabbedTranslationAdmin):
    list_display = ("title", "framework", "eqf_level", "isco_code")
    list_filter = ("framework",)
    list_select_related = ("framework", "eqf_level")
    inlines = (RoleOccupationInline, RoleRequirementInline)
