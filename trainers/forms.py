"""Forms of the registry, the trainer's accreditation page and the certifier's queue. They
validate input; services decide."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.countries import Country
from competencies.models import JobRole
from trainers import selectors
from trainers.models import CriterionAssessment, QualityCriterion, today


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: JobRole) -> str:
        return str(obj.title)


class RegistryFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Job role"), required=False)
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("Any country")), *Country.choices]
    )
    language = forms.ChoiceField(
        label=_("Language taught"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )

    def __init__(self, *args: Any, roles: Iterable[JobRole], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Any role"))] + [(r.slug, r.title) for r in roles]  # type: ignore[attr-defined]


class TrainerProfileForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages you teach in"), choices=settings.LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    qualifications = forms.CharField(
        label=_("Qualifications"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    bio = forms.CharField(label=_("About me"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    join_organisation = forms.BooleanField(
        label=_("List me as a trainer of my organisation"), required=False, initial=True
    )


class OrganisationProfileForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages the organisation teaches in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ApplicationForm(forms.Form):
    """Role, and evidence (a description and an optional link) for each published criterion."""

    role = RoleChoiceField(label=_("Job role"), queryset=JobRole.objects.none())

    def __init__(self, *args: Any, criteria: list[QualityCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = selectors.registry_roles()  # type: ignore[attr-defined]
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"evidence_{criterion.code}"] = forms.CharField(
                label=f"{criterion.code} {criterion.title}",
                help_text=criterion.description,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.fields[f"link_{criterion.code}"] = forms.URLField(
                label=_("Link to evidence (optional)"), required=False, assume_scheme="https"
            )

    def evidence(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            c.code: (data.get(f"evidence_{c.code}") or "", data.get(f"link_{c.code}") or "")
            for c in self.criteria
        }


class DecisionForm(forms.Form):
    """A decision and a comment per criterion, then accredit until a date or refuse with a reason."""

    OUTCOMES = (("accredit", _("Accredit")), ("refuse", _("Refuse")))

    outcome = forms.ChoiceField(label=_("Decision"), choices=OUTCOMES, widget=forms.RadioSelect)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed to accredit; at most five years ahead."),
    )
    note = forms.CharField(
        label=_("Note to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to refuse."),
    )

    def __init__(self, *args: Any, assessments: Iterable[CriterionAssessment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].initial = today() + datetime.timedelta(days=3 * 365)
        self.codes = []
        choices = [
            (CriterionAssessment.Decision.MET, CriterionAssessment.Decision.MET.label),
            (CriterionAssessment.Decision.NOT_MET, CriterionAssessment.Decision.NOT_MET.label),
        ]
        for assessment in assessments:
            code = assessment.criterion.code
            self.codes.append(code)
            self.fields[f"decision_{code}"] = forms.ChoiceField(
                label=f"{code} {assessment.criterion.title}",
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{code}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.TextInput()
            )
        # The per-criterion fields come first, then the outcome.
        self.order_fields([name for code in self.codes for name in (f"decision_{code}", f"comment_{code}")])

    def decisions(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            code: (data.get(f"decision_{code}") or "", data.get(f"comment_{code}") or "")
            for code in self.codes
        }


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
