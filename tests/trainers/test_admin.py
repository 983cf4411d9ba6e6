"""The administration shows every trainers model; accreditations are read-only there (decisions
go through the certifier's pages, which keep the rules)."""

import pytest

from tests.accounts.factories import UserFactory
from tests.trainers.factories import AccreditationFactory

pytestmark = pytest.mark.django_db


def test_admin_pages(client, criteria):
    accreditation = AccreditationFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for model in ("qualitycriterion", "trainingorganisation", "trainerprofile", "accreditation"):
        assert client.get(f"/en/admin/trainers/{model}/").status_code == 200
    assert client.get(f"/en/admin/trainers/qualitycriterion/{criteria[0].pk}/change/").status_code == 200
    assert (
        client.get(f"/en/admin/trainers/trainerprofile/{accreditation.trainer_id}/change/").status_code == 200
    )
    # Viewable, not changeable.
    assert client.get(f"/en/admin/trainers/accreditation/{accreditation.pk}/change/").status_code == 200
    assert (
        client.post(
            f"/en/admin/trainers/accreditation/{accreditation.pk}/change/", {"status": "refused"}
        ).status_code
        == 403
    )
    assert client.get("/en/admin/trainers/accreditation/add/").status_code == 403
    accreditation.refresh_from_db()
    assert accreditation.status == "accredited"
