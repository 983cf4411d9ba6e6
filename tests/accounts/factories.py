import factory
from django.contrib.auth.models import Group

from accounts.models import Organisation, User

PASSWORD = "correct-horse-battery-staple-7"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.CITY_ADMINISTRATION
    country = "BG"
    city_en = "Sofia"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    preferred_language = "en"
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            # The role groups come from a data migration; a transactional test that runs after a
            # flush may not have them, so they are made here when missing.
            self.groups.set([Group.objects.get_or_create(name=name)[0] for name in extracted])
