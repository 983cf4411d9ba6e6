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


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Question file"), help_text=_("GIFT (.txt, .gift) or Moodle XML (.xml), UTF-8.")
    )
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("gift", "GIFT"), ("moodlexml", "Moodle XML")]
    )
    competence = forms.CharField(
        label=_("Competence for every question (optional)"),
        required=False,
        max_length=32,
        help_text=_("A code such as SC-A.1. Leave empty when the file's categories are competence codes."),
    )
    language = forms.ChoiceField(label=_("Language of the file"), choices=settings.LANGUAGES)
    activate = forms.BooleanField(label=_("Put the questions in use at once"), required=False)


class QuestionFilterForm(forms.Form):
    competence = forms.CharField(label=_("Competence"), required=False, max_length=32)
    status = forms.ChoiceField(label=_("Status"), required=False)
    mine = forms.BooleanField(label=_("Only my questions"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from curriculum.models import Question

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Question.Status.choices]  # type: ignore[attr-defined]
