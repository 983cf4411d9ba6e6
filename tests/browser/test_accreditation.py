"""The demo trainer applies for accreditation in the browser; the demo certifier accredits him;
the public registry lists him for the role."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.session import sign_in, sign_out
from trainers.models import Accreditation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where screenshots go: ``S4C_SCREENSHOTS`` to keep them, else a temporary folder."""
    folder = Path(os.environ.get("S4C_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_apply_decide_and_appear_in_registry(
    live_server, page: Page, require_chromium, demo_password, screenshots
):
    call_command("load_demo")
    base = live_server.url

    sign_in(page, base, "trainer@example.org", demo_password)
    page.goto(f"{base}/en/trainer/accreditation/")
    page.get_by_text("Apply for accreditation as a trainer").click()
    page.locator("#id_trainer-role").select_option(label="Smart Cities Technician")
    for code in ("T1", "T2", "T3", "T4", "T5", "T6"):
        page.locator(f"#id_trainer-evidence_{code}").fill(
            f"Evidence for {code}: certificates and course records."
        )
    page.locator("#id_trainer-link_T1").fill("https://example.org/cv.pdf")
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator(".messages")).to_contain_text("Your application is sent")
    expect(page.locator("article.card").first).to_contain_text("Applied")
    page.screenshot(path=screenshots / "accreditation-trainer-applied.png", full_page=True)
    sign_out(page)

    sign_in(page, base, "certifier@example.org", demo_password)
    page.goto(f"{base}/en/certifier/accreditations/")
    waiting = page.locator("#waiting-heading + table")
    waiting.get_by_role("link", name="Nikos Papadopoulos").click()
    expect(page.locator("main")).to_contain_text("Evidence for T3")
    for code in ("T1", "T2", "T3", "T4", "T5", "T6"):
        page.locator(f"input[name=decision_{code}][value=met]").check()
    page.locator("input[name=outcome][value=accredit]").check()
    page.screenshot(path=screenshots / "accreditation-certifier-decides.png", full_page=True)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".messages")).to_contain_text("The decision is recorded.")
    sign_out(page)

    page.goto(f"{base}/en/trainers/?role=smart-city-technician")
    trainers = page.locator("#trainers-heading + div table tbody tr")
    expect(trainers.filter(has_text="Nikos Papadopoulos")).to_contain_text("Smart Cities Technician")
    # The demo's expired technician accreditation is not listed.
    expect(page.locator("main")).not_to_contain_text("Jürgen Weber")
    page.screenshot(path=screenshots / "accreditation-registry.png", full_page=True)
    accreditation = Accreditation.objects.get(
        trainer__user__email="trainer@example.org", role__slug="smart-city-technician"
    )
    assert accreditation.status == "accredited"
    assert set(accreditation.assessments.values_list("decision", flat=True)) == {"met"}
