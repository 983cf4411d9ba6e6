from dataclasses import dataclass

import pytest

from accounts.models import Organisation
from accounts.roles import Role
from competencies.models import JobRole, ProficiencyLevel
from curriculum.models import Course, LearningOutcome, Module, Test, Unit
from passport import services
from passport.models import Department
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.certification.conftest import certifier, committed, learner, sit  # noqa: F401
from tests.certification.factories import scheme_with_exam


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def level(rank: int) -> ProficiencyLevel:
    return ProficiencyLevel.objects.get(scale__slug="ecf", rank=rank)


@dataclass
class World:
    """A role with four requirements (SC-A.1, SC-A.2, SC-B.1 essential at e-3; SC-B.2 optional at
    e-3), its exam and scheme, a published course whose unit teaches SC-B.1, and two city
    administrations with an HR officer each."""

    scheme: object
    exam: Test
    role: JobRole
    competences: list
    unit: Unit
    city: Organisation
    other_city: Organisation
    department: Department
    hr: object
    other_hr: object

    def staff(self, name: str, *, consent: bool = True, target: bool = True, **fields):
        person = UserFactory(roles=[Role.LEARNER], full_name=name, organisation=self.city, **fields)
        if consent:
            member = services.consent_set(user=person, consent=True)
            services.staff_update(
                actor=self.hr,
                member=member,
                department=self.department,
                target_role=self.role if target else None,
            )
        return person


@pytest.fixture
def world(db) -> World:
    scheme, exam, competences = scheme_with_exam(areas=2, per_area=2, min_score=60)
    optional = scheme.role.requirements.get(competence=competences[3])
    optional.importance = "optional"
    optional.save()
    course = Course.objects.create(
        slug="smart-ops",
        code="SO",
        role=scheme.role,
        title_en="Smart operations",
        hours=10,
        ecvet=1,
        is_published=True,
    )
    module = Module.objects.create(course=course, code="SO-M1", title_en="Sensors")
    unit = Unit.objects.create(module=module, code="SO-M1-U1", title_en="Sensor networks", hours=4, ecvet=1)
    outcome = LearningOutcome.objects.create(
        unit=unit, code="SO-M1-U1-LO1", text_en="Installs sensors.", level=level(3)
    )
    outcome.competences.add(competences[2])
    city = OrganisationFactory(name_en="Sofia Municipality")
    other_city = OrganisationFactory(name_en="Patras Municipality")
    department = Department.objects.create(
        organisation=city, slug="digital", name_en="Digital Services", name_es="Servicios digitales"
    )
    hr = UserFactory(roles=[Role.HR_STAFF], organisation=city, full_name="Elena Popescu")
    other_hr = UserFactory(roles=[Role.HR_STAFF], organisation=other_city, full_name="Giorgos Nikolaou")
    return World(scheme, exam, scheme.role, competences, unit, city, other_city, department, hr, other_hr)
