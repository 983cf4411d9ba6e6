"""The passport API for the person themselves: passport, switches, self-assessment, gaps."""

import pytest

from passport.models import SelfAssessment, StaffMember
from tests.passport.conftest import level, sit

pytestmark = pytest.mark.django_db


def test_anonymous_callers_get_401(client):
    for url in (
        "/api/v1/me/passport/",
        "/api/v1/me/self-assessment/",
        "/api/v1/gaps/?role=x",
        "/api/v1/organisations/1/needs/",
    ):
        assert client.get(url).status_code == 401, url


def test_passport_lists_sources_and_switches(client, world):
    person = world.staff("Иван Петров", consent=False)
    sit(world.exam, person, right={"SC-A.1"})
    client.force_login(person)
    body = client.get("/api/v1/me/passport/").json()
    assert body["public_link"] is False and body["shared_with_organisation"] is False
    assert [(c["competence"]["code"], c["source"], c["level"]["code"]) for c in body["competences"]] == [
        ("SC-A.1", "exam", "e-3")
    ]
    changed = client.patch(
        "/api/v1/me/passport/",
        {"public_link": True, "shared_with_organisation": True},
        content_type="application/json",
    ).json()
    assert changed["public_link"] is True and "/passport/shared/" in changed["share_url"]
    assert StaffMember.objects.get(user=person).consent_given_at is not None
    bad = client.patch("/api/v1/me/passport/", {"public_link": "perhaps"}, content_type="application/json")
    assert bad.status_code == 400 and "public_link" in bad.json()


def test_consent_needs_an_organisation(client, learner):
    client.force_login(learner)
    response = client.patch(
        "/api/v1/me/passport/", {"shared_with_organisation": True}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "organisation" in response.json()["non_field_errors"][0]


def test_self_assessment_put_is_all_or_nothing(client, world, learner):
    client.force_login(learner)
    url = "/api/v1/me/self-assessment/"
    ok = client.put(
        url,
        {"ratings": [{"competence": world.competences[0].pk, "level": level(2).pk}]},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()[0]["level"]["code"] == "e-2"
    bad = client.put(
        url,
        {
            "ratings": [
                {"competence": world.competences[1].pk, "level": level(2).pk},
                {"competence": 999999, "level": level(2).pk},
            ]
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "999999" in bad.json()["ratings"][0]
    assert SelfAssessment.objects.filter(user=learner).count() == 1
    assert client.put(url, {"ratings": []}, content_type="application/json").status_code == 400
    removed = client.put(
        url,
        {"ratings": [{"competence": world.competences[0].pk, "level": None}]},
        content_type="application/json",
    )
    assert removed.json() == []


def test_gaps_for_yourself_and_for_hr(client, world):
    person = world.staff("Иван Петров")
    sit(world.exam, person, right={"SC-A.1"})
    client.force_login(person)
    assert client.get("/api/v1/gaps/").status_code == 400
    assert client.get("/api/v1/gaps/?role=no-such-role").status_code == 400
    mine = client.get(f"/api/v1/gaps/?role={world.role.slug}").json()
    assert mine["counts"] == {"met": 1, "partly": 0, "missing": 3}
    missing = next(r for r in mine["requirements"] if r["competence"]["code"] == "SC-B.1")
    assert missing["units"][0]["code"] == "SO-M1-U1"
    # A learner cannot look at somebody else.
    assert client.get(f"/api/v1/gaps/?role={world.role.slug}&user={world.hr.pk}").status_code == 404
    client.force_login(world.hr)
    theirs = client.get(f"/api/v1/gaps/?role={world.role.slug}&user={person.pk}").json()
    assert theirs["person"] == "Иван Петров" and theirs["counts"] == mine["counts"]
