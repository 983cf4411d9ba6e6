"""Reading and writing Moodle XML question files.

:func:`parse` reads ``<quiz>`` files as Moodle writes them (``question/format/xml``): category
questions set the category of those that follow; multichoice (single or multiple), truefalse,
shortanswer, numerical and matching questions become :class:`Item` records; any other type comes
back as :class:`Skipped` with the reason. The XML is read with ``defusedxml``: entity expansion,
external entities and DTDs are refused. :func:`write` is the reverse.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from curriculum.question_format import Answer, Item, Kind, Skipped

SUPPORTED = {"multichoice", "truefalse", "shortanswer", "numerical", "matching"}


class MoodleXmlError(ValueError):
    """The file is not a Moodle XML question file; nothing in it can be read."""


def _text(element: Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    node = element.find(path) if path else element
    value = (node.text or "") if node is not None else ""
    if element.get("format", "html") == "html":
        value = strip_tags(value)
    return re.sub(r"[ \t]+", " ", value).strip()


def _fraction(answer: Element) -> Decimal:
    try:
        return Decimal(answer.get("fraction", "0")) / 100
    except InvalidOperation:
        return Decimal(-2)  # refused below as outside -100 % to 100 %


def parse(source: bytes) -> tuple[list[Item | Skipped], list[str]]:
    """Items in file order, and the categories met."""
    try:
        root = fromstring(source, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise MoodleXmlError(_("The file is not well-formed XML: %(error)s") % {"error": error}) from None
    if root.tag != "quiz":
        raise MoodleXmlError(_("A Moodle XML question file starts with <quiz>."))
    items: list[Item | Skipped] = []
    categories: list[str] = []
    category = ""
    for index, question in enumerate(root.findall("question"), start=1):
        kind = question.get("type", "")
        if kind == "category":
            category = _text(question.find("category"))
            category = re.sub(r"^\$(course|system|module|cat\d*)\$/(top/)?", "", category)
            categories.append(category)
            continue
        name = _text(question.find("name"))
        line = getattr(question, "sourceline", None) or index
        if kind not in SUPPORTED:
            items.append(
                Skipped(
                    line=line,
                    name=name,
                    reason=_("Questions of type “%(type)s” are not supported.") % {"type": kind},
                )
            )
            continue
        items.append(_question(question, kind, name=name, line=line, category=category))
    return items, categories


def _question(question: Element, kind: str, *, name: str, line: int, category: str) -> Item | Skipped:
    text = _text(question.find("questiontext"))
    if not text:
        return Skipped(line=line, name=name, reason=_("The question has no text."))
    try:
        points = Decimal(question.findtext("defaultgrade") or "1")
    except InvalidOperation:
        points = Decimal(1)
    common: dict[str, Any] = {
        "line": line,
        "name": name or text[:60],
        "text": text,
        "category": category,
        "general_feedback": _text(question.find("generalfeedback")),
        "points": points if points > 0 else Decimal(1),
    }
    if kind == "matching":
        answers = [
            Answer(text=_text(sub), fraction=Decimal(1), match=_text(sub.find("answer")))
            for sub in question.findall("subquestion")
        ]
        if sum(1 for a in answers if a.text) < 2 or any(not a.match for a in answers):
            return Skipped(line=line, name=name, reason=_("A matching question needs at least two pairs."))
        return Item(**common, kind=Kind.MATCHING, answers=answers)

    answers = []
    for answer in question.findall("answer"):
        fraction = _fraction(answer)
        feedback = _text(answer.find("feedback"))
        if kind == "numerical":
            value = (answer.findtext("text") or "").strip()
            try:
                number = None if value in ("", "*") else Decimal(value)
                tolerance = abs(Decimal((answer.findtext("tolerance") or "0").strip() or "0"))
            except InvalidOperation:
                return Skipped(
                    line=line, name=name, reason=_("“%(value)s” is not a number.") % {"value": value}
                )
            answers.append(
                Answer(
                    text="*" if number is None else "",
                    fraction=fraction,
                    feedback=feedback,
                    number=number,
                    tolerance=tolerance,
                )
            )
        else:
            answers.append(Answer(text=_text(answer), fraction=fraction, feedback=feedback))
    if any(not -1 <= a.fraction <= 1 for a in answers):
        return Skipped(line=line, name=name, reason=_("A weight is outside -100% to 100%."))
    if not any(a.fraction > 0 for a in answers):
        return Skipped(line=line, name=name, reason=_("No answer is marked right."))
    if kind == "truefalse":
        values = sorted(a.text.lower() for a in answers)
        if values != ["false", "true"]:
            return Skipped(
                line=line, name=name, reason=_("A true/false question needs the answers true and false.")
            )
        for item_answer in answers:
            item_answer.text = item_answer.text.lower()
        return Item(**common, kind=Kind.TRUE_FALSE, answers=answers)
    if kind == "numerical":
        return Item(**common, kind=Kind.NUMERIC, answers=answers)
    if kind == "shortanswer":
        return Item(**common, kind=Kind.SHORT_ANSWER, answers=answers)
    if any(not a.text for a in answers):
        return Skipped(line=line, name=name, reason=_("An answer has no text."))
    single = (question.findtext("single") or "true").strip().lower() in ("true", "1")
    if single:
        if sum(1 for a in answers if a.fraction == 1) != 1:
            return Skipped(
                line=line, name=name, reason=_("A single-choice question needs exactly one right answer.")
            )
        return Item(**common, kind=Kind.SINGLE_CHOICE, answers=answers)
    if sum(a.fraction for a in answers if a.fraction > 0) != 1:
        return Skipped(
            line=line, name=name, reason=_("The weights of the right answers do not add up to 100%.")
        )
    return Item(**common, kind=Kind.MULTIPLE_CHOICE, answers=answers)


# --- Writing ----------------------------------------------------------------------------------

MOODLE_TYPE = {
    Kind.SINGLE_CHOICE: "multichoice",
    Kind.MULTIPLE_CHOICE: "multichoice",
    Kind.TRUE_FALSE: "truefalse",
    Kind.SHORT_ANSWER: "shortanswer",
    Kind.NUMERIC: "numerical",
    Kind.MATCHING: "matching",
}


def _text_node(parent: Element, tag: str, value: str, *, fmt: str | None = "plain_text") -> Element:
    node = SubElement(parent, tag)
    if fmt:
        node.set("format", fmt)
    SubElement(node, "text").text = value
    return node


def _percent(fraction: Decimal) -> str:
    return f"{(fraction * 100).normalize():f}"


def write(items: list[Item]) -> bytes:
    quiz = Element("quiz")
    category = None
    for item in items:
        if item.category != category:
            category = item.category
            if category:
                head = SubElement(quiz, "question", type="category")
                _text_node(head, "category", f"$course$/top/{category}", fmt=None)
        question = SubElement(quiz, "question", type=MOODLE_TYPE[Kind(item.kind)])
        _text_node(question, "name", item.name, fmt=None)
        _text_node(question, "questiontext", item.text)
        _text_node(question, "generalfeedback", item.general_feedback)
        SubElement(question, "defaultgrade").text = f"{item.points.normalize():f}"
        if item.kind == Kind.MATCHING:
            for answer in item.answers:
                sub = _text_node(question, "subquestion", answer.text)
                _text_node(sub, "answer", answer.match, fmt=None)
            continue
        if item.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
            SubElement(question, "single").text = "true" if item.kind == Kind.SINGLE_CHOICE else "false"
            SubElement(question, "shuffleanswers").text = "true"
        for answer in item.answers:
            node = SubElement(question, "answer", fraction=_percent(answer.fraction), format="plain_text")
            if item.kind == Kind.NUMERIC:
                SubElement(node, "text").text = (
                    "*" if answer.number is None else f"{answer.number.normalize():f}"
                )
                SubElement(node, "tolerance").text = f"{answer.tolerance.normalize():f}"
            else:
                SubElement(node, "text").text = answer.text
            _text_node(node, "feedback", answer.feedback)
    indent(quiz)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(quiz, encoding="unicode") + "\n").encode()
