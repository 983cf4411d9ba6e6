from decimal import Decimal

import factory

from certification.models import CertificationScheme, SchemeExam
from tests.competencies.factories import (
    CompetenceFactory,
    FrameworkFactory,
    JobRoleFactory,
    RequirementFactory,
)
from tests.curriculum.factories import exam_with_bank


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationScheme

    role = factory.SubFactory(JobRoleFactory)
    slug = factory.Sequence(lambda n: f"scheme-{n}")
    title_en = factory.Sequence(lambda n: f"Certified role {n}")
    title_bg = factory.Sequence(lambda n: f"Сертифицирана роля {n}")
    title_el = factory.Sequence(lambda n: f"Πιστοποιημένος ρόλος {n}")
    summary_en = "For people who do the job."
    validity_months = 24
    renewal = CertificationScheme.Renewal.CONTINUING_EDUCATION
    renewal_hours = 4
    is_published = True


def scheme_with_exam(*, areas=2, per_area=1, min_score=60, min_area_score=None, **fields):
    """A scheme whose role requires ``areas`` times ``per_area`` competences (each area a top-level
    competence with children), with one exam drawing one question per competence."""
    framework = FrameworkFactory()
    role = JobRoleFactory(framework=framework)
    competences = []
    for a in range(areas):
        area = CompetenceFactory(framework=framework, kind="area", code=f"SC-{'ABCDEFGH'[a]}", position=a)
        for c in range(per_area):
            competence = CompetenceFactory(
                framework=framework, parent=area, code=f"SC-{'ABCDEFGH'[a]}.{c + 1}", position=c
            )
            RequirementFactory(role=role, competence=competence)
            competences.append(competence)
    scheme = SchemeFactory(
        role=role, min_area_score=None if min_area_score is None else Decimal(min_area_score), **fields
    )
    test = exam_with_bank(competences, per_competence=1, bank_size=1, role=role, shuffle_questions=False)
    SchemeExam.objects.create(scheme=scheme, test=test, min_score=Decimal(min_score))
    return scheme, test, competences
