import pytest

from accounts.roles import Role
from curriculum import attempts
from tests.accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Certificate PDFs and evidence files go to a folder of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def certifier(db):
    return UserFactory(roles=[Role.CERTIFIER], full_name="Katharina Huber")


@pytest.fixture
def learner(db):
    return UserFactory(roles=[Role.LEARNER], full_name="Мария Иванова", preferred_language="bg")


def sit(test, learner, right):
    """The learner sits the exam and answers right exactly the questions of the competences in
    ``right`` (codes); returns the graded attempt."""
    attempt = attempts.attempt_start(test=test, learner=learner)
    for item in attempt.items.select_related("question__competence"):
        choice = item.question.choices.get(fraction=1 if item.question.competence.code in right else 0)
        attempts.answer_save(attempt=attempt, question_id=item.question_id, response={"choice": choice.pk})
    return attempts.attempt_submit(attempt=attempt)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and then what it queued for after the commit (the PDF task, eagerly)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


# The official JSON-LD contexts, served locally (skips with the reason when ../shared is absent).
from tests.certification.test_credentials import local_loader  # noqa: E402, F401
