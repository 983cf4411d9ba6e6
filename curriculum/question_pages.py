"""The trainer's question bank pages: the bank with filters, import of GIFT / Moodle XML files
with a report per question, export, a preview of each question with its answer key, putting
questions in use and retiring them. Trainers only (403 for everybody else)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.models import User
from accounts.permissions import RoleRequiredMixin
from accounts.roles import Role
from core.errors import ApplicationError
from core.forms import apply_errors
from curriculum import question_bank
from curriculum.downloads import question_file
from curriculum.forms import AnswerRowFormSet, QuestionFilterForm, QuestionForm, QuestionImportForm
from curriculum.models import Question
from curriculum.question_format import Answer, Item, Kind


def _bank(request: HttpRequest, form: QuestionFilterForm) -> Any:
    qs = Question.objects.select_related("competence", "author").order_by("competence__code", "id")
    if form.is_valid():
        data = form.cleaned_data
        if data.get("competence"):
            qs = qs.filter(competence__code__iexact=data["competence"].strip())
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("mine"):
            qs = qs.filter(author_id=request.user.pk)
    return qs


class QuestionBankView(RoleRequiredMixin, View):
    required_roles = (Role.TRAINER,)
    template_name = "curriculum/question_bank.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = QuestionFilterForm(request.GET or None)
        if request.GET.get("export") in question_bank.FORMATS:
            return question_file(
                questions=_bank(request, filters).prefetch_related("choices"),
                fmt=request.GET["export"],
                language=request.LANGUAGE_CODE,
            )
        return self.page(request, filters, QuestionImportForm(initial={"language": request.LANGUAGE_CODE}))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = QuestionImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = question_bank.import_upload(
                    user=cast(User, request.user),
                    upload=data["file"],
                    fmt=data["file_format"],
                    competence_code=data["competence"],
                    language=data["language"],
                    activate=data["activate"],
                )
            except ApplicationError as error:
                apply_errors(form, error)
        status = 200 if report is not None else 400
        return self.page(request, QuestionFilterForm(), form, report=report, status=status)

    def page(
        self,
        request: HttpRequest,
        filters: QuestionFilterForm,
        form: QuestionImportForm,
        report: Any = None,
        status: int = 200,
    ) -> HttpResponse:
        page = Paginator(_bank(request, filters), 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filters": filters,
            "form": form,
            "report": report,
            "page": page,
            "query": query.urlencode(),
        }
        return render(request, self.template_name, context, status=status)


class QuestionDetailView(RoleRequiredMixin, View):
    required_roles = (Role.TRAINER,)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        question: Question = get_object_or_404(
            Question.objects.select_related("competence", "author", "unit"), pk=pk
        )
        return render(
            request,
            "curriculum/question_detail.html",
            {"question": question, "choices": question.choices.all()},
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        question: Question = get_object_or_404(Question, pk=pk)
        wanted = {"activate": Question.Status.ACTIVE, "retire": Question.Status.RETIRED}.get(
            request.POST.get("action", "")
        )
        if wanted is None:
            return HttpResponseBadRequest()
        try:
            question_bank.question_set_status(question=question, user=cast(User, request.user), status=wanted)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("curriculum:question_detail", pk=pk)
        messages.success(
            request,
            _("The question is in use.")
            if wanted == Question.Status.ACTIVE
            else _("The question is retired."),
        )
        return redirect("curriculum:question_detail", pk=pk)


class QuestionCreateView(RoleRequiredMixin, View):
    """Trainers: write a question in the browser; it is checked like an imported one."""

    required_roles = (Role.TRAINER,)
    template_name = "curriculum/question_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = QuestionForm(initial={"language": request.LANGUAGE_CODE})
        return render(
            request, self.template_name, {"form": form, "answers": AnswerRowFormSet(prefix="answer")}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        form = QuestionForm(request.POST)
        answers = AnswerRowFormSet(request.POST, prefix="answer")
        if form.is_valid() and answers.is_valid():
            data = form.cleaned_data
            try:
                question = question_bank.question_create(
                    author=cast(User, request.user),
                    item=_item(data, [row for row in answers if row.cleaned_data and not row.is_blank()]),
                    competence=data["competence"],
                    language=data["language"],
                    difficulty=data["difficulty"],
                    activate=data["activate"],
                )
            except ApplicationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The question is saved."))
                return redirect("curriculum:question_detail", pk=question.pk)
        return render(request, self.template_name, {"form": form, "answers": answers}, status=400)


def _item(data: dict[str, Any], rows: list[Any]) -> Item:
    if data["kind"] == Kind.TRUE_FALSE:
        right = data.get("truefalse") or "true"
        answers = [
            Answer(text="true", fraction=Decimal(int(right == "true"))),
            Answer(text="false", fraction=Decimal(int(right == "false"))),
        ]
    else:
        answers = [
            Answer(
                text=(row.cleaned_data["text"] or "").strip(),
                match=(row.cleaned_data["match_text"] or "").strip(),
                fraction=(
                    row.cleaned_data["weight"] if row.cleaned_data["weight"] is not None else Decimal(0)
                )
                / 100,
                feedback=(row.cleaned_data["feedback"] or "").strip(),
                number=row.cleaned_data["value"],
                tolerance=row.cleaned_data["tolerance"] or Decimal(0),
            )
            for row in rows
        ]
        if data["kind"] == Kind.MATCHING:
            for answer in answers:
                answer.fraction = Decimal(1)
    return Item(
        line=0,
        name=data["name"],
        text=data["text"],
        kind=data["kind"],
        general_feedback=data.get("general_feedback") or "",
        points=data["points"],
        answers=answers,
    )
