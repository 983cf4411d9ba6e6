"""The demo learner starts a practice test, answers (saved as she goes), closes the page, comes
back to find her answers, hands the test in and sees her result per competence."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from curriculum.models import Attempt
from tests.browser.session import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_answers_survive_closing_the_page(live_server, page: Page, require_chromium, demo_password):
    call_command("load_demo")
    base = live_server.url
    sign_in(page, base, "learner@example.org", demo_password)
    page.goto(f"{base}/en/tests/smart-city-technician-practice/")
    page.get_by_role("button", name="Start the test").click()
    expect(page.locator(".countdown")).to_contain_text("Time left")

    singles = page.locator("fieldset[data-kind=single]")
    count = min(singles.count(), 3)
    assert count > 0
    # The connection drops for the first two saves: the page says so and keeps trying.
    dropped = []

    def flaky(route):
        if len(dropped) < 2:
            dropped.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/attempts/*/answers/*/", flaky)
    picked = []
    radio = singles.nth(0).locator("input[type=radio]").first
    radio.check()
    picked.append(radio.get_attribute("value"))
    expect(page.locator("#save-status")).to_contain_text("Not saved yet")
    for index in range(1, count):
        radio = singles.nth(index).locator("input[type=radio]").first
        radio.check()
        picked.append(radio.get_attribute("value"))
    expect(page.locator("#save-status")).to_have_text("All answers saved", timeout=15000)
    assert len(dropped) == 2
    attempt = Attempt.objects.get(
        test__slug="smart-city-technician-practice", learner__email="learner@example.org"
    )
    assert attempt.items.filter(response__isnull=False).count() == count
    url = page.url
    page.close()

    page = page.context.new_page()
    page.goto(f"{base}/en/tests/smart-city-technician-practice/")
    page.get_by_role("link", name="Continue your attempt").click()
    assert page.url == url
    for value in picked:
        expect(page.locator(f"input[type=radio][value='{value}']")).to_be_checked()
    page.get_by_role("button", name="Hand in the test").click()
    expect(page.locator("#result-heading")).to_be_visible()
    expect(page.locator("figure.chart svg")).to_be_visible()
    expect(page.locator(".chart-table tbody tr").first).to_contain_text("SC-")
    attempt.refresh_from_db()
    assert attempt.status == "submitted" and attempt.score is not None
