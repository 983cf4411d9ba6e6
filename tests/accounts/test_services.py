import pytest
from django.core import mail

from accounts import services
from accounts.models import Organisation, User
from core.errors import ApplicationError

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_user_create_sets_roles_language_and_organisation():
    organisation = services.organisation_upsert(
        slug="city-x",
        kind=Organisation.Kind.CITY_ADMINISTRATION,
        country="RO",
        name_en="City X",
        city_en="Cluj",
    )
    user = services.user_create(
        email="new@example.org",
        full_name="New Person",
        password=PASSWORD,
        preferred_language="ro",
        organisation=organisation,
        roles=["learner", "hr_staff"],
    )
    assert (user.preferred_language, user.organisation, user.role_names) == (
        "ro",
        organisation,
        {"learner", "hr_staff"},
    )
    assert user.check_password(PASSWORD)


def test_user_create_refuses_a_taken_address_and_writes_nothing():
    UserFactory(email="taken@example.org")
    with pytest.raises(ApplicationError) as error:
        services.user_create(email="TAKEN@example.org", full_name="X", password=PASSWORD)
    assert "email" in error.value.as_dict()
    assert User.objects.count() == 1


def test_user_create_refuses_an_unknown_role_and_writes_nothing():
    with pytest.raises(ApplicationError):
        services.user_create(email="x@example.org", full_name="X", password=PASSWORD, roles=["wizard"])
    assert not User.objects.filter(email="x@example.org").exists()


def test_user_update_profile_refuses_an_unknown_language():
    user = UserFactory(preferred_language="de")
    with pytest.raises(ApplicationError) as error:
        services.user_update_profile(user=user, full_name="Y", preferred_language="fr")
    assert list(error.value.as_dict()) == ["preferred_language"]
    user.refresh_from_db()
    assert user.preferred_language == "de"


def test_organisation_upsert_is_idempotent(django_assert_num_queries):
    values = {"slug": "o", "kind": "training_provider", "country": "GR", "name_en": "O", "city_en": "Patras"}
    first = services.organisation_upsert(**values)
    with django_assert_num_queries(1):  # one read, no write
        again = services.organisation_upsert(**values)
    assert again.pk == first.pk


def test_password_reset_mail_is_sent_in_the_users_language(django_capture_on_commit_callbacks):
    user = UserFactory(email="greek@example.org", preferred_language="el", full_name="Eleni")
    with django_capture_on_commit_callbacks(execute=True):
        services.password_reset_request(email="GREEK@example.org", domain="testserver", use_https=True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "https://testserver/el/accounts/password/reset/" in message.body
    assert "Eleni" in message.body
    assert "Hello" not in message.body  # Greek, not English


def test_password_reset_for_an_unknown_address_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.password_reset_request(email="nobody@example.org", domain="testserver", use_https=False)
    assert callbacks == []
    assert mail.outbox == []
