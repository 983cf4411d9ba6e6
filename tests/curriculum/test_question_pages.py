"""The trainer's question bank pages: who may open them, import with its report, export,
preview with the key, activate and retire."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from curriculum.models import Question
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory
from tests.curriculum.factories import QuestionFactory

pytestmark = pytest.mark.django_db

GIFT = "$CATEGORY: SC-A.1\n\n::Sensors::Which device measures temperature? {=Thermometer ~Anemometer}\n\n::Essay::Why? {}\n"


@pytest.fixture
def competence():
    return CompetenceFactory(framework=FrameworkFactory(key="smart-city"), code="SC-A.1")


@pytest.mark.parametrize(
    ("roles", "status"), [(None, 302), ([Role.LEARNER], 403), ([Role.CERTIFIER], 403), ([Role.TRAINER], 200)]
)
def test_who_may_open_the_bank(client, competence, roles, status):
    question = QuestionFactory(competence=competence)
    if roles:
        client.force_login(UserFactory(roles=roles))
    assert client.get("/en/trainer/questions/").status_code == status
    assert client.get(f"/en/trainer/questions/{question.pk}/").status_code == status


def test_import_report_preview_and_retire(client, competence):
    trainer = UserFactory(roles=[Role.TRAINER])
    client.force_login(trainer)
    upload = SimpleUploadedFile("bank.gift", GIFT.encode())
    page = client.post("/en/trainer/questions/", {"file": upload, "file_format": "gift", "language": "en"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 imported, 0 already in the bank, 1 skipped." in text
    assert "Essay questions are not supported." in text
    question = Question.objects.get()
    preview = client.get(f"/en/trainer/questions/{question.pk}/").content.decode()
    assert "Thermometer" in preview and "100 %" in preview
    assert client.post(f"/en/trainer/questions/{question.pk}/", {"action": "activate"}).status_code == 302
    assert Question.objects.get().status == "active"
    client.post(f"/en/trainer/questions/{question.pk}/", {"action": "retire"})
    assert Question.objects.get().status == "retired"
    export = client.get("/en/trainer/questions/", {"export": "gift", "competence": "SC-A.1"})
    assert export["Content-Disposition"] == 'attachment; filename="questions-en.gift"'
    assert b"Thermometer" in export.content


def test_a_broken_file_imports_nothing_and_says_why(client, competence):
    client.force_login(UserFactory(roles=[Role.TRAINER]))
    upload = SimpleUploadedFile("bank.xml", b"<quiz><question>")
    page = client.post(
        "/de/trainer/questions/", {"file": upload, "file_format": "moodlexml", "language": "de"}
    )
    assert page.status_code == 400
    assert 'class="form-errors"' in page.content.decode()
    assert not Question.objects.exists()


def test_another_trainers_question_cannot_be_retired(client, competence):
    question = QuestionFactory(competence=competence, author=UserFactory(roles=[Role.TRAINER]))
    client.force_login(UserFactory(roles=[Role.TRAINER]))
    client.post(f"/en/trainer/questions/{question.pk}/", {"action": "retire"})
    assert Question.objects.get().status == "active"


def test_admin_shows_the_bank_tests_and_read_only_attempts(client, competence):
    from curriculum import attempts
    from tests.curriculum.factories import exam_with_bank

    test = exam_with_bank([competence], per_competence=1)
    attempt = attempts.attempt_start(test=test, learner=UserFactory(roles=[Role.LEARNER]))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    question = Question.objects.first()
    for url in (
        "/en/admin/curriculum/question/",
        f"/en/admin/curriculum/question/{question.pk}/change/",
        "/en/admin/curriculum/test/",
        f"/en/admin/curriculum/test/{test.pk}/change/",
        "/en/admin/curriculum/attempt/",
        f"/en/admin/curriculum/attempt/{attempt.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    assert (
        client.post(f"/en/admin/curriculum/attempt/{attempt.pk}/change/", {"score": "100"}).status_code == 403
    )


def rows(*answers):
    data = {
        "answer-TOTAL_FORMS": "6",
        "answer-INITIAL_FORMS": "0",
        "answer-MIN_NUM_FORMS": "0",
        "answer-MAX_NUM_FORMS": "12",
    }
    for index, answer in enumerate(answers):
        data.update({f"answer-{index}-{key}": value for key, value in answer.items()})
    return data


def test_trainer_writes_a_question_in_the_browser(client, competence):
    client.force_login(UserFactory(roles=[Role.TRAINER]))
    assert client.get("/en/trainer/questions/new/").status_code == 200
    base = {"competence": competence.pk, "kind": "single", "name": "Sensors", "text": "Which measures heat?",
            "points": "1", "difficulty": "1", "language": "bg"}  # fmt: skip
    wrong = client.post(
        "/en/trainer/questions/new/",
        {**base, **rows({"text": "Термометър", "weight": "100"}, {"text": "Анемометър", "weight": "100"})},
    )
    assert wrong.status_code == 400
    assert "exactly one of them right" in wrong.content.decode()
    assert not Question.objects.exists()
    saved = client.post(
        "/en/trainer/questions/new/",
        {
            **base,
            **rows(
                {"text": "Термометър", "weight": "100"},
                {"text": "Анемометър", "weight": "0", "feedback": "Вятър"},
            ),
        },
    )
    assert saved.status_code == 302
    question = Question.objects.get()
    assert (question.text_bg, question.status, question.difficulty) == ("Which measures heat?", "draft", 1)
    assert list(question.choices.values_list("text_bg", "fraction")) == [("Термометър", 1), ("Анемометър", 0)]
    truefalse = client.post(
        "/en/trainer/questions/new/",
        {**base, "kind": "truefalse", "text": "LED lamps save energy.", "truefalse": "true", **rows()},
    )
    assert truefalse.status_code == 302
    assert Question.objects.get(kind="truefalse").choices.get(fraction=1).text_en == "true"
