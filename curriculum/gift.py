"""Reading and writing Moodle's GIFT format.

:func:`parse` turns a GIFT text into :class:`~curriculum.question_format.Item` records, one per
question, each with the line it starts on; a question the platform cannot hold (an essay, a
question with no correct answer) comes back as a :class:`~curriculum.question_format.Skipped`
with the reason, so an import can report every question. :func:`write` is the reverse.

The syntax followed is Moodle's (``question/format/gift``): ``//`` comments, ``$CATEGORY:``
lines, ``::name::``, ``[html|moodle|plain|markdown]`` text formats, ``\\`` escapes of ``~ = # { } :``,
answers ``=`` right / ``~`` wrong with ``%weight%`` and ``#feedback``, ``->`` for matching pairs,
``T``/``F`` with feedback, ``#value:tolerance`` and ``#min..max`` numeric answers, ``*`` for any
other short answer, ``####`` general feedback, and text after the answers (missing word).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from curriculum.question_format import Answer, Item, Kind, Skipped

ESCAPABLE = "~=#{}:"
_PLACEHOLDER = {char: f"\x00{index}\x00" for index, char in enumerate(ESCAPABLE)}
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def _protect(text: str) -> str:
    """Hide escaped characters so that splitting on them is safe."""
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following in ESCAPABLE:
                out.append(_PLACEHOLDER[following])
                index += 2
                continue
            if following == "n":
                out.append("\n")
                index += 2
                continue
            if following == "\\":
                out.append("\\")
                index += 2
                continue
        out.append(char)
        index += 1
    return "".join(out)


def _restore(text: str) -> str:
    for char, placeholder in _PLACEHOLDER.items():
        text = text.replace(placeholder, char)
    return text


def _clean(text: str) -> str:
    """Plain text: format marker removed, HTML tags stripped, escapes restored, spaces tidied."""
    text = text.strip()
    match = _FORMAT.match(text)
    if match:
        text = text[match.end() :]
        if match.group(1).lower() == "html":
            text = strip_tags(text)
    return re.sub(r"[ \t]+", " ", _restore(text)).strip()


def _split_feedback(text: str) -> tuple[str, str]:
    value, _sep, feedback = text.partition("#")
    return value, feedback


def _blocks(source: str) -> list[tuple[int, str]]:
    """Questions with their first line: separated by blank lines, comments removed, and with
    ``$CATEGORY:`` lines as blocks of their own."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    depth = 0
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if stripped.startswith("//") and depth == 0:
            continue
        if stripped.startswith("$CATEGORY:") and depth == 0:
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            blocks.append((number, stripped))
            continue
        if not stripped and depth == 0:
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
        protected = _protect(line)
        depth = max(0, depth + protected.count("{") - protected.count("}"))
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def parse(source: str) -> tuple[list[Item | Skipped], list[str]]:
    """Items in file order, and the categories met (``$CATEGORY:`` paths)."""
    items: list[Item | Skipped] = []
    categories: list[str] = []
    category = ""
    for line, block in _blocks(source.lstrip("\ufeff")):
        if block.startswith("$CATEGORY:"):
            category = block.removeprefix("$CATEGORY:").strip()
            categories.append(category)
            continue
        items.append(_parse_question(block, line=line, category=category))
    return items, categories


