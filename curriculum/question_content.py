"""The demo question bank, one YAML file per competence area in ``curriculum/demo_questions/``,
and its validation (run before ``load_demo`` writes anything). Each file lists, for every
competence of its area, eight questions (three easy, three medium, two hard) with every text in
the six languages.

Check with ``python -m curriculum.question_content``.
"""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from competencies.content import ContentError, _require, _text, read_yaml
from curriculum.question_format import Answer, Item, Kind

QUESTIONS_DIR = Path(__file__).resolve().parent / "demo_questions"
PER_COMPETENCE = 8
DIFFICULTIES = [1, 1, 1, 2, 2, 2, 3, 3]


def _label(value: Any, where: str) -> dict[str, str]:
    """An answer or a matching item: like any text, except that a name or a code written the
    same as in English ("LoRaWAN", "ISO 37120") need not be in Cyrillic or Greek letters."""
    if not isinstance(value, dict) or not value.get("en"):
        return _text(value, where)
    checked = dict(value)
    for lang, mark in (("bg", "б "), ("el", "ε ")):
        if value.get(lang) == value["en"]:
            checked[lang] = mark + value["en"]
    _text(checked, where)
    return {lang: str(value[lang]).strip() for lang in value}


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ContentError(f"{where}: {value!r} is not a number") from None
    if not number.is_finite():
        raise ContentError(f"{where}: {value!r} is not a number")
    return number


def _answers(question: dict[str, Any], kind: str, where: str) -> list[dict[str, Any]]:
    """The question's answers as ``{"fraction", "text", "match", "number", "tolerance"}``."""
    if kind == Kind.TRUE_FALSE:
        correct = _require(question, "correct", where)
        if not isinstance(correct, bool):
            raise ContentError(f"{where}: correct must be true or false")
        return [
            {"text": {"en": "true"}, "fraction": Decimal(int(correct))},
            {"text": {"en": "false"}, "fraction": Decimal(int(not correct))},
        ]
    if kind == Kind.NUMERIC:
        return [
            {
                "fraction": Decimal(1),
                "number": _decimal(_require(question, "value", where), f"{where}.value"),
                "tolerance": abs(_decimal(question.get("tolerance", 0), f"{where}.tolerance")),
            }
        ]
    if kind == Kind.MATCHING:
        pairs = _require(question, "pairs", where)
        if not isinstance(pairs, list) or len(pairs) < 3:
            raise ContentError(f"{where}: at least 3 pairs")
        return [
            {
                "fraction": Decimal(1),
                "text": _label(_require(pair, "left", where), f"{where}.pair{index}.left"),
                "match": _label(_require(pair, "right", where), f"{where}.pair{index}.right"),
            }
            for index, pair in enumerate(pairs, start=1)
        ]
    answers = _require(question, "answers", where)
    if not isinstance(answers, list) or not answers:
        raise ContentError(f"{where}: answers must be a list")
    out: list[dict[str, Any]] = []
    for index, answer in enumerate(answers, start=1):
        fraction = _decimal(_require(answer, "fraction", where), f"{where}.answer{index}.fraction")
        if not -1 <= fraction <= 1:
            raise ContentError(f"{where}.answer{index}: fraction outside -1 … 1")
        out.append(
            {"fraction": fraction, "text": _label(_require(answer, "text", where), f"{where}.answer{index}")}
        )
    fractions: list[Decimal] = [a["fraction"] for a in out]
    if kind == Kind.SINGLE_CHOICE and (
        len(out) < 3 or fractions.count(Decimal(1)) != 1 or any(f not in (0, 1) for f in fractions)
    ):
        raise ContentError(f"{where}: a single-choice question needs 3 or more answers, exactly one right")
    if kind == Kind.MULTIPLE_CHOICE and sum(f for f in fractions if f > 0) != 1:
        raise ContentError(f"{where}: the right answers' fractions must add up to 1")
    if kind == Kind.SHORT_ANSWER and max(fractions) != 1:
        raise ContentError(f"{where}: a short-answer question needs an answer with fraction 1")
    return out


def check_area(data: Any, name: str, codes: list[str]) -> list[dict[str, Any]]:
    if not isinstance(data, list):
        raise ContentError(f"{name}: expected a list of competences")
    seen = [block.get("competence") if isinstance(block, dict) else None for block in data]
    if seen != codes:
        raise ContentError(f"{name}: competences must be {', '.join(codes)} in this order")
    for block in data:
        code = block["competence"]
        questions = _require(block, "questions", f"{name}: {code}")
        if not isinstance(questions, list) or len(questions) != PER_COMPETENCE:
            raise ContentError(f"{name}: {code}: exactly {PER_COMPETENCE} questions")
        if sorted(q.get("difficulty") for q in questions) != DIFFICULTIES:
            raise ContentError(f"{name}: {code}: three easy, three medium and two hard questions")
        for index, question in enumerate(questions, start=1):
            where = f"{name}: {code} question {index}"
            kind = _require(question, "kind", where)
            if kind not in Kind.values:
                raise ContentError(f"{where}: unknown kind {kind!r}")
            question["text"] = _text(_require(question, "text", where), f"{where}.text")
            question["feedback"] = _text(_require(question, "feedback", where), f"{where}.feedback")
            question["answers"] = _answers(question, kind, where)
    return data


def load_questions(
    directory: Path = QUESTIONS_DIR, areas: dict[str, list[str]] | None = None
) -> list[dict[str, Any]]:
    """Every area file, checked; ``areas`` maps a file name (``sc-a.yaml``) to its competence codes."""
    if areas is None:
        from competencies.content import load_content

        areas = {
            f"{area['code'].lower()}.yaml": [c["code"] for c in area["competences"]]
            for area in load_content().areas
        }
    blocks = []
    for file_name, codes in sorted(areas.items()):
        blocks.extend(check_area(read_yaml(directory / file_name), file_name, codes))
    return blocks


def item_of(question: dict[str, Any], code: str) -> Item:
    """The English exchange record of a demo question (for its fingerprint)."""
    return Item(
        line=0,
        name="",
        text=question["text"]["en"],
        kind=question["kind"],
        category=code,
        answers=[
            Answer(
                text=a.get("text", {}).get("en", ""),
                fraction=a["fraction"],
                match=a.get("match", {}).get("en", ""),
                number=a.get("number"),
                tolerance=a.get("tolerance", Decimal(0)),
            )
            for a in question["answers"]
        ],
    )


if __name__ == "__main__":
    try:
        print(f"ok: {sum(len(b['questions']) for b in load_questions())} questions")
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
