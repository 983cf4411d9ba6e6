"""The API docs render in the browser without a single request leaving the platform."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_api_docs_load_with_no_external_request(live_server, page: Page, require_chromium):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Skills4Cities API")
    expect(page.get_by_text("/api/v1/me/").first).to_be_visible()
    assert requested, "the page made requests"
    outside = [
        url for url in requested if not url.startswith(live_server.url) and not url.startswith("data:")
    ]
    assert outside == []
