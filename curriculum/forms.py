"""Forms of the trainer workspace and the review queue. They validate input; services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from competencies.models import Competence
from curriculum import selectors
from curriculum.models import Question, Unit
from curriculum.question_format import Kind


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
        # The bank page also holds the import form, which has a competence field too: ids of their own.
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status")), *Question.Status.choices]  # type: ignore[attr-defined]


class CompetenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}"


class QuestionForm(forms.Form):
    """A question written in the browser. Answers come from the rows of :class:`AnswerRowForm`."""

    competence = CompetenceChoiceField(label=_("Competence"), queryset=Competence.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    name = forms.CharField(label=_("Short name"), max_length=200)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    general_feedback = forms.CharField(
        label=_("General feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    points = forms.DecimalField(
        label=_("Points"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2, initial=1
    )
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"), choices=Question.Difficulty.choices, coerce=int, initial=2
    )
    truefalse = forms.ChoiceField(
        label=_("For a true/false question: the right answer"),
        choices=[("true", _("True")), ("false", _("False"))],
        required=False,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language of the texts"), choices=settings.LANGUAGES)
    activate = forms.BooleanField(label=_("Put the question in use at once"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = (  # type: ignore[attr-defined]
            Competence.objects.filter(framework__key="smart-city", framework__status="published")
            .exclude(kind="area")
            .order_by("code")
        )


class AnswerRowForm(forms.Form):
    text = forms.CharField(label=_("Answer"), required=False, max_length=2000)
    match_text = forms.CharField(label=_("Matches (matching questions)"), required=False, max_length=500)
    weight = forms.DecimalField(
        label=_("Share of the points (%)"),
        required=False,
        min_value=-100,
        max_value=100,
        max_digits=8,
        decimal_places=3,
    )
    value = forms.DecimalField(
        label=_("Value (numeric questions)"), required=False, max_digits=24, decimal_places=8
    )
    tolerance = forms.DecimalField(
        label=_("Tolerance"), required=False, min_value=0, max_digits=24, decimal_places=8
    )
    feedback = forms.CharField(label=_("Feedback for this answer"), required=False, max_length=2000)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(key) not in (None, "") for key in ("text", "match_text", "value"))


AnswerRowFormSet = forms.formset_factory(AnswerRowForm, extra=6, max_num=12, validate_max=True)
