"""Forms of the trainer workspace and the review queue. They validate input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from curriculum import selectors
from curriculum.models import Unit


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.module.course.code} · {obj.code} {obj.title}"


class MaterialForm(forms.Form):
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=255)
    language = forms.ChoiceField(label=_("Language of the material"), choices=settings.LANGUAGES)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, office document, image, video or zip archive, up to %(limit)s MB.")
        % {"limit": settings.MATERIAL_MAX_UPLOAD_MB},
    )
    url = forms.URLField(label=_("Or a link"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_for_choice()  # type: ignore[attr-defined]


class VersionForm(forms.Form):
    file = forms.FileField(label=_("New file"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2}))
