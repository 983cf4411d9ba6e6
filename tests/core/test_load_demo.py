import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from accounts.models import Organisation, User

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "learner@example.org": {"learner"},
    "trainer@example.org": {"trainer"},
    "hr@example.org": {"hr_staff"},
    "certifier@example.org": {"certifier"},
    "editor@example.org": {"framework_editor"},
    "admin@example.org": set(),
}


def snapshot():
    return (
        sorted(
            User.objects.values_list("email", "password", "full_name", "preferred_language", "is_superuser")
        ),
        sorted(Organisation.objects.values_list("slug", "name_bg", "name_el", "city_de")),
    )


def test_load_demo_creates_one_user_per_role_with_the_demo_password(demo_password, capsys):
    call_command("load_demo")
    for email, roles in DEMO_USERS.items():
        user = authenticate(
            RequestFactory().post("/en/accounts/login/"), username=email, password=demo_password
        )
        assert user is not None, email
        assert set(user.role_names) == roles
    assert User.objects.get(email="admin@example.org").is_superuser
    assert Organisation.objects.get(slug="demo-city-sofia").name_bg == "Столична община (демо)"


def test_load_demo_is_idempotent(demo_password):
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first


def test_load_demo_uses_demo_as_password_with_debug_on_and_says_so(settings, monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = True
    call_command("load_demo")
    assert "'demo'" in capsys.readouterr().out
    assert (
        authenticate(
            RequestFactory().post("/en/accounts/login/"), username="learner@example.org", password="demo"
        )
        is not None
    )


def test_load_demo_refuses_to_run_with_debug_off_and_no_password(settings, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo")
    assert not User.objects.exists()
