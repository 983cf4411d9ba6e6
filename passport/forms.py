"""Forms of the passport pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competencies.models import JobRole
from core.errors import ApplicationError
from passport.models import Department, StaffMember
from passport.services import Rating

#: Self-assessment fields are named ``level-<competence id>``; an empty value removes the rating.
RATING_PREFIX = "level-"


def ratings_from(data: QueryDict) -> list[Rating]:
    ratings = []
    for key in data:
        if not key.startswith(RATING_PREFIX):
            continue
        competence, level = key[len(RATING_PREFIX) :], str(data.get(key, "")).strip()
        if not competence.isdigit() or (level and not level.isdigit()):
            raise ApplicationError(_("The form was changed on the way: reload the page and try again."))
        ratings.append(Rating(int(competence), int(level) if level else None))
    return ratings


class StaffForm(forms.ModelForm):
    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        queryset=Department.objects.none(), required=False, label=gettext_lazy("Department")
    )
    target_role: forms.ModelChoiceField[JobRole] = forms.ModelChoiceField(
        queryset=JobRole.objects.none(), required=False, label=gettext_lazy("Target role")
    )

    class Meta:
        model = StaffMember
        fields = ("department", "target_role")

    def __init__(
        self, *args: Any, departments: list[Department], roles: list[JobRole], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        department_field = cast(forms.ModelChoiceField, self.fields["department"])
        role_field = cast(forms.ModelChoiceField, self.fields["target_role"])
        department_field.queryset = Department.objects.filter(pk__in=[d.pk for d in departments])
        department_field.choices = [("", "—")] + [(d.pk, d.name) for d in departments]
        role_field.queryset = JobRole.objects.filter(pk__in=[r.pk for r in roles])
        role_field.choices = [("", "—")] + [(r.pk, r.title) for r in roles]
        # The page lays the fields out in a table row; each row submits its own form.
        for field in (department_field, role_field):
            field.widget.attrs["form"] = f"staff-{self.instance.user_id}"
