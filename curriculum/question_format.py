"""The exchange records between question files (GIFT, Moodle XML) and the question bank: what an
importer reads and an exporter writes, independent of both the file format and the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SINGLE_CHOICE = "single", _("Single choice")
    MULTIPLE_CHOICE = "multiple", _("Multiple choice")
    TRUE_FALSE = "truefalse", _("True or false")
    SHORT_ANSWER = "short", _("Short answer")
    NUMERIC = "numeric", _("Numeric")
    MATCHING = "matching", _("Matching")


@dataclass
class Answer:
    #: The answer's text; for true/false "true" or "false"; for matching the left-hand item
    #: (empty for an extra right-hand distractor); for numeric empty; "*" is any other answer.
    text: str
    #: Share of the question's points, -1 to 1.
    fraction: Decimal
    feedback: str = ""
    #: Matching: the right-hand item.
    match: str = ""
    #: Numeric: the value and the accepted distance from it (None: any other number).
    number: Decimal | None = None
    tolerance: Decimal = Decimal(0)


@dataclass
class Item:
    line: int
    name: str
    text: str
    kind: str
    answers: list[Answer]
    category: str = ""
    general_feedback: str = ""
    points: Decimal = Decimal(1)
    #: Text per language for a question exported from the platform (``{"bg": …}``), besides ``text``.
    translations: dict[str, str] = field(default_factory=dict)


@dataclass
class Skipped:
    line: int
    name: str
    reason: str
