"""``import_questions`` and the bank's import and export: a report per question, nothing written
from a file that cannot be read, no duplicates on re-import, and a round trip through both formats."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from accounts.roles import Role
from core.errors import ApplicationError
from curriculum.models import Choice, Question
from curriculum.question_bank import questions_export, questions_import
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory

pytestmark = pytest.mark.django_db

BANK = """$CATEGORY: $course$/top/SC-A.1

::Датчици::Кой уред измерва температурата? {=Термометър ~Анемометър ~Барометър}

$CATEGORY: SC-B.2

::Ενέργεια::Η LED κατανάλωση είναι χαμηλότερη. {TRUE}

$CATEGORY: SC-Z.9

::Unknown::Where does this go? {=Nowhere ~Here}
"""


@pytest.fixture
def bank(db):
    framework = FrameworkFactory(key="smart-city")
    return {
        "framework": framework,
        "a1": CompetenceFactory(framework=framework, code="SC-A.1"),
        "b2": CompetenceFactory(framework=framework, code="SC-B.2"),
        "trainer": UserFactory(roles=[Role.TRAINER], email="bank-trainer@example.org"),
    }


def run(bank, data, fmt="gift", **kwargs):
    return questions_import(data=data, fmt=fmt, author=bank["trainer"], framework=bank["framework"], **kwargs)


def test_categories_map_to_competences_by_code_and_the_report_names_each_question(bank):
    report = run(bank, BANK.encode(), language="bg")
    assert [(r.position, r.name, r.outcome) for r in report.rows] == [
        (3, "Датчици", "imported"),
        (7, "Ενέργεια", "imported"),
        (11, "Unknown", "skipped"),
    ]
    assert "SC-Z.9" in report.rows[2].reason
    sensor = Question.objects.get(name="Датчици")
    assert (sensor.competence, sensor.text_bg, sensor.status) == (
        bank["a1"],
        "Кой уред измерва температурата?",
        "draft",
    )
    assert list(sensor.choices.values_list("text_bg", "fraction")) == [
        ("Термометър", 1),
        ("Анемометър", 0),
        ("Барометър", 0),
    ]
    assert Question.objects.get(name="Ενέργεια").competence == bank["b2"]


def test_a_chosen_competence_applies_to_every_question(bank):
    report = run(bank, BANK.encode(), competence=bank["b2"])
    assert report.count("imported") == 3
    assert set(Question.objects.values_list("competence__code", flat=True)) == {"SC-B.2"}


def test_reimporting_creates_no_duplicates(bank):
    run(bank, BANK.encode())
    again = run(bank, BANK.encode())
    assert [r.outcome for r in again.rows] == ["duplicate", "duplicate", "skipped"]
    assert Question.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"", "gift", "empty"),
        ("::Q:: Frage {=Ja ~Nein}".encode("latin-1") + b"\xff", "gift", "UTF-8"),
        (b"<quiz><question type='truefalse'>", "moodlexml", "well-formed"),
        (b"<html><body>hello</body></html>", "moodlexml", "<quiz>"),
        (b"// only a comment\n", "gift", "no questions"),
        (b"::Q:: x {=a}", "csv", "GIFT or Moodle XML"),
    ],
)
def test_a_file_that_cannot_be_read_imports_nothing(bank, data, fmt, message):
    with pytest.raises(ApplicationError, match=message):
        run(bank, data, fmt)
    assert not Question.objects.exists()


def test_only_trainers_import(bank):
    with pytest.raises(PermissionDenied):
        questions_import(
            data=BANK.encode(),
            fmt="gift",
            author=UserFactory(roles=[Role.LEARNER]),
            framework=bank["framework"],
        )


@pytest.mark.parametrize("fmt", ["gift", "moodlexml"])
def test_export_and_reimport_give_the_same_questions(bank, fmt, moodle_fixture):
    run(bank, moodle_fixture.encode(), competence=bank["a1"])
    count, choices = Question.objects.count(), Choice.objects.count()
    exported = questions_export(
        questions=Question.objects.prefetch_related("choices").select_related("competence"), fmt=fmt
    )
    Question.objects.all().delete()
    report = run(bank, exported, fmt)
    assert report.count("imported") == count  # categories carry the competence codes
    assert Choice.objects.count() == choices
    # The content is the same, to the fingerprint: importing the original again finds every question.
    assert run(bank, moodle_fixture.encode(), competence=bank["a1"]).count("imported") == 0


def test_the_command_prints_the_report(bank, tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text(BANK, encoding="utf-8")
    out = StringIO()
    call_command(
        "import_questions", str(path), "--format", "gift", "--author", "bank-trainer@example.org",
        "--framework", bank["framework"].slug, "--activate", stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    assert "line    3  imported  Датчици" in text
    assert "2 imported, 0 already in the bank, 1 skipped" in text
    assert set(Question.objects.values_list("status", flat=True)) == {"active"}
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<quiz>")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_questions", str(broken), "--format", "moodlexml", "--author", "bank-trainer@example.org",
            "--framework", bank["framework"].slug, stdout=StringIO(),
        )  # fmt: skip
