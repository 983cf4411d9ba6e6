import factory

from curriculum.models import BlueprintRule, Choice, Question, Test
from tests.competencies.factories import CompetenceFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """An active single-choice question whose first answer is right."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    competence = factory.SubFactory(CompetenceFactory)
    kind = Question.Kind.SINGLE_CHOICE
    name = factory.Sequence(lambda n: f"Question {n}")
    text_en = factory.Sequence(lambda n: f"What is {n}?")
    status = Question.Status.ACTIVE
    fingerprint = factory.Sequence(lambda n: f"{n:064d}")

    @factory.post_generation
    def answers(self, create, extracted, **kwargs):
        if not create:
            return
        for position, (text, fraction) in enumerate(
            [("Right", 1), ("Wrong", 0)] if extracted is None else extracted, start=1
        ):
            Choice.objects.create(question=self, position=position, text_en=text, fraction=fraction)


class TestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Test

    slug = factory.Sequence(lambda n: f"test-{n}")
    kind = Test.Kind.EXAM
    title_en = factory.Sequence(lambda n: f"Exam {n}")
    time_limit_minutes = 30
    pass_mark = 60
    is_published = True
    feedback_policy = Test.FeedbackPolicy.AFTER_SUBMIT


TestFactory.__test__ = False  # type: ignore[attr-defined]


def exam_with_bank(competences, per_competence=2, bank_size=4, **test_fields):
    """A test drawing ``per_competence`` questions from each competence's bank of ``bank_size``."""
    test = TestFactory(**test_fields)
    for position, competence in enumerate(competences):
        for _ in range(bank_size):
            QuestionFactory(competence=competence)
        BlueprintRule.objects.create(
            test=test, competence=competence, count=per_competence, position=position
        )
    return test
