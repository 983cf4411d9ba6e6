"""Six languages: every catalogue complete and current, every page in every language."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from accounts.countries import Country
from tests.accounts.factories import UserFactory
from tests.conftest import PROJECT_DIR, missing_service

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]

#: Words that are spelled the same in English and in the target language. Anything else
#: identical to its English msgid is an untranslated copy.
SAME_WORD = {
    "API",
    "PDF",
    "Phase",  # de
    "Credential",  # de
    "URI",
    "ISCO-08",
    "Optional",  # de
    "Version",  # de
    "in",  # de
    "Status",  # de
    "Link",  # de, ro
    "link",  # ro
    "material",  # es, ro
    "text",  # ro
    "Test",  # de
    "Tests",  # de
    "no",  # es
    "No",  # es
    "Name",  # de
    *(str(label) for label in Country.labels),  # many country names are written alike
    "Administration",  # de
    "Organisation",  # de
}


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(PROJECT_DIR / "locale" / code / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_has_no_untranslated_fuzzy_or_copied_message(code):
    po = catalogue(code)
    assert po.metadata.get("Language") == code
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po if e.msgstr == e.msgid and e.msgid not in SAME_WORD] == []
    assert len(po.translated_entries()) > 100


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_keeps_every_placeholder(code):
    placeholder = re.compile(r"%\(\w+\)s|\{\{ *\w+ *\}\}")
    for entry in catalogue(code).translated_entries():
        expected = sorted(placeholder.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert text.strip(), entry.msgid
            assert sorted(placeholder.findall(text)) == expected, entry.msgid


def test_catalogues_hold_every_message_of_the_code(tmp_path):
    """makemessages on a copy of the code finds no message that the committed catalogues lack."""
    if shutil.which("xgettext") is None:
        missing_service("gettext (xgettext) is not installed")
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "media", "staticfiles", "node_modules", "*.mo", "__pycache__"
    )
    shutil.copytree(PROJECT_DIR, copy, ignore=ignore, symlinks=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "de", "--no-obsolete",
         "-i", "tests/*", "-i", "bench/*"],
        cwd=copy, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/de/LC_MESSAGES/django.po")) if e.msgid}
    committed = {e.msgid for e in catalogue("de") if e.msgid}
    assert sorted(fresh - committed) == [], "run `make makemessages` and translate the new messages"


def test_compiled_catalogues_are_in_use():
    assert Path(PROJECT_DIR / "locale/el/LC_MESSAGES/django.mo").exists(), "run `make messages`"
    with translation.override("el"):
        assert translation.gettext("Home") != "Home"


@pytest.mark.django_db
@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_home_page_in_every_language_with_translated_navigation(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    with translation.override(code):
        home, sign_in, skip = (translation.gettext(s) for s in ("Home", "Sign in", "Skip to main content"))
    if code != "en":
        assert home != "Home"
    assert re.search(rf'data-nav="home"[^>]*>{re.escape(home)}</a>', html)
    assert sign_in in html
    assert skip in html


@pytest.mark.django_db
def test_root_redirects_to_the_language_of_the_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="el-GR,el;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/el/"


@pytest.mark.django_db
def test_language_switcher_keeps_the_user_on_the_same_page(client):
    client.force_login(UserFactory())
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/en/accounts/profile/"})
    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/profile/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="es">' in page
    with translation.override("es"):
        assert translation.gettext("My profile") in page
