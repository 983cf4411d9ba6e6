"""The tests and attempts API as a learner uses it, and what it never gives away."""

import datetime
import json

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role
from curriculum.models import Choice, Question
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory
from tests.curriculum.factories import QuestionFactory, exam_with_bank

pytestmark = pytest.mark.django_db

#: Keys that would carry an answer key (the attempt's own "number" is its sequence number).
SECRET_KEYS = {
    "fraction",
    "feedback",
    "right_answer",
    "earned",
    "tolerance",
    "general_feedback",
    "answer_feedback",
}


def keys_in(value):
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def assert_reveals_nothing(response):
    """No key that carries an answer, and no feedback text anywhere in the body."""
    body = response.json()
    assert not keys_in(body) & SECRET_KEYS, keys_in(body) & SECRET_KEYS
    text = json.dumps(body, ensure_ascii=False)
    secrets = [
        *Choice.objects.values_list("feedback_en", flat=True),
        *Question.objects.values_list("general_feedback_en", flat=True),
    ]
    for secret in filter(None, secrets):
        assert secret not in text


@pytest.fixture
def exam():
    framework = FrameworkFactory()
    test = exam_with_bank(
        [CompetenceFactory(framework=framework) for _ in range(2)],
        per_competence=2,
        attempts_allowed=2,
        wait_minutes=30,
    )
    Question.objects.update(general_feedback_en="Because the city strategy says so.")
    Choice.objects.filter(fraction=1).update(feedback_en="Right: this is the key.")
    return test


@pytest.fixture
def learner():
    return UserFactory(roles=[Role.LEARNER])


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def right_choice(question_id):
    return Choice.objects.get(question_id=question_id, fraction=1).pk


def test_learner_takes_a_test_through_the_api_and_sees_nothing_before_the_policy_allows(exam, learner):
    client = api(learner)
    listed = client.get("/api/v1/tests/")
    assert listed.json()["results"][0]["questions"] == 4
    assert_reveals_nothing(listed)

    started = client.post(f"/api/v1/tests/{exam.pk}/attempts/")
    assert started.status_code == 201
    assert_reveals_nothing(started)
    attempt = started.json()
    assert len(attempt["questions"]) == 4 and all(len(q["options"]) == 2 for q in attempt["questions"])
    assert client.post(f"/api/v1/tests/{exam.pk}/attempts/").status_code == 200  # resumed, not a second one

    for question in attempt["questions"][:3]:
        url = f"/api/v1/attempts/{attempt['id']}/answers/{question['question']}/"
        saved = client.put(url, {"response": {"choice": right_choice(question["question"])}}, format="json")
        assert saved.status_code == 200, saved.content
        assert_reveals_nothing(saved)
    again = client.get(f"/api/v1/attempts/{attempt['id']}/")
    assert again.json()["answered"] == 3
    assert_reveals_nothing(again)

    submitted = client.post(f"/api/v1/attempts/{attempt['id']}/submit/")
    body = submitted.json()
    assert (body["status"], body["result"]["score"], body["result"]["passed"]) == ("submitted", "75.00", True)
    assert body["feedback_available"] is True  # the exam's policy: after submitting
    assert body["questions"][0]["feedback"]["general_feedback"] == "Because the city strategy says so."
    assert (
        client.post(f"/api/v1/attempts/{attempt['id']}/submit/").json()["finished_at"] == body["finished_at"]
    )


def test_no_feedback_policy_keeps_the_keys_after_submitting(exam, learner):
    exam.feedback_policy = "none"
    exam.save()
    client = api(learner)
    attempt = client.post(f"/api/v1/tests/{exam.pk}/attempts/").json()
    submitted = client.post(f"/api/v1/attempts/{attempt['id']}/submit/")
    assert submitted.json()["result"]["score"] == "0.00"
    assert_reveals_nothing(submitted)
    assert_reveals_nothing(client.get(f"/api/v1/attempts/{attempt['id']}/"))


