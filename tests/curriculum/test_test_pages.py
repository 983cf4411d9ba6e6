"""The learner's test pages: who may open them, taking a test without JavaScript, the result
with its chart, and what the pages never show before the feedback policy allows."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.roles import Role
from curriculum.models import Attempt, Choice, Question
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory
from tests.curriculum.factories import exam_with_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam():
    framework = FrameworkFactory()
    test = exam_with_bank(
        [CompetenceFactory(framework=framework, code=f"SC-{c}.1") for c in "AB"],
        per_competence=1,
        feedback_policy="none",
    )
    Question.objects.update(general_feedback_en="Explanation of the key.")
    Choice.objects.filter(fraction=1).update(feedback_en="This one is right.")
    return test


@pytest.fixture
def learner(client):
    user = UserFactory(roles=[Role.LEARNER])
    client.force_login(user)
    return user


def test_pages_need_a_signed_in_user_and_starting_needs_a_learner(client, exam):
    assert client.get("/en/tests/").status_code == 302
    assert client.get(f"/en/tests/{exam.slug}/").status_code == 302
    client.force_login(UserFactory(roles=[Role.TRAINER]))
    assert client.get(f"/en/tests/{exam.slug}/").status_code == 200
    assert client.post(f"/en/tests/{exam.slug}/start/").status_code == 403
    assert client.get(f"/en/tests/{exam.slug}/start/").status_code in (302, 405)
    assert client.get("/en/tests/no-such-test/").status_code == 404


def test_taking_a_test_without_javascript(client, exam, learner):
    page = client.get("/en/tests/").content.decode()
    assert exam.title_en in page
    start = client.post(f"/en/tests/{exam.slug}/start/")
    attempt = Attempt.objects.get()
    assert start.url == f"/en/attempts/{attempt.pk}/"
    page = client.get(start.url).content.decode()
    assert 'data-deadline="' in page and "Hand in the test" in page
    for secret in ("This one is right.", "Explanation of the key.", "fraction"):
        assert secret not in page
    items = list(attempt.items.select_related("question").order_by("position"))
    right = {f"q-{i.question_id}": str(i.question.choices.get(fraction=1).pk) for i in items[:1]}
    saved = client.post(start.url, {"action": "save", **right})
    assert saved.status_code == 302
    assert attempt.items.filter(response__isnull=False).count() == 1
    done = client.post(start.url, {"action": "submit"})
    assert done.status_code == 302
    result = client.get(start.url).content.decode()
    assert "50 %" in result and "<svg" in result and "SC-A.1" in result
    for secret in ("This one is right.", "Explanation of the key."):
        assert secret not in result  # the exam's policy: no feedback


def test_a_bad_answer_in_the_form_is_named_and_not_saved(client, exam, learner):
    client.post(f"/en/tests/{exam.slug}/start/")
    attempt = Attempt.objects.get()
    item = attempt.items.first()
    response = client.post(
        f"/bg/attempts/{attempt.pk}/", {"action": "save", f"q-{item.question_id}": "999999"}
    )
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert not attempt.items.filter(response__isnull=False).exists()


def test_feedback_after_submit_shows_explanations(client, exam, learner):
    exam.feedback_policy = "after_submit"
    exam.save()
    client.post(f"/en/tests/{exam.slug}/start/")
    attempt = Attempt.objects.get()
    client.post(f"/en/attempts/{attempt.pk}/", {"action": "submit"})
    assert "Explanation of the key." in client.get(f"/en/attempts/{attempt.pk}/").content.decode()


def test_another_learners_attempt_is_404_and_time_up_shows_the_result(client, exam, learner):
    client.post(f"/en/tests/{exam.slug}/start/")
    attempt = Attempt.objects.get()
    client.force_login(UserFactory(roles=[Role.LEARNER]))
    assert client.get(f"/en/attempts/{attempt.pk}/").status_code == 404
    assert client.post(f"/en/attempts/{attempt.pk}/", {"action": "submit"}).status_code == 404
    client.force_login(learner)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        page = client.get(f"/en/attempts/{attempt.pk}/").content.decode()
    assert "Finished when time ran out" in page
    assert "data-deadline" not in page


@pytest.mark.parametrize("lang", ["en", "bg", "ro", "de", "es", "el"])
def test_pages_in_every_language(client, exam, learner, lang):
    client.post(f"/en/tests/{exam.slug}/start/")
    attempt = Attempt.objects.get()
    for url in (f"/{lang}/tests/", f"/{lang}/tests/{exam.slug}/", f"/{lang}/attempts/{attempt.pk}/"):
        assert client.get(url).status_code == 200


def test_test_lists_cost_the_same_queries_for_more_tests(client, learner):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    framework = FrameworkFactory()

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    exam_with_bank([CompetenceFactory(framework=framework)], per_competence=1, bank_size=1)
    urls = ("/en/tests/", "/api/v1/tests/")
    before = [count(url) for url in urls]
    for _ in range(5):
        exam_with_bank(
            [CompetenceFactory(framework=framework) for _ in range(2)], per_competence=1, bank_size=1
        )
    assert [count(url) for url in urls] == before


def test_the_chart_is_valid_svg_in_languages_with_a_decimal_comma(client, exam, learner):
    import re

    from defusedxml import ElementTree

    client.post(f"/en/tests/{exam.slug}/start/")
    attempt = Attempt.objects.get()
    item = attempt.items.select_related("question").order_by("position").first()
    right = item.question.choices.get(fraction=1).pk
    client.post(f"/en/attempts/{attempt.pk}/", {"action": "submit", f"q-{item.question_id}": str(right)})
    for lang in ("el", "de", "bg"):
        page = client.get(f"/{lang}/attempts/{attempt.pk}/").content.decode()
        svg = re.search(r"<svg.*?</svg>", page, re.DOTALL).group(0)
        root = ElementTree.fromstring(svg)
        for element in root.iter():
            for name in ("x", "y", "width", "height", "x1", "x2"):
                value = element.get(name)
                if value is not None and value != "100%":
                    float(value)  # a decimal comma would not parse
        assert 'class="bar bar-pass"' in svg or 'class="bar"' in svg
