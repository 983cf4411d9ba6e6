import pytest

from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.competencies.factories import JobRoleFactory
from tests.trainers.factories import CriterionFactory, TrainerFactory
from trainers.models import QualityCriterion


@pytest.fixture
def criteria(db):
    """Two published trainer criteria, one organisation criterion, one draft that nobody needs."""
    return [
        CriterionFactory(code="T1", position=1),
        CriterionFactory(code="T2", position=2),
        CriterionFactory(code="O1", applies_to=QualityCriterion.AppliesTo.ORGANISATION),
        CriterionFactory(code="T9", is_published=False),
    ]


@pytest.fixture
def role(db):
    return JobRoleFactory(title_en="Smart City Engineer")


@pytest.fixture
def trainer(db):
    return TrainerFactory()


@pytest.fixture
def certifier(db):
    return UserFactory(roles=[Role.CERTIFIER])


EVIDENCE = {
    "T1": ("MSc and eight years of projects.", "https://example.org/cv.pdf"),
    "T2": ("Adult trainer.", ""),
}
