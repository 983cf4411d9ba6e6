"""``/api/v1/accreditations/`` and ``/api/v1/trainers/me/``: who may do what, and bad input."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Organisation
from accounts.roles import Role
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.trainers.factories import AccreditationFactory, TrainerFactory
from trainers.models import Accreditation

pytestmark = pytest.mark.django_db

EVIDENCE = [
    {"criterion": "T1", "text": "MSc and eight years of projects.", "url": "https://example.org/cv.pdf"},
    {"criterion": "T2", "text": "Adult trainer since 2019."},
]


def api(user=None, lang="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        client.force_authenticate(user)
    return client


def test_trainer_applies_and_certifier_accredits_through_the_api(criteria, role, trainer, certifier):
    created = api(trainer.user).post(
        "/api/v1/accreditations/", {"role": role.pk, "evidence": EVIDENCE}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["applicant_type"], body["role"]) == ("applied", "trainer", role.slug)
    assert [a["decision"] for a in body["assessments"]] == ["pending", "pending"]

    until = (timezone.localdate() + datetime.timedelta(days=700)).isoformat()
    decided = api(certifier).post(
        f"/api/v1/accreditations/{body['id']}/decide/",
        {
            "decisions": [
                {"criterion": "T1", "decision": "met"},
                {"criterion": "T2", "decision": "met", "comment": "Good"},
            ],
            "outcome": "accredit",
            "valid_until": until,
        },
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["valid_until"]) == ("accredited", until)
    listed = api().get("/api/v1/trainers/", {"role": role.slug}).json()["results"]
    assert [row["id"] for row in listed] == [trainer.pk]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": None, "evidence": EVIDENCE}, "role"),
        ({"role": 999999, "evidence": EVIDENCE}, "role"),
        ({"role": "abc", "evidence": EVIDENCE}, "role"),
        ({"evidence": [EVIDENCE[0]]}, "evidence_T2"),
        ({"evidence": [EVIDENCE[0], EVIDENCE[0]]}, "evidence"),
        ({"evidence": [EVIDENCE[0], {**EVIDENCE[1], "url": "not a link"}]}, "evidence"),
        ({"evidence": "yes"}, "evidence"),
    ],
)
def test_bad_applications_get_400_naming_the_field_and_write_nothing(criteria, role, trainer, payload, field):
    payload = {"role": role.pk, **payload}
    response = api(trainer.user, lang="bg").post("/api/v1/accreditations/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Accreditation.objects.exists()


def test_error_messages_follow_the_language(criteria, role, trainer):
    response = api(trainer.user, lang="de").post(
        "/api/v1/accreditations/", {"role": role.pk, "evidence": [EVIDENCE[0]]}, format="json"
    )
    assert response.json()["evidence_T2"] == ["Beschreiben Sie Ihren Nachweis für dieses Kriterium."]


def test_who_may_apply_and_decide(criteria, role, trainer, certifier):
    assert api().post("/api/v1/accreditations/", {}, format="json").status_code == 401
    learner = UserFactory(roles=[Role.LEARNER])
    payload = {"role": role.pk, "evidence": EVIDENCE}
    assert api(learner).post("/api/v1/accreditations/", payload, format="json").status_code == 403
    accreditation_id = api(trainer.user).post("/api/v1/accreditations/", payload, format="json").json()["id"]
    decision = {"decisions": [{"criterion": "T1", "decision": "met"}], "outcome": "refuse", "note": "No"}
    # The applicant sees it but may not decide it; another trainer does not even see it.
    assert (
        api(trainer.user)
        .post(f"/api/v1/accreditations/{accreditation_id}/decide/", decision, format="json")
        .status_code
        == 403
    )
    other = TrainerFactory().user
    assert api(other).get(f"/api/v1/accreditations/{accreditation_id}/").status_code == 404
    assert (
        api(other)
        .post(f"/api/v1/accreditations/{accreditation_id}/decide/", decision, format="json")
        .status_code
        == 404
    )
    assert api(other).get("/api/v1/accreditations/").json()["count"] == 0
    assert api(learner).get("/api/v1/accreditations/").json()["count"] == 0
    assert api(certifier).get("/api/v1/accreditations/", {"status": "applied"}).json()["count"] == 1
    assert api(certifier).get("/api/v1/accreditations/9999/").status_code == 404
    assert Accreditation.objects.get().status == "applied"


def test_certifier_suspends_and_reinstates(criteria, certifier):
    accreditation = AccreditationFactory()
    url = f"/api/v1/accreditations/{accreditation.pk}/"
    assert api(certifier).post(url + "suspend/", {}, format="json").status_code == 400
    assert (
        api(accreditation.trainer.user).post(url + "suspend/", {"note": "x"}, format="json").status_code
        == 403
    )
    response = api(certifier).post(url + "suspend/", {"note": "Complaint under review"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "suspended")
    assert api().get("/api/v1/trainers/").json()["count"] == 0
    assert api(certifier).post(url + "reinstate/").json()["status"] == "accredited"
    assert api(certifier).post(url + "reinstate/").status_code == 400


def test_status_filter_counts_past_dates_as_expired(criteria, certifier):
    AccreditationFactory(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    AccreditationFactory()
    client = api(certifier)
    assert client.get("/api/v1/accreditations/", {"status": "expired"}).json()["count"] == 1
    assert client.get("/api/v1/accreditations/", {"status": "accredited"}).json()["count"] == 1


def test_own_profile(db):
    user = UserFactory(roles=[Role.TRAINER])
    client = api(user, lang="ro")
    assert client.get("/api/v1/trainers/me/").status_code == 404
    bad = client.put("/api/v1/trainers/me/", {"country": "RO", "languages": ["xx"]}, format="json")
    assert bad.status_code == 400 and "languages" in bad.json()
    saved = client.put(
        "/api/v1/trainers/me/", {"country": "RO", "languages": ["ro", "en"], "bio": "Formator"}, format="json"
    )
    assert saved.status_code == 200, saved.content
    assert client.get("/api/v1/trainers/me/").json()["bio"] == "Formator"
    assert user.trainer_profile.bio_ro == "Formator"
    learner = UserFactory(roles=[Role.LEARNER])
    assert api(learner).get("/api/v1/trainers/me/").status_code == 403
    assert (
        api(learner)
        .put("/api/v1/trainers/me/", {"country": "RO", "languages": ["ro"]}, format="json")
        .status_code
        == 403
    )
    assert api().get("/api/v1/trainers/me/").status_code == 401


def test_criteria_are_public_and_published_only(criteria):
    rows = api(lang="en").get("/api/v1/quality-criteria/").json()
    assert [row["code"] for row in rows] == ["O1", "T1", "T2"]
    assert [
        row["code"] for row in api().get("/api/v1/quality-criteria/", {"applies_to": "trainer"}).json()
    ] == ["T1", "T2"]


def test_accreditation_list_costs_the_same_queries_for_more_rows(criteria, certifier):
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            # A fresh user each time: the roles it caches would save a query on the second call.
            user = type(certifier).objects.get(pk=certifier.pk)
            assert api(user).get("/api/v1/accreditations/").status_code == 200
        return len(captured)

    AccreditationFactory()
    before = count()
    for _ in range(8):
        AccreditationFactory()
    assert count() == before


def test_members_keep_their_training_organisations_profile(db):
    provider = OrganisationFactory(kind=Organisation.Kind.TRAINING_PROVIDER)
    member = UserFactory(roles=[Role.TRAINER], organisation=provider)
    client = api(member, lang="es")
    assert client.get("/api/v1/organisations/mine/").status_code == 404  # no profile written yet
    bad = client.put(
        "/api/v1/organisations/mine/", {"languages": ["es"], "website": "ftp://x"}, format="json"
    )
    assert bad.status_code == 400 and "website" in bad.json()
    saved = client.put(
        "/api/v1/organisations/mine/",
        {"languages": ["es", "en"], "website": "https://academia.example.org", "description": "Formación"},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["languages"] == ["en", "es"]
    assert provider.training_profile.description_es == "Formación"
    assert client.get("/api/v1/organisations/mine/").json()["website"] == "https://academia.example.org"
    # Not a member of a training provider; not a trainer; not signed in.
    assert api(TrainerFactory().user).get("/api/v1/organisations/mine/").status_code == 404
    assert (
        api(UserFactory(roles=[Role.LEARNER], organisation=provider))
        .get("/api/v1/organisations/mine/")
        .status_code
        == 403
    )
    assert api().put("/api/v1/organisations/mine/", {}, format="json").status_code == 401