def test_retake_inside_the_wait_and_a_third_attempt_are_refused(exam, learner):
    client = api(learner)
    first = client.post(f"/api/v1/tests/{exam.pk}/attempts/").json()
    client.post(f"/api/v1/attempts/{first['id']}/submit/")
    early = client.post(f"/api/v1/tests/{exam.pk}/attempts/")
    assert early.status_code == 400 and "try again from" in early.json()["non_field_errors"][0]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        second = client.post(f"/api/v1/tests/{exam.pk}/attempts/").json()
        client.post(f"/api/v1/attempts/{second['id']}/submit/")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        third = client.post(f"/api/v1/tests/{exam.pk}/attempts/")
    assert third.status_code == 400 and "all 2 attempts" in third.json()["non_field_errors"][0]


def test_answer_after_the_deadline_is_refused(exam, learner):
    client = api(learner)
    attempt = client.post(f"/api/v1/tests/{exam.pk}/attempts/").json()
    question = attempt["questions"][0]["question"]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        late = client.put(
            f"/api/v1/attempts/{attempt['id']}/answers/{question}/",
            {"response": {"choice": right_choice(question)}},
            format="json",
        )
        assert late.status_code == 400
        assert client.get(f"/api/v1/attempts/{attempt['id']}/").json()["status"] == "timed_out"


@pytest.mark.parametrize("response", [{"choice": "first"}, {"choice": 0}, "yes", None, {"choices": [1]}])
def test_answers_of_the_wrong_shape_get_400(exam, learner, response):
    client = api(learner)
    attempt = client.post(f"/api/v1/tests/{exam.pk}/attempts/").json()
    question = attempt["questions"][0]["question"]
    bad = client.put(
        f"/api/v1/attempts/{attempt['id']}/answers/{question}/", {"response": response}, format="json"
    )
    assert bad.status_code == 400
    assert client.get(f"/api/v1/attempts/{attempt['id']}/").json()["answered"] == 0


def test_who_may_do_what(exam, learner):
    assert api().get("/api/v1/tests/").status_code == 401
    assert (
        api(UserFactory(roles=[Role.TRAINER])).post(f"/api/v1/tests/{exam.pk}/attempts/").status_code == 403
    )
    attempt = api(learner).post(f"/api/v1/tests/{exam.pk}/attempts/").json()
    other = api(UserFactory(roles=[Role.LEARNER]))
    question = attempt["questions"][0]["question"]
    assert other.get(f"/api/v1/attempts/{attempt['id']}/").status_code == 404
    assert other.post(f"/api/v1/attempts/{attempt['id']}/submit/").status_code == 404
    answer = {"response": {"choice": right_choice(question)}}
    assert (
        other.put(f"/api/v1/attempts/{attempt['id']}/answers/{question}/", answer, format="json").status_code
        == 404
    )
    assert (
        api(learner)
        .put(f"/api/v1/attempts/{attempt['id']}/answers/999999/", answer, format="json")
        .status_code
        == 404
    )
    assert api(learner).get("/api/v1/attempts/abc/").status_code == 404
    exam.is_published = False
    exam.save()
    assert api(learner).post(f"/api/v1/tests/{exam.pk}/attempts/").status_code == 404


def test_matching_questions_show_items_and_shuffled_options_without_pairs(learner):
    competence = CompetenceFactory()
    question = QuestionFactory(competence=competence, kind="matching", answers=[])
    for position, (left, right_) in enumerate(
        [("Forum", "discussions"), ("Wiki", "pages"), ("", "chat")], start=1
    ):
        Choice.objects.create(
            question=question, position=position, text_en=left, match_text_en=right_, fraction=1
        )
    test = exam_with_bank([competence], per_competence=1, bank_size=0)
    client = api(learner)
    view = client.post(f"/api/v1/tests/{test.pk}/attempts/").json()["questions"][0]
    assert [o["text"] for o in view["options"]] == ["Forum", "Wiki"]
    assert sorted(m["text"] for m in view["matches"]) == ["chat", "discussions", "pages"]
    forum, wiki = (o["id"] for o in view["options"])
    by_text = {m["text"]: m["id"] for m in view["matches"]}
    attempt = client.post(f"/api/v1/tests/{test.pk}/attempts/").json()
    pairs = {str(forum): by_text["discussions"], str(wiki): by_text["pages"]}
    url = f"/api/v1/attempts/{attempt['id']}/answers/{question.pk}/"
    assert client.put(url, {"response": {"pairs": pairs}}, format="json").status_code == 200
    assert client.post(f"/api/v1/attempts/{attempt['id']}/submit/").json()["result"]["score"] == "100.00"
