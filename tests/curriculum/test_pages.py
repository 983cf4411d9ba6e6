"""Curriculum pages and API: open to everyone, in every language, constant queries."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from competencies.models import JobRole
from curriculum.models import Course, Unit

LANGS = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("lang", LANGS)
def test_course_pages_in_every_language(client, demo, lang):
    course = Course.objects.get(slug="smart-city-technician")
    assert client.get(f"/{lang}/courses/").status_code == 200
    response = client.get(f"/{lang}/courses/{course.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(lang):
        assert course.title in html
        unit = Unit.objects.filter(module__course=course).first()
        assert unit.title in html
        assert "not yet translated" not in html


def test_role_page_links_to_its_course(client, demo):
    role = JobRole.objects.get(slug="smart-city-engineer")
    html = client.get(f"/en/roles/{role.slug}/").content.decode()
    assert "/en/courses/smart-city-engineer/" in html


def test_unpublished_courses_are_not_shown(client, demo):
    Course.objects.filter(slug="smart-city-engineer").update(is_published=False)
    assert client.get("/en/courses/smart-city-engineer/").status_code == 404
    assert "/en/courses/smart-city-engineer/" not in client.get("/en/courses/").content.decode()
    assert APIClient().get("/api/v1/courses/smart-city-engineer/").status_code == 404


def test_course_api(demo):
    api = APIClient()
    listing = api.get("/api/v1/courses/").json()
    assert [c["slug"] for c in listing["results"]] == sorted(
        (c["slug"] for c in listing["results"]), key=lambda s: Course.objects.get(slug=s).code
    )
    assert listing["count"] == 5
    detail = api.get("/api/v1/courses/smart-city-project-manager/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert detail["role"] == "smart-city-project-manager" and detail["eqf_level"] == 6
    outcome = detail["modules"][0]["units"][0]["outcomes"][0]
    assert outcome["competences"] and outcome["level"].startswith("e-")
    unit = Unit.objects.filter(module__course__slug="smart-city-project-manager").first()
    assert api.get(f"/api/v1/units/{unit.pk}/").json()["code"] == unit.code
    assert api.get("/api/v1/units/999999/").status_code == 404


def queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_and_course_page_cost_the_same_queries_for_more_rows(client, demo):
    urls = [
        "/en/courses/",
        "/en/courses/smart-city-technician/",
        "/api/v1/courses/",
        "/api/v1/units/",
        "/api/v1/courses/smart-city-technician/",
    ]
    before = {url: queries(client, url) for url in urls}
    # Five more of everything: courses, modules, units, outcomes.
    source = Course.objects.get(slug="smart-city-technician")
    first_module = source.modules.first()
    for n in range(5):
        course = Course.objects.create(
            slug=f"extra-{n}", code=f"X{n}", title_en=f"Extra {n}", hours=10, ecvet=1, is_published=True
        )
        module = course.modules.create(code=f"X{n}-M1", title_en="M", position=1)
        module.units.create(code=f"X{n}-M1-U1", title_en="U", hours=10, ecvet=1, position=1)
        first_module.units.create(code=f"X{n}-U9", title_en="U", hours=5, ecvet=1, position=99)
    assert {url: queries(client, url) for url in urls} == before
