import datetime

import factory
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.competencies.factories import JobRoleFactory
from trainers.models import (
    Accreditation,
    CriterionAssessment,
    QualityCriterion,
    TrainerProfile,
    TrainingOrganisation,
)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityCriterion

    code = factory.Sequence(lambda n: f"T{n + 1}")
    applies_to = QualityCriterion.AppliesTo.TRAINER
    title_en = factory.Sequence(lambda n: f"Criterion {n}")
    description_en = "What the applicant shows."
    is_published = True


class TrainingOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingOrganisation

    organisation = factory.SubFactory(
        OrganisationFactory, kind=Organisation.Kind.TRAINING_PROVIDER, country="GR"
    )
    languages = factory.LazyFunction(lambda: ["el", "en"])


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainerProfile

    user = factory.SubFactory(UserFactory, roles=[Role.TRAINER])
    country = "BG"
    languages = factory.LazyFunction(lambda: ["bg", "en"])
    qualifications_en = "MSc in urban planning"


class AccreditationFactory(factory.django.DjangoModelFactory):
    """An accreditation in force for a year, with every trainer criterion met."""

    class Meta:
        model = Accreditation
        skip_postgeneration_save = True

    trainer = factory.SubFactory(TrainerFactory)
    role = factory.SubFactory(JobRoleFactory)
    status = Accreditation.Status.ACCREDITED
    applied_by = factory.LazyAttribute(lambda o: o.trainer.user if o.trainer else UserFactory())
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))

    @factory.post_generation
    def assessments(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        applies_to = (
            QualityCriterion.AppliesTo.TRAINER if self.trainer_id else QualityCriterion.AppliesTo.ORGANISATION
        )
        decision = (
            CriterionAssessment.Decision.PENDING
            if self.status == Accreditation.Status.APPLIED
            else CriterionAssessment.Decision.MET
        )
        CriterionAssessment.objects.bulk_create(
            CriterionAssessment(accreditation=self, criterion=c, evidence="Evidence", decision=decision)
            for c in QualityCriterion.objects.filter(applies_to=applies_to, is_published=True)
        )