def _parse_question(block: str, *, line: int, category: str) -> Item | Skipped:
    text = _protect(block)
    name = ""
    match = re.match(r"^\s*::(.*?)::", text, re.DOTALL)
    if match:
        name = _clean(match.group(1))
        text = text[match.end() :]
    open_at = text.find("{")
    close_at = text.rfind("}")
    if open_at < 0 or close_at < open_at:
        return Skipped(line=line, name=name, reason=_("No answers in braces { }."))
    before, answers, after = text[:open_at], text[open_at + 1 : close_at], text[close_at + 1 :]
    question_text = _clean(before)
    after_text = _clean(after)
    if after_text:  # "missing word": the answers stand in the sentence
        question_text = f"{question_text} _____ {after_text}".strip()
    if not question_text:
        return Skipped(line=line, name=name, reason=_("The question has no text."))
    name = name or question_text[:60]
    answers, _sep, general = answers.partition("####")
    general_feedback = _clean(general)
    body = answers.strip()
    common: dict[str, Any] = {"line": line, "name": name, "text": question_text, "category": category}

    if not body:
        return Skipped(line=line, name=name, reason=_("Essay questions are not supported."))
    truefalse = re.match(r"^(T|TRUE|F|FALSE)\b", body, re.IGNORECASE)
    if truefalse:
        right = truefalse.group(1).upper().startswith("T")
        feedback = body[truefalse.end() :].split("#")
        wrong_feedback = _clean(feedback[1]) if len(feedback) > 1 else ""
        right_feedback = _clean(feedback[2]) if len(feedback) > 2 else ""
        return Item(
            **common,
            kind=Kind.TRUE_FALSE,
            general_feedback=general_feedback,
            answers=[
                Answer(
                    text="true",
                    fraction=Decimal(1 if right else 0),
                    feedback=right_feedback if right else wrong_feedback,
                ),
                Answer(
                    text="false",
                    fraction=Decimal(0 if right else 1),
                    feedback=wrong_feedback if right else right_feedback,
                ),
            ],
        )
    if body.startswith("#"):
        return _numeric(body[1:], common, general_feedback)

    parts = re.split(r"(?=[=~])", body)
    parts = [part for part in (p.strip() for p in parts) if part]
    if not parts or any(part[0] not in "=~" for part in parts):
        return Skipped(line=line, name=name, reason=_("Answers must start with = or ~."))
    if all(part.startswith("=") and "->" in part for part in parts):
        return _matching(parts, common, general_feedback)

    answers_list = []
    for part in parts:
        sign, rest = part[0], part[1:].strip()
        weight = _WEIGHT.match(rest)
        if weight:
            fraction = Decimal(weight.group(1)) / 100
            rest = rest[weight.end() :]
        else:
            fraction = Decimal(1 if sign == "=" else 0)
        value, answer_feedback = _split_feedback(rest)
        answers_list.append(Answer(text=_clean(value), fraction=fraction, feedback=_clean(answer_feedback)))
    if any(not -1 <= a.fraction <= 1 for a in answers_list):
        return Skipped(line=line, name=name, reason=_("A weight is outside -100% to 100%."))
    if all(part.startswith("=") for part in parts):
        return Item(**common, kind=Kind.SHORT_ANSWER, general_feedback=general_feedback, answers=answers_list)
    positive = [a for a in answers_list if a.fraction > 0]
    if not positive:
        return Skipped(line=line, name=name, reason=_("No answer is marked right."))
    kind = Kind.SINGLE_CHOICE if len(positive) == 1 and positive[0].fraction == 1 else Kind.MULTIPLE_CHOICE
    if kind == Kind.MULTIPLE_CHOICE and sum(a.fraction for a in positive) != 1:
        return Skipped(
            line=line, name=name, reason=_("The weights of the right answers do not add up to 100%.")
        )
    if any(not a.text for a in answers_list):
        return Skipped(line=line, name=name, reason=_("An answer has no text."))
    return Item(**common, kind=kind, general_feedback=general_feedback, answers=answers_list)


