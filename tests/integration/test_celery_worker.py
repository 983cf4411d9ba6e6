"""Tasks go through Redis to a separate worker process, which works on the same database."""

import os
import re
import time

import pytest
from django.test import Client

from accounts import services
from accounts.tasks import send_password_reset_email
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting for the worker")


def test_task_round_trip_through_redis_and_a_separate_worker(celery_worker_process):
    user = UserFactory(email="worker@example.org", preferred_language="de", full_name="Jana")

    result = send_password_reset_email.delay(user_id=user.pk, domain="skills.example.eu", use_https=True)

    assert result.get(timeout=30) == 1  # the worker read the user from PostgreSQL and sent one mail
    assert celery_worker_process.pid != os.getpid()
    assert celery_worker_process.process.poll() is None
    mails = celery_worker_process.sent_mail()
    assert any("worker@example.org" in text and "https://skills.example.eu/de/" in text for text in mails)


def test_password_reset_queued_on_commit_is_sent_by_the_worker(celery_worker_process):
    user = UserFactory(email="commit@example.org", preferred_language="en")

    services.password_reset_request(email="commit@example.org", domain="testserver", use_https=False)

    text = wait_for(
        lambda: next((m for m in celery_worker_process.sent_mail() if "commit@example.org" in m), None)
    )
    link = re.search(r"http://testserver(/en/accounts/password/reset/\S+)", text).group(1)
    client = Client()
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Worker-made-1234", "new_password2": "Worker-made-1234"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Worker-made-1234")
    assert not user.check_password(PASSWORD)
