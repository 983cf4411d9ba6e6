"""The periodic task finalises attempts whose time ran out, in the real worker, on PostgreSQL,
with the answers saved in time."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from curriculum import attempts
from curriculum.models import Attempt
from curriculum.tasks import finalise_overdue_attempts
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory
from tests.curriculum.factories import exam_with_bank

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_worker_finalises_overdue_attempts(celery_worker_process):
    test = exam_with_bank(
        [CompetenceFactory(framework=FrameworkFactory())], per_competence=2, shuffle_questions=False
    )
    overdue = attempts.attempt_start(test=test, learner=UserFactory(roles=[Role.LEARNER]))
    running = attempts.attempt_start(test=test, learner=UserFactory(roles=[Role.LEARNER]))
    first = overdue.items.select_related("question").order_by("position").first()
    right = first.question.choices.get(fraction=1)
    attempts.answer_save(attempt=overdue, question_id=first.question_id, response={"choice": right.pk})
    Attempt.objects.filter(pk=overdue.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))

    assert finalise_overdue_attempts.delay().get(timeout=30) == 1

    overdue.refresh_from_db()
    running.refresh_from_db()
    assert (overdue.status, overdue.score) == ("timed_out", 50)
    assert running.status == "in_progress"
