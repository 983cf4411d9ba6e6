"""The framework browser's filter form (GET): invalid values are reported, never a 500."""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from competencies import selectors
from competencies.models import Competence, Framework
from competencies.selectors import CompetenceFilters


class CompetenceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    area = forms.TypedChoiceField(label=_("Area"), required=False, coerce=int, empty_value=None)
    level = forms.TypedChoiceField(label=_("Level"), required=False, coerce=int, empty_value=None)
    role = forms.TypedChoiceField(label=_("Job role"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices are callables: the options are looked up only when the form is validated or
        # drawn, so a page served from the cache costs nothing for them.

        def options(name: str, empty: Any) -> Callable[[], list[tuple[Any, Any]]]:
            return lambda: [("", empty), *selectors.framework_filter_options(framework=framework)[name]]

        cast(forms.ChoiceField, self.fields["kind"]).choices = lambda: [
            ("", _("Any kind")),
            *Competence.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["area"]).choices = options("area", _("Any area"))
        cast(forms.ChoiceField, self.fields["level"]).choices = options("level", _("Any level"))
        cast(forms.ChoiceField, self.fields["role"]).choices = options("role", _("Any role"))

    def shown_fields(self) -> list[forms.BoundField]:
        """The search box and every filter that has something to choose."""
        return [field for field in self if field.name == "q" or len(list(cast(Any, field.field).choices)) > 1]

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
