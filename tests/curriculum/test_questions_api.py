"""``/api/v1/questions/``: trainers write, import, export, put in use and retire questions;
nobody else reaches the bank."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.roles import Role
from curriculum.models import Question
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory
from tests.curriculum.factories import QuestionFactory

pytestmark = pytest.mark.django_db

GIFT = "$CATEGORY: SC-A.1\n\n::Sensors::Which device measures temperature? {=Thermometer ~Anemometer}\n\n::Essay::Why? {}\n"


@pytest.fixture
def bank():
    framework = FrameworkFactory(key="smart-city")
    return {"a1": CompetenceFactory(framework=framework, code="SC-A.1"), "framework": framework}


@pytest.fixture
def trainer():
    return UserFactory(roles=[Role.TRAINER])


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


NEW = {
    "competence": "SC-A.1",
    "kind": "multiple",
    "name": "Open data",
    "text": "Which two are open data formats?",
    "language": "en",
    "choices": [
        {"text": "CSV", "fraction": "0.5"},
        {"text": "GeoJSON", "fraction": "0.5"},
        {"text": "DOCX", "fraction": "-1", "feedback": "A word-processor format."},
    ],
}


def test_trainer_writes_activates_and_retires_a_question(bank, trainer):
    client = api(trainer)
    created = client.post("/api/v1/questions/", NEW, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["competence"], [c["fraction"] for c in body["choices"]]) == (
        "draft", "SC-A.1", ["0.50000", "0.50000", "-1.00000"],
    )  # fmt: skip
    assert client.post(f"/api/v1/questions/{body['id']}/activate/").json()["status"] == "active"
    assert client.post(f"/api/v1/questions/{body['id']}/retire/").json()["status"] == "retired"
    # Another trainer may read it but not change it.
    other = api(UserFactory(roles=[Role.TRAINER]))
    assert other.get(f"/api/v1/questions/{body['id']}/").status_code == 200
    assert other.post(f"/api/v1/questions/{body['id']}/activate/").status_code == 403
    assert client.post("/api/v1/questions/", NEW, format="json").status_code == 400  # the same question again


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"competence": "SC-Z.9"}, "competence"),
        ({"kind": "essay"}, "kind"),
        ({"choices": []}, "choices"),
        ({"choices": [{"text": "CSV", "fraction": "0.5"}, {"text": "XLS", "fraction": "0.2"}]}, "choices"),
        ({"kind": "single"}, "choices"),
        ({"choices": [{"text": "CSV", "fraction": "2"}]}, "choices"),
        ({"text": ""}, "text"),
    ],
)
def test_bad_questions_get_400_and_nothing_is_written(bank, trainer, change, field):
    response = api(trainer).post("/api/v1/questions/", {**NEW, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Question.objects.exists()


def test_import_upload_reports_each_question_and_export_downloads_both_formats(bank, trainer):
    client = api(trainer)
    upload = SimpleUploadedFile("bank.gift", GIFT.encode(), content_type="text/plain")
    report = client.post(
        "/api/v1/questions/import/", {"file": upload, "file_format": "gift"}, format="multipart"
    )
    assert report.status_code == 200, report.content
    assert (report.json()["imported"], report.json()["skipped"]) == (1, 1)
    assert report.json()["rows"][1]["reason"] == "Essay questions are not supported."
    gift = client.get("/api/v1/questions/export/", {"file_format": "gift"})
    assert gift.status_code == 200 and gift["Content-Disposition"].startswith("attachment")
    assert b"::Sensors:: Which device measures temperature?" in gift.content
    xml = client.get("/api/v1/questions/export/", {"file_format": "moodlexml"})
    assert b'<question type="multichoice">' in xml.content
    assert client.get("/api/v1/questions/export/", {"file_format": "pdf"}).status_code == 400


@pytest.mark.parametrize(
    ("data", "fmt", "extra", "field"),
    [
        (b"<quiz>", "moodlexml", {}, "non_field_errors"),
        (GIFT.encode(), "gift", {"competence": "SC-Q.7"}, "competence"),
        (GIFT.encode(), "csv", {}, "file_format"),
    ],
)
def test_a_file_that_cannot_be_imported_writes_nothing(bank, trainer, data, fmt, extra, field):
    upload = SimpleUploadedFile("bank.txt", data)
    response = api(trainer).post(
        "/api/v1/questions/import/", {"file": upload, "file_format": fmt, **extra}, format="multipart"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Question.objects.exists()


def test_only_trainers_reach_the_bank(bank):
    QuestionFactory(competence=bank["a1"])
    assert api().get("/api/v1/questions/").status_code == 401
    for role in (Role.LEARNER, Role.HR_STAFF, Role.CERTIFIER):
        client = api(UserFactory(roles=[role]))
        assert client.get("/api/v1/questions/").status_code == 403
        assert client.get("/api/v1/questions/export/", {"file_format": "gift"}).status_code == 403
    assert api(UserFactory(roles=[Role.TRAINER])).get("/api/v1/questions/").json()["count"] == 1


def test_platform_questions_are_changed_by_framework_editors_only(bank, trainer):
    question = QuestionFactory(competence=bank["a1"], author=None)
    assert api(trainer).post(f"/api/v1/questions/{question.pk}/retire/").status_code == 403
    editor = UserFactory(roles=[Role.TRAINER, Role.FRAMEWORK_EDITOR])
    assert api(editor).post(f"/api/v1/questions/{question.pk}/retire/").json()["status"] == "retired"
