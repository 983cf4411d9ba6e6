"""The framework browser: every page in every language, open to everyone, constant queries."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from competencies.models import Competence, Framework, JobRole

from .factories import CompetenceFactory, FrameworkFactory, JobRoleFactory, RequirementFactory

LANGS = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("lang", LANGS)
def test_demo_pages_in_every_language(client, demo, lang):
    framework = Framework.objects.get(key="smart-city")
    competence = framework.competences.get(code="SC-C.2")
    role = JobRole.objects.get(slug="smart-city-project-manager")
    pages = [
        "/{lang}/frameworks/",
        f"/{{lang}}/frameworks/{framework.slug}/",
        f"/{{lang}}/frameworks/{framework.slug}/?q=data",
        f"/{{lang}}/frameworks/{framework.slug}/nodes/{competence.parent_id}/children/",
        f"/{{lang}}/competences/{competence.pk}/",
        "/{lang}/roles/",
        f"/{{lang}}/roles/{role.slug}/",
        f"/{{lang}}/roles/{role.slug}/profile/",
        "/{lang}/roles/compare/?roles=smart-city-project-manager&roles=smart-city-engineer",
    ]
    for page in pages:
        response = client.get(page.format(lang=lang))
        assert response.status_code == 200, page
        html = response.content.decode()
        assert (
            "not yet translated" not in html
            and "(" + translation.gettext("not yet translated") + ")" not in html
        ), page
    with translation.override(lang):
        role_title = role.title
        competence_title = competence.title
    assert role_title in client.get(f"/{lang}/roles/{role.slug}/").content.decode()
    assert competence_title in client.get(f"/{lang}/competences/{competence.pk}/").content.decode()


def test_untranslated_text_falls_back_to_english_and_says_so(client, db):
    competence = CompetenceFactory(title_en="Only in English", title_bg=None)
    html = client.get(f"/bg/competences/{competence.pk}/").content.decode()
    with translation.override("bg"):
        marker = translation.gettext("not yet translated")
    assert '<span lang="en">Only in English</span>' in html
    assert marker in html


def test_search_matches_any_language_and_ignores_accents(client, demo):
    framework = Framework.objects.get(key="smart-city")
    competence = framework.competences.get(code="SC-C.2")
    with translation.override("el"):
        greek = competence.title
    # Search in Greek without the accents, on the English page.
    plain = "".join(
        ch
        for ch in __import__("unicodedata").normalize("NFD", greek.split()[0])
        if not __import__("unicodedata").combining(ch)
    )
    html = client.get(f"/en/frameworks/{framework.slug}/", {"q": plain.upper()}).content.decode()
    assert f"/en/competences/{competence.pk}/" in html


def test_bad_filter_values_are_reported_not_a_500(client, demo):
    framework = Framework.objects.get(key="smart-city")
    response = client.get(f"/en/frameworks/{framework.slug}/", {"level": "nine", "kind": "dragon"})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()


def test_drafts_are_hidden_from_everyone_but_framework_editors(client, db):
    from tests.accounts.factories import UserFactory

    draft = FrameworkFactory(status=Framework.Status.DRAFT)
    node = CompetenceFactory(framework=draft)
    assert client.get(f"/en/frameworks/{draft.slug}/").status_code == 404
    assert client.get(f"/en/competences/{node.pk}/").status_code == 404
    client.force_login(UserFactory(roles=["learner"]))
    assert client.get(f"/en/frameworks/{draft.slug}/").status_code == 404
    client.force_login(UserFactory(roles=["framework_editor"]))
    assert client.get(f"/en/frameworks/{draft.slug}/").status_code == 200
    assert client.get(f"/en/competences/{node.pk}/").status_code == 200


def test_compare_needs_two_or_three_roles(client, demo):
    html = client.get("/en/roles/compare/", {"roles": ["smart-city-engineer"]}).content.decode()
    assert "Choose two or three different roles to compare." in html
    html = client.get(
        "/en/roles/compare/", {"roles": ["smart-city-engineer", "smart-city-technician"]}
    ).content.decode()
    assert html.count('<th scope="row">') >= 12


def test_unknown_role_and_competence_are_404(client, db):
    assert client.get("/en/roles/nobody/").status_code == 404
    assert client.get("/en/competences/999999/").status_code == 404


# --- Constant queries ----------------------------------------------------------------------


def _queries(client, django_assert_max_num_queries, url):
    """Queries of one request with nothing cached (the cost of a cache miss)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_list_pages_cost_the_same_queries_for_n_and_n_plus_5_rows(client, django_assert_max_num_queries):
    framework = FrameworkFactory(key="qf", slug="qf-1-0")
    area = CompetenceFactory(framework=framework, kind=Competence.Kind.AREA, code="QA")

    def grow(count):
        for _ in range(count):
            FrameworkFactory()
            role = JobRoleFactory(framework=framework)
            competence = CompetenceFactory(framework=framework, parent=area, title_en="data thing")
            RequirementFactory(role=role, competence=competence)

    grow(3)
    urls = [
        "/en/frameworks/",
        f"/en/frameworks/{framework.slug}/",
        f"/en/frameworks/{framework.slug}/?q=data",
        f"/en/frameworks/{framework.slug}/nodes/{area.pk}/children/",
        "/en/roles/",
        f"/en/competences/{area.pk}/",
    ]
    before = {url: _queries(client, django_assert_max_num_queries, url) for url in urls}
    grow(5)
    after = {url: _queries(client, django_assert_max_num_queries, url) for url in urls}
    assert after == before


@pytest.mark.django_db
def test_role_page_and_comparison_cost_the_same_queries_for_more_requirements(client):
    framework = FrameworkFactory(key="qr", slug="qr-1-0")
    area = CompetenceFactory(framework=framework, kind=Competence.Kind.AREA, code="QA")
    first, second = (
        JobRoleFactory(framework=framework, slug="first"),
        JobRoleFactory(framework=framework, slug="second"),
    )

    def grow(count):
        for _ in range(count):
            for role in (first, second):
                RequirementFactory(role=role, competence=CompetenceFactory(framework=framework, parent=area))

    grow(2)
    urls = ["/en/roles/first/", "/en/roles/compare/?roles=first&roles=second", "/en/roles/first/profile/"]
    before = {url: _queries(client, None, url) for url in urls}
    grow(5)
    assert {url: _queries(client, None, url) for url in urls} == before
    assert re.search(r"Role \d+", client.get("/en/roles/first/").content.decode())


def test_published_pages_are_cached_per_language_and_a_change_shows_at_once(
    client, demo, django_assert_num_queries
):
    from competencies import services

    framework = Framework.objects.get(key="smart-city")
    role = JobRole.objects.get(slug="smart-city-engineer")
    client.get(f"/en/frameworks/{framework.slug}/")
    client.get(f"/en/roles/{role.slug}/")
    with django_assert_num_queries(1):  # the framework itself; tree and filters come from the cache
        client.get(f"/en/frameworks/{framework.slug}/")
    with django_assert_num_queries(2):  # the role's name and its course links; the body comes from the cache
        client.get(f"/en/roles/{role.slug}/")
    with translation.override("el"):
        greek_title = role.title
    assert (
        greek_title in client.get(f"/el/roles/{role.slug}/").content.decode()
    )  # each language its own entry
    area = framework.competences.get(code="SC-A")
    Competence.objects.filter(pk=area.pk).update(title_en="Strategy, vision and governance")
    services.framework_touch(framework)  # what every importer does after a change
    assert (
        "Strategy, vision and governance" in client.get(f"/en/frameworks/{framework.slug}/").content.decode()
    )
