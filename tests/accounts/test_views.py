"""Account pages: who may open them, and what they do."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.models import User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_applies_the_preferred_language(client):
    UserFactory(email="bg@example.org", preferred_language="bg")
    response = client.post(
        "/en/accounts/login/", {"username": "bg@example.org", "password": PASSWORD, "next": "/en/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/bg/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "bg"


def test_login_with_a_wrong_password_names_the_problem_in_the_page_language(client):
    UserFactory(email="x@example.org")
    response = client.post("/de/accounts/login/", {"username": "x@example.org", "password": "nope"})
    assert response.status_code == 200
    with translation.override("de"):
        expected = translation.gettext("The email address or the password is not correct.")
    assert expected != "The email address or the password is not correct."
    assert expected in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_profile_is_for_signed_in_users_only(client):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/accounts/profile/")


def test_profile_changes_name_and_language(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    response = client.post("/en/accounts/profile/", {"full_name": "  Ioana Pop ", "preferred_language": "ro"})
    assert response.status_code == 302
    assert response["Location"] == "/ro/accounts/profile/"
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Ioana Pop", "ro")


def test_profile_rejects_an_unknown_language_and_changes_nothing(client):
    user = UserFactory(preferred_language="en", full_name="Same Name")
    client.force_login(user)
    response = client.post("/es/accounts/profile/", {"full_name": "Other", "preferred_language": "xx"})
    assert response.status_code == 200
    assert 'class="field has-error"' in response.content.decode()
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Same Name", "en")


def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/accounts/password/change/",
        {"old_password": "wrong", "new_password1": "a-New-pass-1234", "new_password2": "a-New-pass-1234"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    response = client.post(
        "/en/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "a-New-pass-1234", "new_password2": "a-New-pass-1234"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-New-pass-1234")


def test_password_change_is_for_signed_in_users_only(client):
    assert client.get("/en/accounts/password/change/").status_code == 302


def test_password_reset_walkthrough(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="reset@example.org", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/password/reset/", {"email": "reset@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "Fresh-pass-9876", "new_password2": "Fresh-pass-9876"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Fresh-pass-9876")


def test_password_reset_answers_the_same_for_an_unknown_address(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_logout_needs_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/en/accounts/logout/").status_code == 405
    assert client.post("/en/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_admin_is_for_staff_only(client):
    client.force_login(UserFactory())
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    admin = User.objects.create_superuser("boss@example.org", password=PASSWORD, full_name="Boss")
    client.force_login(admin)
    assert client.get("/en/admin/").status_code == 200
    assert client.get("/en/admin/accounts/organisation/add/").status_code == 200
