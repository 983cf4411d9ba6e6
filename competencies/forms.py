"""The framework browser's filter form (GET): invalid values are reported, never a 500."""

from django import forms
from django.utils.translation import gettext_lazy as _

from competencies.models import Competence, Framework, JobRole
from competencies.selectors import CompetenceFilters


class CompetenceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int, empty_value=None)
    role = forms.TypedChoiceField(label=_("Job role"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, framework: Framework, areas: list[Competence], roles: list[JobRole], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *Competence.Kind.choices]
        self.fields["area"].choices = [
            ("", _("Any area")),
            *((a.pk, f"{a.code} {a.title}".strip()) for a in areas),
        ]
        levels = list(framework.scale.levels.all()) if framework.scale_id else []
        self.fields["level"].choices = [
            ("", _("Any level")),
            *((lv.rank, f"{lv.code} {lv.title}") for lv in levels),
        ]
        self.fields["role"].choices = [("", _("Any role")), *((r.pk, r.title) for r in roles)]
        if not roles:
            del self.fields["role"]
        if not levels:
            del self.fields["level"]

    def filters(self) -> CompetenceFilters:
        if not self.is_valid():
            return CompetenceFilters()
        data = self.cleaned_data
        return CompetenceFilters(
            query=data.get("q") or "",
            kind=data.get("kind") or "",
            area_id=data.get("area"),
            level_rank=data.get("level"),
            role_id=data.get("role"),
        )
