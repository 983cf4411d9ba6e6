"""The user guide: real pages in six languages, navigable and searchable, open to everyone."""

import pytest
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from curriculum.guide import render_body
from curriculum.guide_content_check import load_pages
from curriculum.models import GuidePage

LANGS = [code for code, _name in settings.LANGUAGES]


def test_guide_content_is_complete():
    pages = load_pages()
    assert len(pages) >= 6
    assert {page["audience"] for page in pages} >= {"everyone", "learners", "trainers", "hr_staff"}


def test_body_format_is_escaped_html():
    html = render_body("Intro <b>x</b>\n\n## Steps\n\n- one\n- two & three")
    assert (
        html
        == "<p>Intro &lt;b&gt;x&lt;/b&gt;</p>\n<h2>Steps</h2>\n<ul><li>one</li><li>two &amp; three</li></ul>"
    )


@pytest.mark.parametrize("lang", LANGS)
def test_guide_pages_in_every_language(client, demo, lang):
    index = client.get(f"/{lang}/guide/")
    assert index.status_code == 200
    for page in GuidePage.objects.all():
        response = client.get(f"/{lang}/guide/{page.slug}/")
        assert response.status_code == 200
        with translation.override(lang):
            assert page.title in response.content.decode()
            assert page.title in index.content.decode()


def test_search_finds_pages_in_any_language(client, demo):
    page = GuidePage.objects.get(slug="teaching-peer-to-peer")
    with translation.override("el"):
        greek_word = page.title.split()[0]
    html = client.get("/en/guide/", {"q": greek_word}).content.decode()
    assert f"/en/guide/{page.slug}/" in html
    assert "No page of the guide matches" in client.get("/en/guide/", {"q": "zzqx-nothing"}).content.decode()


def test_guide_api(demo):
    api = APIClient()
    listing = api.get("/api/v1/guide/", HTTP_ACCEPT_LANGUAGE="ro").json()
    assert listing["count"] == GuidePage.objects.count()
    detail = api.get("/api/v1/guide/certification/").json()
    assert detail["html"].startswith("<") and detail["body"]
    assert api.get("/api/v1/guide/nothing/").status_code == 404


def test_guide_pages_cost_constant_queries(client, demo, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    before = (count("/en/guide/"), count("/api/v1/guide/"))
    for n in range(5):
        GuidePage.objects.create(
            slug=f"extra-{n}", audience="everyone", position=99, title_en="x", summary_en="y", body_en="z"
        )
    assert (count("/en/guide/"), count("/api/v1/guide/")) == before
