"""Checking the shape of a learner's answer and grading it, per question type.

Answers (JSON) by type:

- single choice: ``{"choice": <choice id>}``
- multiple choice: ``{"choices": [<choice id>, …]}``
- true/false: ``{"value": true}``
- short answer: ``{"text": "…"}``
- numeric: ``{"value": "3.5"}`` (a comma works as the decimal mark too)
- matching: ``{"pairs": {"<choice id of the left item>": <choice id of the right item>, …}}``

:func:`fraction` returns the share of the question's points earned, from 0 to 1: multiple choice
adds the weights of the picks (wrong picks take points away) and floors at zero; numeric answers
count within their tolerance; short answers ignore case, accents and extra spaces; matching
counts the pairs matched right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from curriculum.question_format import Kind

ZERO, ONE = Decimal(0), Decimal(1)


def fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: how short answers are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(message, field_errors={"response": [message]})


def clean_response(kind: str, choices: Sequence[Any], response: Any) -> dict[str, Any]:
    """The answer in its canonical form, or an error naming what is wrong with it. ``choices``
    are the question's choices (objects with ``id`` and ``match_text``)."""
    if not isinstance(response, dict):
        raise _invalid(_("The answer must be a JSON object."))
    ids = {choice.id for choice in choices}
    if kind == Kind.SINGLE_CHOICE:
        choice = response.get("choice")
        if not isinstance(choice, int) or isinstance(choice, bool) or choice not in ids:
            raise _invalid(_("Choose one of the answers."))
        return {"choice": choice}
    if kind == Kind.MULTIPLE_CHOICE:
        picked = response.get("choices")
        if not isinstance(picked, list) or any(
            not isinstance(c, int) or isinstance(c, bool) or c not in ids for c in picked
        ):
            raise _invalid(_("Choose among the answers."))
        return {"choices": sorted(set(picked))}
    if kind == Kind.TRUE_FALSE:
        value = response.get("value")
        if not isinstance(value, bool):
            raise _invalid(_("Answer true or false."))
        return {"value": value}
    if kind == Kind.SHORT_ANSWER:
        text = response.get("text")
        if not isinstance(text, str) or len(text) > 500:
            raise _invalid(_("Write a short answer (500 characters at most)."))
        # PostgreSQL cannot store a NUL character in JSON; no answer needs one.
        return {"text": text.replace("\x00", "").strip()}
    if kind == Kind.NUMERIC:
        number = _number(response.get("value"))
        if number is None:
            raise _invalid(_("Enter a number."))
        return {"value": str(number)}
    if kind == Kind.MATCHING:
        pairs = response.get("pairs")
        lefts = {str(choice.id) for choice in choices if _has_left(choice)}
        if (
            not isinstance(pairs, dict)
            or any(key not in lefts for key in pairs)
            or any(not isinstance(v, int) or isinstance(v, bool) or v not in ids for v in pairs.values())
        ):
            raise _invalid(_("Match each item with one of the offered answers."))
        return {"pairs": dict(sorted(pairs.items()))}
    raise _invalid(_("This question cannot be answered."))


def fraction(kind: str, choices: Sequence[Any], response: dict[str, Any] | None) -> Decimal:
    """Share of the points earned by a cleaned answer (``None``: not answered)."""
    if response is None:
        return ZERO
    by_id = {choice.id: choice for choice in choices}
    if kind == Kind.SINGLE_CHOICE:
        return max(ZERO, by_id[response["choice"]].fraction)
    if kind == Kind.MULTIPLE_CHOICE:
        total = sum((by_id[c].fraction for c in response["choices"]), ZERO)
        return min(ONE, max(ZERO, total))
    if kind == Kind.TRUE_FALSE:
        wanted = "true" if response["value"] else "false"
        return max((max(ZERO, c.fraction) for c in choices if c.text_en == wanted), default=ZERO)
    if kind == Kind.SHORT_ANSWER:
        given = fold(response["text"])
        if not given:
            return ZERO
        best = ZERO
        for choice in choices:
            accepted = {
                fold(getattr(choice, f"text_{code}", "") or "")
                for code in ("en", "bg", "ro", "de", "es", "el")
            }
            accepted.add(fold(choice.text or ""))
            if "*" in accepted or given in accepted:
                best = max(best, choice.fraction)
        return best
    if kind == Kind.NUMERIC:
        value = Decimal(response["value"])
        best = ZERO
        for choice in choices:
            if choice.number is None or abs(value - choice.number) <= choice.tolerance:
                best = max(best, choice.fraction)
        return best
    if kind == Kind.MATCHING:
        lefts = [choice for choice in choices if _has_left(choice)]
        if not lefts:
            return ZERO
        right = 0
        for left in lefts:
            picked = by_id.get(response["pairs"].get(str(left.id), 0))
            # Two left items may share a right-hand item: the same text counts as right.
            if picked is not None and (picked.id == left.id or picked.match_text_en == left.match_text_en):
                right += 1
        return Decimal(right) / Decimal(len(lefts))
    return ZERO


def _has_left(choice: Any) -> bool:
    """A matching pair (rather than an extra right-hand item, which has no left side)."""
    return any(getattr(choice, f"text_{code}", "") for code in ("en", "bg", "ro", "de", "es", "el"))
