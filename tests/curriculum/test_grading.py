"""Grading per question type, and refusal of answers of the wrong shape."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from curriculum.grading import clean_response, fold, fraction
from curriculum.question_format import Kind


@dataclass
class C:
    id: int
    fraction: Decimal
    text: str = ""
    match_text: str = ""
    number: Decimal | None = None
    tolerance: Decimal = Decimal(0)

    def __getattr__(self, name):  # text_en, text_bg, match_text_en …
        base = name.rsplit("_", 1)[0]
        if base in ("text", "match_text"):
            return getattr(self, base) if name.endswith("_en") else ""
        raise AttributeError(name)


D = Decimal
SINGLE = [C(1, D(1), "yellow"), C(2, D(0), "red")]
MULTIPLE = [C(1, D("0.5"), "yellow"), C(2, D(-1), "red"), C(3, D("0.5"), "beige"), C(4, D(-1), "blue")]


def grade(kind, choices, response):
    return fraction(kind, choices, clean_response(kind, choices, response))


def test_single_choice():
    assert grade(Kind.SINGLE_CHOICE, SINGLE, {"choice": 1}) == 1
    assert grade(Kind.SINGLE_CHOICE, SINGLE, {"choice": 2}) == 0


@pytest.mark.parametrize(
    ("picks", "expected"),
    [([1, 3], D(1)), ([1], D("0.5")), ([1, 2], D(0)), ([1, 3, 2], D(0)), ([], D(0)), ([1, 1], D("0.5"))],
)
def test_multiple_choice_partial_credit_with_negative_marks_floored_at_zero(picks, expected):
    assert grade(Kind.MULTIPLE_CHOICE, MULTIPLE, {"choices": picks}) == expected


def test_true_false():
    choices = [C(1, D(0), "true"), C(2, D(1), "false")]
    assert grade(Kind.TRUE_FALSE, choices, {"value": False}) == 1
    assert grade(Kind.TRUE_FALSE, choices, {"value": True}) == 0


@pytest.mark.parametrize(
    ("given", "expected"),
    [("Frog", 1), ("  fRoG ", 1), ("Cat", D("0.5")), ("dog", 0), ("", 0)],
)
def test_short_answer_ignores_case_and_spaces(given, expected):
    choices = [C(1, D(1), "Frog"), C(2, D("0.5"), "Cat")]
    assert grade(Kind.SHORT_ANSWER, choices, {"text": given}) == expected


def test_short_answer_ignores_accents_in_any_script():
    choices = [C(1, D(1), "Αθήνα"), C(2, D(1), "Ciudad de México")]
    assert grade(Kind.SHORT_ANSWER, choices, {"text": "ΑΘΗΝΑ"}) == 1
    assert grade(Kind.SHORT_ANSWER, choices, {"text": "ciudad de  mexico"}) == 1
    assert fold("Șoseaua  Kiseleff") == "soseaua kiseleff"


def test_wildcard_short_answer_gives_its_weight_to_anything_else():
    choices = [C(1, D(1), "Frog"), C(2, D(0), "*")]
    assert grade(Kind.SHORT_ANSWER, choices, {"text": "Llama"}) == 0
    assert grade(Kind.SHORT_ANSWER, [C(1, D("0.2"), "*")], {"text": "Llama"}) == D("0.2")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 1),
        ("1", 1),
        ("5", 1),
        ("5.01", D("0.5")),
        ("7.5", 0),
        ("4,5", 1),
        ("0.99", 0),
        ("5.5", D("0.5")),
    ],
)
def test_numeric_within_tolerance(value, expected):
    choices = [C(1, D(1), number=D(3), tolerance=D(2)), C(2, D("0.5"), number=D(6), tolerance=D(1))]
    assert grade(Kind.NUMERIC, choices, {"value": value}) == expected


def test_matching_counts_pairs():
    choices = [
        C(1, D(1), "Forum", "discussions"),
        C(2, D(1), "Wiki", "pages"),
        C(3, D(1), "Quiz", "questions"),
        C(4, D(1), "", "chat"),  # a right-hand item only
    ]
    assert grade(Kind.MATCHING, choices, {"pairs": {"1": 1, "2": 2, "3": 3}}) == 1
    assert grade(Kind.MATCHING, choices, {"pairs": {"1": 2, "2": 1, "3": 3}}) == Decimal(1) / 3
    assert grade(Kind.MATCHING, choices, {"pairs": {"1": 4}}) == 0


@pytest.mark.parametrize(
    ("kind", "response"),
    [
        (Kind.SINGLE_CHOICE, {"choice": 99}),
        (Kind.SINGLE_CHOICE, {"choice": True}),
        (Kind.SINGLE_CHOICE, ["choice", 1]),
        (Kind.MULTIPLE_CHOICE, {"choices": [1, 99]}),
        (Kind.MULTIPLE_CHOICE, {"choices": "1"}),
        (Kind.TRUE_FALSE, {"value": "true"}),
        (Kind.SHORT_ANSWER, {"text": 5}),
        (Kind.SHORT_ANSWER, {"text": "x" * 501}),
        (Kind.NUMERIC, {"value": "three"}),
        (Kind.NUMERIC, {"value": "NaN"}),
        (Kind.NUMERIC, {"value": "Infinity"}),
        (Kind.MATCHING, {"pairs": {"99": 1}}),
        (Kind.MATCHING, {"pairs": {"1": "discussions"}}),
    ],
)
def test_answers_of_the_wrong_shape_are_refused(kind, response):
    choices = [C(1, D(1), "a", "x"), C(2, D(0), "b", "y")]
    with pytest.raises(ApplicationError):
        clean_response(kind, choices, response)
