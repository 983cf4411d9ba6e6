"""Results for trainers and certifiers: the table, averages, CSV, item statistics, who may see
them, and their cost in queries."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from curriculum import attempts, results
from tests.accounts.factories import UserFactory
from tests.competencies.factories import CompetenceFactory, FrameworkFactory
from tests.curriculum.factories import exam_with_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken():
    """An exam on two competences, taken by six learners: learner n answers n of 4 right."""
    framework = FrameworkFactory()
    test = exam_with_bank(
        [CompetenceFactory(framework=framework, code=f"SC-{c}.1") for c in "AB"], per_competence=2, bank_size=2,
        shuffle_questions=False,
    )  # fmt: skip
    for n in range(6):
        learner = UserFactory(roles=[Role.LEARNER], full_name=f"Learner {n}")
        attempt = attempts.attempt_start(test=test, learner=learner)
        for index, item in enumerate(attempt.items.select_related("question").order_by("position")):
            fraction = 1 if index < min(n, 4) else 0
            choice = item.question.choices.get(fraction=fraction)
            attempts.answer_save(
                attempt=attempt, question_id=item.question_id, response={"choice": choice.pk}
            )
        attempts.attempt_submit(attempt=attempt)
    return test


def test_table_averages_and_csv(client, taken):
    table = results.result_table(test=taken)
    assert [c.code for c in table.competences] == ["SC-A.1", "SC-B.1"]
    assert len(table.rows) == 6
    assert round(table.average_score, 2) == Decimal("58.33")  # (0 + 25 + 50 + 75 + 100 + 100) / 6
    client.force_login(UserFactory(roles=[Role.CERTIFIER]))
    response = client.get(f"/en/results/{taken.slug}/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Learner", "Attempt", "Finished", "Score (%)", "Passed", "SC-A.1", "SC-B.1"]
    assert rows[1][0] == "Learner 0" and rows[1][3] == "0.00" and rows[1][5:] == ["0.00", "0.00"]
    assert len(rows) == 7


def test_item_statistics(taken):
    stats = {s.question.competence.code + str(s.question.pk): s for s in results.item_statistics(test=taken)}
    assert len(stats) == 4
    for stat in stats.values():
        assert stat.drawn == 6
        assert 0 <= stat.facility <= 1
        # Stronger learners got every question right more often than weaker ones.
        assert stat.discrimination is not None and stat.discrimination > 0


@pytest.mark.parametrize(
    ("roles", "status"),
    [
        (None, 302),
        ([Role.LEARNER], 403),
        ([Role.HR_STAFF], 403),
        ([Role.TRAINER], 200),
        ([Role.CERTIFIER], 200),
    ],
)
def test_who_may_see_results(client, taken, roles, status):
    if roles:
        client.force_login(UserFactory(roles=roles))
    assert client.get("/en/results/").status_code == status
    assert client.get(f"/en/results/{taken.slug}/").status_code == status


def test_results_pages_cost_the_same_queries_for_more_attempts(client, taken):
    client.force_login(UserFactory(roles=[Role.TRAINER]))

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ("/en/results/", f"/en/results/{taken.slug}/")
    before = [count(url) for url in urls]
    for _ in range(4):
        attempts.attempt_submit(
            attempt=attempts.attempt_start(test=taken, learner=UserFactory(roles=[Role.LEARNER]))
        )
    assert [count(url) for url in urls] == before
