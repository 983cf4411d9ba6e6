"""Framework API: open reads, editor-only writes on drafts, filters, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from competencies.models import Competence, Framework
from tests.accounts.factories import UserFactory

from .factories import CompetenceFactory, FrameworkFactory, JobRoleFactory, RequirementFactory


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor(api, db):
    user = UserFactory(roles=["framework_editor"])
    api.force_authenticate(user)
    return user


def count_queries(api, url):
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


def test_competences_filtered_paginated_and_in_the_requested_language(api, demo):
    response = api.get(
        "/api/v1/competences/",
        {"framework": "smart-city-1-0", "kind": "competence", "search": "data"},
        HTTP_ACCEPT_LANGUAGE="bg",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 2
    codes = [item["code"] for item in body["results"]]
    assert "SC-C.2" in codes
    assert all(item["kind"] == "competence" for item in body["results"])
    title = next(item["title"] for item in body["results"] if item["code"] == "SC-C.2")
    assert any("\u0400" <= ch <= "\u04ff" for ch in title)  # Bulgarian


def test_competence_filters_by_level_area_role_and_parent(api, demo):
    framework = Framework.objects.get(key="smart-city")
    area = framework.competences.get(code="SC-D")
    role = framework.roles.get(slug="smart-city-technician")
    at_level_1 = api.get(
        "/api/v1/competences/", {"framework": framework.slug, "level": 1, "kind": "competence"}
    ).json()
    assert at_level_1["count"] and all(item["min_level"] == "e-1" for item in at_level_1["results"])
    in_area = api.get("/api/v1/competences/", {"area": area.pk, "kind": "competence"}).json()
    assert {item["code"] for item in in_area["results"]} == set(
        framework.competences.filter(parent=area).values_list("code", flat=True)
    )
    for_role = api.get(
        "/api/v1/competences/", {"role": role.pk, "kind": "competence", "framework": framework.slug}
    ).json()
    assert for_role["count"] == role.requirements.filter(competence__framework=framework).count()
    children = api.get("/api/v1/competences/", {"parent": area.pk}).json()
    assert children["count"] == area.children.count()


def test_bad_filters_answer_400_naming_the_field(api, db):
    response = api.get("/api/v1/competences/", {"level": "x", "kind": "dragon"})
    assert response.status_code == 400
    assert set(response.json()) == {"level", "kind"}


def test_competence_detail_has_descriptors_and_mappings(api, demo):
    competence = Competence.objects.get(framework__key="smart-city", code="SC-C.2")
    body = api.get(f"/api/v1/competences/{competence.pk}/").json()
    assert [d["level"]["code"] for d in body["descriptors"]] == ["e-2", "e-3", "e-4", "e-5"]
    assert {a["target_framework"] for a in body["associations"] if a["target"]} == {"e-cf-4-0"}
    assert any(a["target_uri"].startswith("http://data.europa.eu/esco/skill/") for a in body["associations"])


def test_roles_list_and_detail(api, demo):
    roles = api.get("/api/v1/roles/").json()
    assert [r["slug"] for r in roles["results"]][:5] == [
        "smart-city-project-developer",
        "smart-city-project-manager",
        "smart-city-project-management-consultant",
        "smart-city-engineer",
        "smart-city-technician",
    ]
    body = api.get("/api/v1/roles/smart-city-engineer/", HTTP_ACCEPT_LANGUAGE="el").json()
    assert body["eqf_level"] == 6 and body["isco_code"] == "2151"
    assert len([r for r in body["requirements"] if r["competence"]["framework"] == "smart-city-1-0"]) >= 12
    assert body["occupations"][0]["uri"].startswith("http://data.europa.eu/esco/occupation/")
    assert api.get("/api/v1/roles/nobody/").status_code == 404


def test_anonymous_and_learners_cannot_write(api, demo):
    framework = Framework.objects.get(key="smart-city")
    payload = {"framework": framework.slug, "kind": "competence", "title_en": "New"}
    assert api.post("/api/v1/competences/", payload, format="json").status_code == 401
    api.force_authenticate(UserFactory(roles=["learner", "trainer", "hr_staff", "certifier"]))
    assert api.post("/api/v1/competences/", payload, format="json").status_code == 403
    assert api.post(f"/api/v1/frameworks/{framework.slug}/publish/").status_code == 403
    assert not Competence.objects.filter(title_en="New").exists()


def test_published_framework_cannot_be_changed_even_by_an_editor(api, editor, demo):
    framework = Framework.objects.get(key="smart-city")
    competence = framework.competences.get(code="SC-A.1")
    response = api.patch(f"/api/v1/competences/{competence.pk}/", {"title_en": "Changed"}, format="json")
    assert response.status_code == 400
    assert "published" in response.json()["non_field_errors"][0]
    competence.refresh_from_db()
    assert competence.title_en != "Changed"
    assert api.delete(f"/api/v1/competences/{competence.pk}/").status_code == 400
    assert Competence.objects.filter(pk=competence.pk).exists()


def test_editor_starts_a_new_version_edits_and_publishes_it(api, editor, demo):
    framework = Framework.objects.get(key="smart-city")
    response = api.post(
        f"/api/v1/frameworks/{framework.slug}/new-version/", {"version": "1.1"}, format="json"
    )
    assert response.status_code == 201
    draft = Framework.objects.get(key="smart-city", version="1.1")
    assert draft.status == "draft" and draft.derived_from == framework
    assert draft.competences.count() == framework.competences.count()
    assert draft.roles.count() == 5
    old = framework.competences.get(code="SC-A.1")
    new = draft.competences.get(code="SC-A.1")
    assert new.pk != old.pk and new.parent.framework_id == draft.pk and new.area.framework_id == draft.pk
    assert new.descriptors.count() == old.descriptors.count()

    response = api.patch(f"/api/v1/competences/{new.pk}/", {"title_bg": "Нова стратегия"}, format="json")
    assert response.status_code == 200
    new.refresh_from_db()
    assert new.title_bg == "Нова стратегия" and "нова стратегия" in new.search_text
    old.refresh_from_db()
    assert old.title_bg != "Нова стратегия"

    created = api.post(
        "/api/v1/competences/",
        {
            "framework": draft.slug,
            "parent": new.parent_id,
            "kind": "competence",
            "code": "SC-A.7",
            "title_en": "Urban resilience",
        },
        format="json",
    )
    assert created.status_code == 201
    assert api.post(f"/api/v1/frameworks/{draft.slug}/publish/").status_code == 200
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at
    again = api.post(f"/api/v1/frameworks/{framework.slug}/new-version/", {"version": "1.1"}, format="json")
    assert again.status_code == 400 and "version" in again.json()


def test_create_without_title_names_the_field(api, editor, db):
    draft = FrameworkFactory(status=Framework.Status.DRAFT)
    response = api.post("/api/v1/competences/", {"framework": draft.slug, "kind": "skill"}, format="json")
    assert response.status_code == 400
    assert "title_en" in response.json()


@pytest.mark.django_db
def test_list_endpoints_cost_the_same_queries_for_n_and_n_plus_5_rows(api):
    framework = FrameworkFactory(key="qa", slug="qa-1-0")

    def grow(count):
        for _ in range(count):
            FrameworkFactory()
            role = JobRoleFactory(framework=framework)
            RequirementFactory(role=role, competence=CompetenceFactory(framework=framework))

    grow(3)
    urls = [
        "/api/v1/frameworks/",
        "/api/v1/competences/",
        "/api/v1/competences/?search=competence",
        "/api/v1/roles/",
        f"/api/v1/roles/{framework.roles.first().slug}/",
    ]
    before = {url: count_queries(api, url) for url in urls}
    grow(5)
    assert {url: count_queries(api, url) for url in urls} == before
