"""The header shows each user the entries they may open, and nothing else."""

import pytest
from django.urls import reverse

from core import navigation
from core.navigation import NavItem
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def nav_keys(client) -> list[str]:
    import re

    return re.findall(r'data-nav="([\w-]+)"', client.get("/en/").content.decode())


def test_anonymous_visitors_see_home_and_sign_in(client):
    assert nav_keys(client) == [
        "home",
        "frameworks",
        "roles",
        "courses",
        "guide",
        "trainer-registry",
        "certification",
        "verify",
        "login",
    ]


def test_signed_in_users_see_their_profile_and_the_api(client):
    client.force_login(UserFactory())
    assert nav_keys(client) == [
        "home",
        "frameworks",
        "roles",
        "courses",
        "guide",
        "trainer-registry",
        "certification",
        "tests",
        "verify",
        "passport",
        "profile",
        "api",
    ]


def test_staff_see_the_administration(client):
    client.force_login(UserFactory(is_staff=True))
    assert nav_keys(client) == [
        "home",
        "frameworks",
        "roles",
        "courses",
        "guide",
        "trainer-registry",
        "certification",
        "tests",
        "verify",
        "passport",
        "profile",
        "api",
        "admin",
    ]


@pytest.fixture
def trainer_only_entry():
    navigation.register(
        NavItem(
            key="trainer-desk",
            label="Trainer desk",
            url_name="accounts:profile",
            order=50,
            roles=frozenset({"trainer"}),
        )
    )
    yield
    navigation.unregister("trainer-desk")


def test_role_entries_show_only_to_holders_of_the_role(client, trainer_only_entry):
    client.force_login(UserFactory(roles=["learner"]))
    assert "trainer-desk" not in nav_keys(client)
    client.force_login(UserFactory(roles=["trainer"]))
    assert nav_keys(client)[:14] == [
        "home",
        "frameworks",
        "roles",
        "courses",
        "guide",
        "trainer-registry",
        "certification",
        "tests",
        "verify",
        "my-materials",
        "passport",
        "question-bank",
        "my-accreditation",
        "test-results",
    ]
    client.logout()
    assert "trainer-desk" not in nav_keys(client)


def test_navigation_costs_a_constant_number_of_queries(client, django_assert_num_queries, trainer_only_entry):
    user = UserFactory(roles=["learner", "trainer", "hr_staff"])
    client.force_login(user)
    client.get("/en/")  # warm up
    # session, user, the user's role groups
    with django_assert_num_queries(3):
        assert client.get(reverse("home")).status_code == 200


def test_trainers_and_framework_editors_see_their_workspaces(client):
    client.force_login(UserFactory(roles=["trainer"]))
    keys = nav_keys(client)
    assert "my-materials" in keys and "review-materials" not in keys
    assert "my-accreditation" in keys and "accreditation-queue" not in keys
    client.force_login(UserFactory(roles=["framework_editor"]))
    keys = nav_keys(client)
    assert "review-materials" in keys and "my-materials" not in keys
    assert "my-accreditation" not in keys and "accreditation-queue" not in keys
    client.force_login(UserFactory(roles=["certifier"]))
    keys = nav_keys(client)
    assert "accreditation-queue" in keys and "my-accreditation" not in keys
    client.force_login(UserFactory(roles=["learner"]))
    assert not {"my-materials", "review-materials", "needs"} & set(nav_keys(client))
    client.force_login(UserFactory(roles=["hr_staff"]))
    assert "needs" in nav_keys(client)
