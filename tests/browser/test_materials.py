"""A trainer uploads a PDF to a unit and submits it; the editor approves it; a learner downloads it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from curriculum.models import Material, Unit
from tests.browser.session import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_upload_review_download(live_server, page: Page, require_chromium, demo_password, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo")
    unit = (
        Unit.objects.filter(module__course__slug="smart-city-technician")
        .order_by("module__position", "position")
        .first()
    )
    base = live_server.url

    sign_in(page, base, "trainer@example.org", demo_password)
    page.goto(f"{base}/en/trainer/materials/")
    page.locator("#id_unit").select_option(str(unit.pk))
    page.locator("#id_title").fill("Sensor installation checklist")
    page.locator("#id_language").select_option("en")
    page.locator("#id_file").set_input_files(
        {"name": "checklist.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("draft")
    page.get_by_role("link", name="Sensor installation checklist").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("dd").nth(1)).to_have_text("Submitted for review")
    sign_out(page)

    sign_in(page, base, "editor@example.org", demo_password)
    page.goto(f"{base}/en/review/materials/")
    expect(page.locator(".review-item h2")).to_have_text("Sensor installation checklist")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("main")).to_contain_text("No material is waiting for review.")
    sign_out(page)

    sign_in(page, base, "learner@example.org", demo_password)
    page.goto(f"{base}/en/courses/smart-city-technician/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Sensor installation checklist").click()
    download = download_info.value
    assert download.suggested_filename == "checklist.pdf"
    assert open(download.path(), "rb").read() == PDF
    assert Material.objects.get().status == "approved"
