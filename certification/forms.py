from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from certification.models import Evidence, ValidationClaim
from competencies.models import Competence, ProficiencyLevel


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=64, required=False)
    file = forms.FileField(
        label=_("…or a certificate PDF or credential file"),
        required=False,
        help_text=_("The file is only checked, not kept."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("code") and not data.get("file"):
            raise forms.ValidationError(_("Enter a verification code or choose a file."))
        return data


class IssueForm(forms.Form):
    holders = forms.MultipleChoiceField(label=_("Candidates"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(pk), name) for pk, name in candidates]
        self.fields["holders"].choices = choices  # type: ignore[attr-defined]


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class RenewForm(forms.Form):
    evidence = forms.CharField(
        label=_("Continuing education (what, where, when)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=2000, required=False, initial=0)


class ReissueForm(forms.Form):
    correction = forms.CharField(
        label=_("What is corrected"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    holder_name = forms.CharField(
        label=_("Holder's name as it should appear"), max_length=200, required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the certificate"),
        choices=[("", _("unchanged")), *settings.LANGUAGES],
        required=False,
    )


class CaseOpenForm(forms.Form):
    competences: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Competences you want validated"),
        queryset=Competence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    statement = forms.CharField(
        label=_("What you have learnt, and where"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        required=False,
    )

    def __init__(self, *args: Any, competences: list[Competence], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competences"]
        field.queryset = Competence.objects.filter(pk__in=[c.pk for c in competences]).order_by("code")  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: f"{c.code} {c.title}"  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    claim = forms.TypedChoiceField(label=_("Competence"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=Evidence.Kind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=8000, required=False
    )
    url = forms.CharField(label=_("Link"), max_length=500, required=False)
    file = forms.FileField(label=_("File"), required=False)

    def __init__(self, *args: Any, claims: list[ValidationClaim], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claim"].choices = [  # type: ignore[attr-defined]
            (claim.pk, f"{claim.competence.code} {claim.competence.title}") for claim in claims
        ]


class AssessForm(forms.Form):
    """One decision, level and comment per claimed competence."""

    def __init__(
        self, *args: Any, claims: list[ValidationClaim], levels: list[ProficiencyLevel], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.claims = claims
        choices = [
            ("", _("not decided")),
            (ValidationClaim.Decision.ACCEPTED, _("Accepted")),
            (ValidationClaim.Decision.REJECTED, _("Rejected")),
        ]
        level_choices = [("", "—"), *((str(level.pk), f"{level.code} {level.title}") for level in levels)]
        for claim in claims:
            self.fields[f"decision_{claim.pk}"] = forms.ChoiceField(
                label=_("Decision"), choices=choices, required=False, initial=claim.decision
            )
            self.fields[f"level_{claim.pk}"] = forms.ChoiceField(
                label=_("Level"), choices=level_choices, required=False, initial=claim.level_id or ""
            )
            self.fields[f"comment_{claim.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=4000, initial=claim.comment
            )

    def decisions(self) -> dict[int, tuple[str, int | None, str]]:
        data = self.cleaned_data
        return {
            claim.pk: (
                data[f"decision_{claim.pk}"],
                int(data[f"level_{claim.pk}"]) if data[f"level_{claim.pk}"] else None,
                data[f"comment_{claim.pk}"],
            )
            for claim in self.claims
        }

    def rows(self) -> list[tuple[ValidationClaim, Any, Any, Any]]:
        return [
            (claim, self[f"decision_{claim.pk}"], self[f"level_{claim.pk}"], self[f"comment_{claim.pk}"])
            for claim in self.claims
        ]