def _numeric(body: str, common: dict[str, Any], general_feedback: str) -> Item | Skipped:
    body = body.strip()
    if body[:1] not in ("=", "~"):
        body = f"={body}"  # a single answer: {#3:2} or {#3:2 ~#feedback for anything else}
    parts = [p.strip() for p in re.split(r"(?=[=~])", body) if p.strip()]
    answers: list[Answer] = []
    for part in parts:
        sign, rest = part[0], part[1:].strip()
        weight = _WEIGHT.match(rest)
        fraction = Decimal(weight.group(1)) / 100 if weight else Decimal(1 if sign == "=" else 0)
        if weight:
            rest = rest[weight.end() :]
        value, feedback = _split_feedback(rest)
        value = _restore(value).strip()
        if not value or value == "*":
            answers.append(Answer(text="*", fraction=fraction, feedback=_clean(feedback)))
            continue
        try:
            if ".." in value:
                low, high = (Decimal(v) for v in value.split("..", 1))
                number, tolerance = (low + high) / 2, (high - low) / 2
            elif ":" in value:
                number, tolerance = (Decimal(v) for v in value.split(":", 1))
            else:
                number, tolerance = Decimal(value), Decimal(0)
        except (InvalidOperation, ValueError):
            return Skipped(
                line=common["line"],
                name=common["name"],
                reason=_("“%(value)s” is not a number.") % {"value": value},
            )
        answers.append(
            Answer(
                text="", fraction=fraction, feedback=_clean(feedback), number=number, tolerance=abs(tolerance)
            )
        )
    if not any(a.fraction == 1 and a.number is not None for a in answers):
        return Skipped(line=common["line"], name=common["name"], reason=_("No answer is marked right."))
    return Item(**common, kind=Kind.NUMERIC, general_feedback=general_feedback, answers=answers)


def _matching(parts: list[str], common: dict[str, Any], general_feedback: str) -> Item | Skipped:
    answers = []
    for part in parts:
        left, _arrow, right = part[1:].partition("->")
        answers.append(Answer(text=_clean(left), fraction=Decimal(1), match=_clean(right)))
    if sum(1 for a in answers if a.text) < 2 or any(not a.match for a in answers):
        return Skipped(
            line=common["line"],
            name=common["name"],
            reason=_("A matching question needs at least two pairs."),
        )
    return Item(**common, kind=Kind.MATCHING, general_feedback=general_feedback, answers=answers)


# --- Writing ----------------------------------------------------------------------------------


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in ESCAPABLE:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _percent(fraction: Decimal) -> str:
    value = (fraction * 100).normalize()
    return f"%{value:f}%"


def _feedback(text: str) -> str:
    return f" #{_escape(text)}" if text else ""


def write(items: list[Item]) -> str:
    """GIFT text for the items, grouped under ``$CATEGORY:`` lines."""
    out: list[str] = []
    category = None
    for item in items:
        if item.category != category:
            category = item.category
            if category:
                out.append(f"$CATEGORY: {category}\n")
        head = f"::{_escape(item.name)}:: {_escape(item.text)} {{"
        general = f"\n\t####{_escape(item.general_feedback)}" if item.general_feedback else ""
        if item.kind == Kind.TRUE_FALSE:
            right = next(a for a in item.answers if a.fraction == 1)
            wrong = next(a for a in item.answers if a is not right)
            value = "TRUE" if right.text == "true" else "FALSE"
            feedback = (
                f"#{_escape(wrong.feedback)}#{_escape(right.feedback)}"
                if (right.feedback or wrong.feedback)
                else ""
            )
            out.append(f"{head}{value}{feedback}{general}}}\n")
            continue
        lines = []
        for answer in item.answers:
            if item.kind == Kind.MATCHING:
                lines.append(f"={_escape(answer.text)} -> {_escape(answer.match)}")
            elif item.kind == Kind.NUMERIC:
                value = (
                    "*"
                    if answer.number is None
                    else f"{answer.number.normalize():f}:{answer.tolerance.normalize():f}"
                )
                lines.append(f"={_percent(answer.fraction)}{value}{_feedback(answer.feedback)}")
            elif item.kind == Kind.SINGLE_CHOICE:
                sign = "=" if answer.fraction == 1 else "~"
                lines.append(f"{sign}{_escape(answer.text)}{_feedback(answer.feedback)}")
            elif item.kind == Kind.SHORT_ANSWER:
                lines.append(
                    f"={_percent(answer.fraction)}{_escape(answer.text)}{_feedback(answer.feedback)}"
                )
            else:
                lines.append(
                    f"~{_percent(answer.fraction)}{_escape(answer.text)}{_feedback(answer.feedback)}"
                )
        prefix = "#" if item.kind == Kind.NUMERIC else ""
        body = "\n".join(f"\t{line}" for line in lines)
        out.append(f"{head}{prefix}\n{body}{general}\n}}\n")
    return "\n".join(out)
