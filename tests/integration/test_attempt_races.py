"""Racing requests on PostgreSQL: two submits of one attempt, two starts of one test."""

import threading

import pytest
from django.db import connection, connections

from accounts.roles import Role
from curriculum import attempts
from curriculum.models import Attempt, AttemptQuestion, CompetenceScore
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory
from tests.conftest import missing_service
from tests.curriculum.factories import exam_with_bank

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def race(task, count=2):
    """Run ``task`` in ``count`` threads (each with its own database connection) at once."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(task())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.fixture
def exam():
    if connection.vendor != "postgresql":
        missing_service("row locks are tested on PostgreSQL (set DATABASE_URL)")
    framework = FrameworkFactory()
    return exam_with_bank([CompetenceFactory(framework=framework) for _ in range(3)], per_competence=2)


def test_two_racing_submits_grade_the_attempt_once(exam):
    attempt = attempts.attempt_start(test=exam, learner=UserFactory(roles=[Role.LEARNER]))
    for item in AttemptQuestion.objects.filter(attempt=attempt).select_related("question"):
        choice = item.question.choices.get(fraction=1)
        attempts.answer_save(attempt=attempt, question_id=item.question_id, response={"choice": choice.pk})

    results, errors = race(lambda: attempts.attempt_submit(attempt=attempt), count=4)

    assert errors == []
    assert {r.finished_at for r in results} == {Attempt.objects.get().finished_at}  # one finish, seen by all
    assert CompetenceScore.objects.filter(attempt=attempt).count() == 3
    assert Attempt.objects.get().score == 100


def test_two_racing_starts_make_one_attempt(exam):
    learner = UserFactory(roles=[Role.LEARNER])
    results, errors = race(lambda: attempts.attempt_start(test=exam, learner=learner).pk, count=3)
    assert errors == []
    assert len(set(results)) == 1
    assert Attempt.objects.count() == 1
    assert AttemptQuestion.objects.count() == 6
