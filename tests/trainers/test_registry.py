"""The public registry: who is listed, filters, expiry by date, and its cost in queries."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.competencies.factories import JobRoleFactory
from tests.trainers.factories import (
    AccreditationFactory,
    CriterionFactory,
    TrainerFactory,
    TrainingOrganisationFactory,
)
from trainers import services
from trainers.models import Accreditation

pytestmark = pytest.mark.django_db

REGISTRY_URLS = ("/en/trainers/", "/api/v1/trainers/", "/api/v1/organisations/")


def names(client, url="/api/v1/trainers/", **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return sorted(row.get("full_name") or row.get("name") for row in response.json()["results"])


def test_accreditation_expires_by_date_without_anyone_acting(client):
    CriterionFactory()
    accreditation = AccreditationFactory(
        trainer=TrainerFactory(user__full_name="Ana Ionescu"),
        valid_until=timezone.localdate() + datetime.timedelta(days=10),
    )
    assert names(client) == ["Ana Ionescu"]
    assert "Ana Ionescu" in client.get("/en/trainers/").content.decode()

    # Eleven days later: nobody has touched the row, and the registry no longer lists it.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        assert names(client) == []
        page = client.get("/en/trainers/").content.decode()
        assert "Ana Ionescu" not in page
        accreditation.refresh_from_db()
        assert accreditation.status == "accredited"  # as written: the date alone decides
        assert accreditation.effective_status == "expired"
        # The hourly task writes the status down, once.
        assert services.accreditations_expire() == 1
        assert services.accreditations_expire() == 0
    accreditation.refresh_from_db()
    assert accreditation.status == "expired"


def test_listed_on_its_last_day(client):
    AccreditationFactory(trainer=TrainerFactory(user__full_name="Last Day"), valid_until=timezone.localdate())
    assert names(client) == ["Last Day"]


@pytest.mark.parametrize("status", ["applied", "refused", "suspended", "expired"])
def test_only_accredited_applicants_are_listed(client, status):
    AccreditationFactory(
        status=status, valid_until=None if status in ("applied", "refused") else timezone.localdate()
    )
    TrainingOrganisationFactory()  # never accredited
    assert names(client) == []
    assert names(client, "/api/v1/organisations/") == []


def test_filters_by_role_country_and_language(client):
    engineer, technician = JobRoleFactory(slug="engineer"), JobRoleFactory(slug="technician")
    AccreditationFactory(
        role=engineer, trainer=TrainerFactory(user__full_name="Bg Engineer", country="BG", languages=["bg"])
    )
    AccreditationFactory(
        role=technician,
        trainer=TrainerFactory(user__full_name="Gr Technician", country="GR", languages=["el", "en"]),
    )
    AccreditationFactory(
        role=technician,
        trainer=None,
        organisation=TrainingOrganisationFactory(organisation__name_en="Patras Academy", languages=["el"]),
    )
    assert names(client) == ["Bg Engineer", "Gr Technician"]
    assert names(client, role="engineer") == ["Bg Engineer"]
    assert names(client, country="GR") == ["Gr Technician"]
    assert names(client, language="en") == ["Gr Technician"]
    assert names(client, language="el", role="engineer") == []
    assert names(client, "/api/v1/organisations/", role="technician", language="el", country="GR") == [
        "Patras Academy"
    ]
    assert names(client, "/api/v1/organisations/", role="engineer") == []
    # A trainer's listed accreditations follow the role filter.
    both = AccreditationFactory(role=engineer, trainer=TrainerFactory(user__full_name="Both")).trainer
    AccreditationFactory(role=technician, trainer=both)
    rows = client.get("/api/v1/trainers/", {"role": "technician"}).json()["results"]
    assert [a["role"] for row in rows if row["full_name"] == "Both" for a in row["accreditations"]] == [
        "technician"
    ]
    page = client.get("/en/trainers/", {"role": "engineer", "country": "BG"}).content.decode()
    assert "Bg Engineer" in page and "Gr Technician" not in page and "Patras Academy" not in page


@pytest.mark.parametrize(
    ("params", "field"),
    [({"role": "astronaut"}, "role"), ({"country": "XX"}, "country"), ({"language": "fr"}, "language")],
)
def test_bad_filters_are_named(client, params, field):
    api = client.get("/api/v1/trainers/", params, HTTP_ACCEPT_LANGUAGE="de")
    assert api.status_code == 400
    assert field in api.json()
    page = client.get("/de/trainers/", params)
    assert page.status_code == 400
    assert 'class="errorlist"' in page.content.decode()


def test_a_registry_entry_not_listed_is_404(client):
    hidden = AccreditationFactory(status=Accreditation.Status.SUSPENDED)
    assert client.get(f"/api/v1/trainers/{hidden.trainer_id}/").status_code == 404
    listed = AccreditationFactory()
    assert (
        client.get(f"/api/v1/trainers/{listed.trainer_id}/").json()["full_name"]
        == listed.trainer.user.full_name
    )
    assert client.get("/api/v1/organisations/abc/").status_code == 404


def queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_registry_lists_cost_the_same_queries_for_more_rows(client):
    roles = [JobRoleFactory() for _ in range(3)]

    def add(n):
        for _ in range(n):
            trainer = TrainerFactory(organisation=TrainingOrganisationFactory())
            organisation = TrainingOrganisationFactory()
            for role in roles:
                AccreditationFactory(trainer=trainer, role=role)
                AccreditationFactory(trainer=None, organisation=organisation, role=role)

    add(1)
    before = {url: queries(client, url) for url in REGISTRY_URLS}
    add(6)
    assert {url: queries(client, url) for url in REGISTRY_URLS} == before
