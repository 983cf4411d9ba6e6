import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.test import RequestFactory

from accounts.models import User
from accounts.roles import Role

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_role_groups_are_created_by_the_data_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "learner",
        "trainer",
        "hr_staff",
        "certifier",
        "framework_editor",
    }
    assert set(Role.values) == {"learner", "trainer", "hr_staff", "certifier", "framework_editor"}


def test_email_is_the_login_whatever_its_case():
    user = UserFactory(email="ana@example.org")
    request = RequestFactory().post("/en/accounts/login/")  # django-axes needs the request
    assert authenticate(request, username="ANA@Example.org", password=PASSWORD) == user
    assert authenticate(request, username="ana@example.org", password="wrong") is None


def test_create_user_lowercases_the_address_and_rejects_a_duplicate():
    user = User.objects.create_user("Ana@Example.ORG", password=PASSWORD, full_name="Ana")
    assert user.email == "ana@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create_user("ANA@example.org", password=PASSWORD, full_name="Ana Again")


def test_role_names_lists_the_groups_held():
    user = UserFactory(roles=["learner", "trainer"])
    assert user.role_names == {"learner", "trainer"}
    assert user.has_role("trainer")
    assert not user.has_role("certifier")


def test_superuser_holds_every_role():
    admin = User.objects.create_superuser("root@example.org", password=PASSWORD, full_name="Root")
    assert admin.is_staff
    assert admin.has_role("certifier")
