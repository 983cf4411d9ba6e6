"""The framework browser's filter form (GET): invalid values are reported, never a 500."""

from typing import Any, cast

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

    def __init__(
        self, *args: Any, framework: Framework, areas: list[Competence], roles: list[JobRole], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        levels = list(framework.scale.levels.all()) if framework.scale is not None else []
        choices: dict[str, list[tuple[Any, Any]]] = {
            "kind": [("", _("Any kind")), *Competence.Kind.choices],
            "area": [("", _("Any area")), *((a.pk, f"{a.code} {a.title}".strip()) for a in areas)],
            "level": [("", _("Any level")), *((lv.rank, f"{lv.code} {lv.title}") for lv in levels)],
            "role": [("", _("Any role")), *((r.pk, r.title) for r in roles)],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options
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
