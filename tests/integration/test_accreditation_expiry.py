"""The periodic expiry task runs in the real worker, on PostgreSQL, and expires only what is past
its date."""

import datetime

import pytest
from django.utils import timezone

from tests.trainers.factories import AccreditationFactory, CriterionFactory
from trainers.models import Accreditation
from trainers.tasks import expire_accreditations

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_worker_writes_down_expired_accreditations(celery_worker_process):
    CriterionFactory()
    past = AccreditationFactory(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    suspended_past = AccreditationFactory(
        status="suspended", valid_until=timezone.localdate() - datetime.timedelta(days=3)
    )
    current = AccreditationFactory(valid_until=timezone.localdate())

    assert expire_accreditations.delay().get(timeout=30) == 2

    statuses = dict(Accreditation.objects.values_list("pk", "status"))
    assert statuses == {past.pk: "expired", suspended_past.pk: "expired", current.pk: "accredited"}
