"""GIFT and Moodle XML: Moodle's own GIFT test file, the escapes and types we rely on, refusal of
hostile XML, and the round trip through export and import."""

from dataclasses import asdict
from decimal import Decimal

import pytest

from curriculum import gift, moodlexml
from curriculum.question_format import Item, Kind, Skipped


def comparable(items):
    return [
        {k: v for k, v in asdict(item).items() if k != "line"} for item in items if isinstance(item, Item)
    ]


def test_moodle_core_fixture(moodle_fixture):
    items, _categories = gift.parse(moodle_fixture)
    report = [(i.line, i.name, i.kind if isinstance(i, Item) else "skipped") for i in items]
    assert report == [
        (2, "Q8", "skipped"),
        (5, "Moodle activities", Kind.MATCHING),
        (14, "Q2", Kind.SINGLE_CHOICE),
        (22, "colours", Kind.MULTIPLE_CHOICE),
        (31, "Q5", Kind.NUMERIC),
        (34, "Shortanswer", Kind.SHORT_ANSWER),
        (41, "Q1", Kind.TRUE_FALSE),
        (46, "2-08 TSL", Kind.TRUE_FALSE),
        (49, "2-08 TSL", Kind.TRUE_FALSE),
    ]
    assert items[0].reason == "Essay questions are not supported."
    by_name = {i.name: i for i in items if isinstance(i, Item)}
    matching = by_name["Moodle activities"]
    assert matching.text == "Match the activity to the description."  # [html] tags stripped
    assert [(a.text, a.match) for a in matching.answers][-1] == ("", "Chat")  # a distractor
    colours = by_name["colours"]
    assert [(a.text, a.fraction) for a in colours.answers] == [
        ("yellow", Decimal("0.5")), ("red", Decimal("-1")), ("off-beige", Decimal("0.5")), ("blue", Decimal("-1")),
    ]  # fmt: skip
    numeric = by_name["Q5"]
    assert [(a.number, a.tolerance, a.fraction) for a in numeric.answers] == [
        (Decimal(3), Decimal(2), Decimal(1)), (None, Decimal(0), Decimal(0)),
    ]  # fmt: skip
    truefalse = by_name["Q1"]
    assert [(a.text, a.fraction, a.feedback) for a in truefalse.answers] == [
        ("true", Decimal(0), "42 is the Ultimate Answer."),
        ("false", Decimal(1), "You gave the right answer."),
    ]
    assert truefalse.general_feedback.startswith("This is, of course")
    short = by_name["Shortanswer"]
    assert [(a.text, a.fraction) for a in short.answers] == [("Frog", 1), ("Cat", Decimal("0.5")), ("*", 0)]


def test_escapes_categories_and_scripts():
    source = (
        "$CATEGORY: SC-A.1\n\n"
        "::Μετρήσεις \\: αισθητήρες::Ποιο σύμβολο \\{ ανοίγει \\} ένα μπλοκ; {=\\{ ~\\} ~\\=}\n\n"
        "// a comment\n"
        "::Числа::Колко е 2\\+2? {#4}\n\n"
        "$CATEGORY: SC-B.2\n\n"
        "Two words with # and = inside{=a\\#b\\=c}\n"
    )
    items, categories = gift.parse(source)
    assert categories == ["SC-A.1", "SC-B.2"]
    first, second, third = items
    assert (first.name, first.text, first.category) == (
        "Μετρήσεις : αισθητήρες",
        "Ποιο σύμβολο { ανοίγει } ένα μπλοκ;",
        "SC-A.1",
    )
    assert [a.text for a in first.answers] == ["{", "}", "="]
    assert (second.kind, second.answers[0].number, second.category) == (Kind.NUMERIC, 4, "SC-A.1")
    assert (third.category, third.answers[0].text) == ("SC-B.2", "a#b=c")
    # Writing escapes them again: the same items come back.
    assert comparable(gift.parse(gift.write(items))[0]) == comparable(items)


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("Just text with no answers", "No answers in braces"),
        ("Pick one {~a ~b}", "No answer is marked right"),
        ("Pick some {~%60%a ~%60%b ~c}", "do not add up to 100%"),
        ("Pick {~%150%a ~b}", "outside -100% to 100%"),
        ("How many? {#many}", "is not a number"),
        ("Pair {=a -> 1}", "at least two pairs"),
    ],
)
def test_questions_the_bank_cannot_hold_are_skipped_with_a_reason(source, reason):
    (item,), _categories = gift.parse(source)
    assert isinstance(item, Skipped)
    assert reason in item.reason


def test_gift_and_moodle_xml_round_trip(moodle_fixture):
    items = [i for i in gift.parse(moodle_fixture)[0] if isinstance(i, Item)]
    for item in items:
        item.category = "SC-C.3"
    assert comparable(gift.parse(gift.write(items))[0]) == comparable(items)
    assert comparable(moodlexml.parse(moodlexml.write(items))[0]) == comparable(items)


def test_moodle_xml_as_moodle_writes_it():
    source = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/SC-D.1</text></category></question>
  <question type="multichoice">
    <name><text>Sensors</text></name>
    <questiontext format="html"><text><![CDATA[<p>Which <b>two</b> are sensors?</p>]]></text></questiontext>
    <generalfeedback format="html"><text></text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>false</single>
    <answer fraction="50" format="html"><text>Thermometer</text><feedback format="html"><text>Yes</text></feedback></answer>
    <answer fraction="50" format="html"><text>Anemometer</text><feedback format="html"><text></text></feedback></answer>
    <answer fraction="-100" format="html"><text>Router</text><feedback format="html"><text>No</text></feedback></answer>
  </question>
  <question type="essay"><name><text>Essay</text></name><questiontext format="html"><text>Why?</text></questiontext></question>
</quiz>"""
    (choice, essay), categories = moodlexml.parse(source)
    assert categories == ["SC-D.1"]
    assert (choice.kind, choice.text, choice.points, choice.category) == (
        Kind.MULTIPLE_CHOICE, "Which two are sensors?", Decimal(2), "SC-D.1",
    )  # fmt: skip
    assert isinstance(essay, Skipped) and "essay" in essay.reason


@pytest.mark.parametrize(
    "source",
    [
        b"<quiz><question type='truefalse'>",
        b"<notquiz/>",
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><quiz>&b;</quiz>',
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz>&x;</quiz>',
    ],
)
def test_broken_or_hostile_xml_is_refused(source):
    with pytest.raises(moodlexml.MoodleXmlError):
        moodlexml.parse(source)
