"""What a learner sees of an attempt: the one place that decides it, for pages and the API.

Built field by field (never from a model serializer) so that answer keys cannot slip in: while
the attempt runs, a question shows its text and its options in the learner's order, and the
learner's saved answer; after it, the scores; right answers, points per question and feedback
only when the test's feedback policy allows.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.attempts import feedback_allowed
from curriculum.models import Attempt, AttemptQuestion, CompetenceScore
from curriculum.question_format import Kind

CHOICE_KINDS = (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE)


def _options(item: AttemptQuestion) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Any]]:
    by_id = {choice.id: choice for choice in item.question.choices.all()}
    ordered = [by_id[i] for i in item.choice_order if i in by_id]
    kind = item.question.kind
    if kind in CHOICE_KINDS:
        return [{"id": c.id, "text": c.text} for c in ordered], [], ordered
    if kind == Kind.MATCHING:
        lefts = [
            {"id": c.id, "text": c.text} for c in sorted(ordered, key=lambda c: (c.position, c.id)) if c.text
        ]
        seen: set[str] = set()
        rights = []
        for choice in ordered:  # the learner's shuffled order; one option per distinct text
            if choice.match_text not in seen:
                seen.add(choice.match_text)
                rights.append({"id": choice.id, "text": choice.match_text})
        return lefts, rights, ordered
    return [], [], ordered


def _number(choice: Any) -> str:
    return f"{choice.number.normalize():f} ± {choice.tolerance.normalize():f}"


def _right_answer(kind: str, ordered: list[Any]) -> list[str]:
    """The right answer in words, in the reader's language."""
    if kind in CHOICE_KINDS:
        return [c.text for c in ordered if c.fraction > 0]
    if kind == Kind.TRUE_FALSE:
        return [_("True") if c.text_en == "true" else _("False") for c in ordered if c.fraction == 1]
    if kind == Kind.SHORT_ANSWER:
        return [c.text for c in ordered if c.fraction == 1 and c.text != "*"]
    if kind == Kind.NUMERIC:
        return [_number(c) for c in ordered if c.fraction == 1 and c.number is not None]
    return [f"{c.text} → {c.match_text}" for c in sorted(ordered, key=lambda c: (c.position, c.id)) if c.text]


def _given_answer(kind: str, ordered: list[Any], response: dict[str, Any] | None) -> list[str]:
    """What the learner answered, in words."""
    if not response:
        return []
    by_id = {c.id: c for c in ordered}
    if kind == Kind.SINGLE_CHOICE:
        return [by_id[response["choice"]].text] if response.get("choice") in by_id else []
    if kind == Kind.MULTIPLE_CHOICE:
        return [by_id[i].text for i in response.get("choices", []) if i in by_id]
    if kind == Kind.TRUE_FALSE:
        return [_("True") if response.get("value") else _("False")]
    if kind == Kind.SHORT_ANSWER:
        return [response.get("text", "")]
    if kind == Kind.NUMERIC:
        return [response.get("value", "")]
    pairs = response.get("pairs", {})
    return [
        f"{by_id[int(left)].text} → {by_id[right].match_text}"
        for left, right in pairs.items()
        if int(left) in by_id and right in by_id
    ]


def _feedback(item: AttemptQuestion, ordered: list[Any]) -> dict[str, Any]:
    question = item.question
    kind = question.kind
    response = item.response or {}
    picked: set[int] = set()
    if kind == Kind.SINGLE_CHOICE and "choice" in response:
        picked = {response["choice"]}
    elif kind == Kind.MULTIPLE_CHOICE:
        picked = set(response.get("choices", []))
    return {
        "earned": str(item.earned) if item.earned is not None else None,
        "right_answer": _right_answer(kind, ordered),
        "your_answer": _given_answer(kind, ordered, item.response),
        "general_feedback": question.general_feedback,
        "answer_feedback": [c.feedback for c in ordered if c.id in picked and c.feedback],
    }


def learner_view(*, attempt: Attempt) -> dict[str, Any]:
    finished = attempt.status != Attempt.Status.IN_PROGRESS
    show_feedback = feedback_allowed(attempt=attempt)
    items = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question", "question__competence")
        .prefetch_related("question__choices")
        .order_by("position")
    )
    questions = []
    for item in items:
        options, matches, ordered = _options(item)
        entry: dict[str, Any] = {
            "position": item.position,
            "question": item.question_id,
            "kind": item.question.kind,
            "text": item.question.text,
            "competence": {"code": item.question.competence.code, "title": item.question.competence.title},
            "points": str(item.points),
            "options": options,
            "matches": matches,
            "response": item.response,
            "saved_at": item.saved_at,
        }
        if finished and show_feedback:
            entry["feedback"] = _feedback(item, ordered)
        questions.append(entry)
    view: dict[str, Any] = {
        "id": attempt.pk,
        "test": {"id": attempt.test_id, "title": attempt.test.title, "kind": attempt.test.kind},
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "server_time": timezone.now(),
        "finished_at": attempt.finished_at,
        "answered": sum(1 for q in questions if q["response"] is not None),
        "feedback_available": finished and show_feedback,
        "questions": questions,
    }
    if finished:
        view["result"] = {
            "score": str(attempt.score),
            "pass_mark": str(attempt.test.pass_mark),
            "passed": attempt.passed,
            "competences": [
                {"code": s.competence.code, "title": s.competence.title, "percent": str(s.percent)}
                for s in CompetenceScore.objects.filter(attempt=attempt)
                .select_related("competence")
                .order_by("competence__code")
            ],
        }
    return view
