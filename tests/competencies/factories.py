import factory

from competencies.models import (
    Competence,
    Framework,
    JobRole,
    LevelDescriptor,
    ProficiencyLevel,
    ProficiencyScale,
    RoleRequirement,
)
from competencies.search import search_text_for

LANGS = ("en", "bg", "ro", "de", "es", "el")


def six(text: str) -> dict[str, str]:
    return {f"_{code}": f"{text} [{code}]" for code in LANGS}


class ScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProficiencyScale
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = "ecf"
    title_en = "e-CF levels"

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if create and not self.levels.exists():
            for rank in range(1, 6):
                ProficiencyLevel.objects.create(
                    scale=self, rank=rank, code=f"e-{rank}", title_en=f"Level {rank}"
                )


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    key = factory.Sequence(lambda n: f"framework-{n}")
    version = "1.0"
    slug = factory.LazyAttribute(lambda o: f"{o.key}-1-0")
    title_en = factory.Sequence(lambda n: f"Framework {n}")
    status = Framework.Status.PUBLISHED
    published_at = factory.Faker("date_time", tzinfo=__import__("datetime").UTC)
    scale = factory.SubFactory(ScaleFactory)


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence
        skip_postgeneration_save = True

    framework = factory.SubFactory(FrameworkFactory)
    kind = Competence.Kind.COMPETENCE
    code = factory.Sequence(lambda n: f"C.{n}")
    title_en = factory.Sequence(lambda n: f"Competence {n}")
    title_bg = factory.Sequence(lambda n: f"Компетентност {n}")
    search_text = factory.LazyAttribute(
        lambda o: search_text_for(code=o.code, labels=[o.title_en, o.title_bg])
    )

    @factory.post_generation
    def placed(self, create, extracted, **kwargs):
        if create:
            self.area_id = self.parent.area_id if self.parent_id else self.pk
            self.save(update_fields=["area"])


class DescriptorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelDescriptor

    competence = factory.SubFactory(CompetenceFactory)
    description_en = "Does it."


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole

    framework = factory.SubFactory(FrameworkFactory)
    slug = factory.Sequence(lambda n: f"role-{n}")
    title_en = factory.Sequence(lambda n: f"Role {n}")
    isco_code = "2421"


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleRequirement

    role = factory.SubFactory(JobRoleFactory)
    competence = factory.SubFactory(CompetenceFactory, framework=factory.SelfAttribute("..role.framework"))
    level = factory.LazyFunction(lambda: ProficiencyLevel.objects.get(scale__slug="ecf", rank=3))
    importance = RoleRequirement.Importance.ESSENTIAL
