"""Pages where learners take tests: the list of tests, a test's rules and the learner's attempts,
the attempt itself (works without JavaScript; with it, answers save as they change and a
countdown follows the server's deadline), and the result.

Who: signed-in users see the tests; learners start and take them; an attempt is only ever shown
to its learner (anybody else gets 404).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import Role
from core.errors import ApplicationError
from curriculum import attempts, selectors
from curriculum.attempt_view import learner_view
from curriculum.models import Attempt
from curriculum.question_format import Kind


@login_required
def test_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "curriculum/test_list.html", {"tests": list(selectors.tests_published(user=request.user))}
    )


def _test(request: HttpRequest, slug: str) -> Any:
    test = selectors.tests_published(user=request.user).filter(slug=slug).first()
    if test is None:
        raise Http404
    return test


@login_required
def test_detail(request: HttpRequest, slug: str) -> HttpResponse:
    test = _test(request, slug)
    mine = list(Attempt.objects.filter(test=test, learner_id=request.user.pk).order_by("-number"))
    in_progress = next((a for a in mine if a.status == Attempt.Status.IN_PROGRESS), None)
    context = {
        "test": test,
        "attempts": mine,
        "in_progress": in_progress,
        "is_learner": cast(User, request.user).has_role(Role.LEARNER),
        "refusal": None
        if in_progress
        else attempts.start_refusal(test=test, learner=cast(User, request.user)),
    }
    return render(request, "curriculum/test_detail.html", context)


@login_required
@require_POST
def test_start(request: HttpRequest, slug: str) -> HttpResponse:
    user = cast(User, request.user)
    if not user.has_role(Role.LEARNER):
        raise PermissionDenied(_("Only learners take tests."))
    test = _test(request, slug)
    try:
        attempt = attempts.attempt_start(test=test, learner=user)
    except ApplicationError as error:
        messages.error(request, str(error.message))
        return redirect("curriculum:test_detail", slug=slug)
    return redirect("curriculum:attempt", pk=attempt.pk)


def _response_from_form(question: dict[str, Any], data: Any) -> Any:
    """The answer the form holds for one question, or None when it holds none."""
    name = f"q-{question['question']}"
    kind = question["kind"]
    if kind == Kind.SINGLE_CHOICE:
        value = data.get(name)
        return {"choice": int(value)} if value and value.isdigit() else None
    if kind == Kind.MULTIPLE_CHOICE:
        values = [int(v) for v in data.getlist(name) if v.isdigit()]
        return {"choices": values} if values or data.get(f"{name}-shown") else None
    if kind == Kind.TRUE_FALSE:
        value = data.get(name)
        return {"value": value == "true"} if value in ("true", "false") else None
    if kind in (Kind.SHORT_ANSWER, Kind.NUMERIC):
        value = (data.get(name) or "").strip()
        if not value:
            return None
        return {"text": value} if kind == Kind.SHORT_ANSWER else {"value": value}
    if kind == Kind.MATCHING:
        pairs = {}
        for option in question["options"]:
            picked = data.get(f"{name}-{option['id']}")
            if picked and picked.isdigit():
                pairs[str(option["id"])] = int(picked)
        return {"pairs": pairs} if pairs else None
    return None


@login_required
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = attempts.attempt_for_learner(learner=request.user, attempt_id=pk)
    errors: dict[int, str] = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ("save", "submit"):
            return HttpResponseBadRequest()
        if attempt.status == Attempt.Status.IN_PROGRESS:
            view = learner_view(attempt=attempt)
            for question in view["questions"]:
                response = _response_from_form(question, request.POST)
                if response is None or response == question["response"]:
                    continue
                try:
                    attempts.answer_save(attempt=attempt, question_id=question["question"], response=response)
                except ApplicationError as error:
                    errors[question["question"]] = str(error.message)
            attempt = attempts.attempt_for_learner(learner=request.user, attempt_id=pk)
            if not errors and action == "submit" and attempt.status == Attempt.Status.IN_PROGRESS:
                attempts.attempt_submit(attempt=attempt)
                return redirect("curriculum:attempt", pk=pk)
            if not errors and action == "save":
                messages.success(request, _("Your answers are saved."))
                return redirect("curriculum:attempt", pk=pk)
    view = learner_view(attempt=attempt)
    for question in view["questions"]:
        question["error"] = errors.get(question["question"])
    context = {"attempt": attempt, "view": view, "chart": _chart(view.get("result"))}
    return render(request, "curriculum/attempt.html", context, status=400 if errors else 200)


def _chart(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """Geometry of the per-competence bar chart, drawn as SVG by the template: a code on the
    left, a bar scaled to 100 %, the value on the right, a dashed line at the pass mark."""
    if not result:
        return None
    bar, gap, left, bar_width = 18, 8, 70, 420
    pass_mark = Decimal(result["pass_mark"])
    rows = []
    for index, competence in enumerate(result["competences"]):
        percent = Decimal(competence["percent"])
        y = index * (bar + gap)
        rows.append(
            {
                **competence,
                "percent": percent,
                "passed": percent >= pass_mark,
                "y": y,
                "text_y": y + bar - 4,
                "length": (percent * bar_width / 100).quantize(Decimal("0.1")),
            }
        )
    return {
        "rows": rows,
        "bar": bar,
        "left": left,
        "bar_width": bar_width,
        "value_x": left + bar_width + 8,
        "width": left + bar_width + 60,
        "height": max(1, len(rows)) * (bar + gap),
        "pass_x": left + (pass_mark * bar_width / 100).quantize(Decimal("0.1")),
    }
