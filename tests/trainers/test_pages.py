"""The trainers' pages: who may open them, what they do with good and bad input."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.trainers.factories import AccreditationFactory, TrainerFactory
from trainers.models import Accreditation, TrainerProfile

pytestmark = pytest.mark.django_db

LANGS = ("en", "bg", "ro", "de", "es", "el")


@pytest.mark.parametrize("lang", LANGS)
def test_public_pages_in_every_language(client, criteria, lang):
    AccreditationFactory()
    for url in (f"/{lang}/trainers/", f"/{lang}/trainers/quality-criteria/"):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("url", "roles", "status"),
    [
        ("/en/trainer/accreditation/", None, 302),
        ("/en/trainer/accreditation/", [Role.LEARNER], 403),
        ("/en/trainer/accreditation/", [Role.CERTIFIER], 403),
        ("/en/trainer/accreditation/", [Role.TRAINER], 200),
        ("/en/certifier/accreditations/", None, 302),
        ("/en/certifier/accreditations/", [Role.TRAINER], 403),
        ("/en/certifier/accreditations/", [Role.FRAMEWORK_EDITOR], 403),
        ("/en/certifier/accreditations/", [Role.CERTIFIER], 200),
    ],
)
def test_who_may_open_the_workspace_pages(client, criteria, url, roles, status):
    if roles is not None:
        client.force_login(UserFactory(roles=roles))
    assert client.get(url).status_code == status


def test_decision_page_is_for_certifiers(client, criteria):
    accreditation = AccreditationFactory(status=Accreditation.Status.APPLIED, valid_until=None)
    url = f"/en/certifier/accreditations/{accreditation.pk}/"
    client.force_login(accreditation.trainer.user)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(roles=[Role.CERTIFIER]))
    page = client.get(url)
    assert page.status_code == 200
    assert accreditation.trainer.user.full_name in page.content.decode()
    assert client.get("/en/certifier/accreditations/999999/").status_code == 404


def test_trainer_saves_a_profile_and_applies(client, criteria, role):
    user = UserFactory(roles=[Role.TRAINER])
    client.force_login(user)
    url = "/en/trainer/accreditation/"
    bad = client.post(url, {"action": "profile", "country": "BG"})
    assert bad.status_code == 400
    assert "This field is required." in bad.content.decode()
    assert not TrainerProfile.objects.exists()
    saved = client.post(
        url, {"action": "profile", "country": "BG", "languages": ["bg", "en"], "bio": "Trainer"}
    )
    assert saved.status_code == 302
    assert user.trainer_profile.languages == ["en", "bg"]

    missing = client.post(
        url, {"action": "apply_trainer", "trainer-role": role.pk, "trainer-evidence_T1": "MSc"}
    )
    assert missing.status_code == 400
    assert "Describe your evidence for this criterion." in missing.content.decode()
    assert not Accreditation.objects.exists()
    sent = client.post(
        url,
        {
            "action": "apply_trainer",
            "trainer-role": role.pk,
            "trainer-evidence_T1": "MSc",
            "trainer-evidence_T2": "Adult trainer",
            "trainer-link_T2": "example.org/record",
        },
    )
    assert sent.status_code == 302
    assessment = Accreditation.objects.get().assessments.get(criterion__code="T2")
    assert assessment.evidence_url == "https://example.org/record"
    assert "Applied" in client.get(url).content.decode()
    assert client.post(url, {"action": "nonsense"}).status_code == 400


def test_certifier_decides_in_the_page(client, criteria):
    accreditation = AccreditationFactory(status=Accreditation.Status.APPLIED, valid_until=None)
    client.force_login(UserFactory(roles=[Role.CERTIFIER]))
    url = f"/de/certifier/accreditations/{accreditation.pk}/"
    until = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    refused = client.post(
        url,
        {
            "action": "decide",
            "decision_T1": "met",
            "decision_T2": "not_met",
            "outcome": "accredit",
            "valid_until": until,
        },
    )
    assert refused.status_code == 400
    accreditation.refresh_from_db()
    assert accreditation.status == "applied"
    done = client.post(
        url,
        {
            "action": "decide",
            "decision_T1": "met",
            "decision_T2": "met",
            "outcome": "accredit",
            "valid_until": until,
        },
    )
    assert done.status_code == 302
    accreditation.refresh_from_db()
    assert (accreditation.status, accreditation.valid_until.isoformat()) == ("accredited", until)

    assert client.post(url, {"action": "suspend", "note": ""}).status_code == 400
    assert client.post(url, {"action": "suspend", "note": "Complaint"}).status_code == 302
    accreditation.refresh_from_db()
    assert accreditation.status == "suspended"
    assert client.post(url, {"action": "reinstate"}).status_code == 302
    accreditation.refresh_from_db()
    assert accreditation.status == "accredited"


def test_certifier_cannot_decide_own_application_in_the_page(client, criteria):
    both = TrainerFactory(user=UserFactory(roles=[Role.TRAINER, Role.CERTIFIER]))
    accreditation = AccreditationFactory(trainer=both, status=Accreditation.Status.APPLIED, valid_until=None)
    client.force_login(both.user)
    response = client.post(
        f"/en/certifier/accreditations/{accreditation.pk}/",
        {"action": "decide", "decision_T1": "met", "decision_T2": "met", "outcome": "refuse", "note": "x"},
    )
    assert response.status_code == 403
    accreditation.refresh_from_db()
    assert accreditation.status == "applied"


def test_workspace_lists_cost_the_same_queries_for_more_rows(client, criteria):
    certifier = UserFactory(roles=[Role.CERTIFIER])
    trainer = TrainerFactory()

    def count(user, url):
        client.force_login(user)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add():
        AccreditationFactory(status=Accreditation.Status.APPLIED, valid_until=None)
        AccreditationFactory()
        AccreditationFactory(trainer=trainer)

    add()
    urls = ((certifier, "/en/certifier/accreditations/"), (trainer.user, "/en/trainer/accreditation/"))
    before = [count(user, url) for user, url in urls]
    for _ in range(5):
        add()
    assert [count(user, url) for user, url in urls] == before


def test_member_trainer_edits_the_organisation_profile_in_the_page(client):
    provider = OrganisationFactory(kind=Organisation.Kind.TRAINING_PROVIDER)
    client.force_login(UserFactory(roles=[Role.TRAINER], organisation=provider))
    url = "/en/trainer/accreditation/"
    assert "Profile of" in client.get(url).content.decode()
    assert not hasattr(Organisation.objects.get(pk=provider.pk), "training_profile")  # reading writes nothing
    bad = client.post(url, {"action": "organisation", "languages": ["en"], "contact_email": "not-an-address"})
    assert bad.status_code == 400
    saved = client.post(
        url, {"action": "organisation", "languages": ["en", "el"], "description": "Sensor lab"}
    )
    assert saved.status_code == 302
    assert Organisation.objects.get(pk=provider.pk).training_profile.languages == ["en", "el"]
