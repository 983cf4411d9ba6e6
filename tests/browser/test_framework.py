"""City HR staff, in Bulgarian: find "data" competences, open a role, compare two roles."""

import re

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Page, expect

from competencies.models import Competence, JobRole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_hr_user_searches_opens_a_role_and_compares(live_server, page: Page, require_chromium, demo_password):
    call_command("load_demo")
    with translation.override("bg"):
        data_competence = Competence.objects.get(framework__key="smart-city", code="SC-C.2").title
        manager = JobRole.objects.get(slug="smart-city-project-manager").title
        engineer = JobRole.objects.get(slug="smart-city-engineer").title
        frameworks_label, roles_label, compare_label = (
            translation.gettext(s) for s in ("Competence frameworks", "Job roles", "Compare")
        )

    page.goto(f"{live_server.url}/bg/accounts/login/")
    page.locator("#id_username").fill("hr@example.org")
    page.locator("#id_password").fill(demo_password)
    page.locator("main form button[type=submit]").click()
    # The HR user prefers Romanian: signing in takes her there; she switches to Bulgarian.
    page.wait_for_url(re.compile(r"/ro/$"))
    page.get_by_role("button", name="български").click()
    expect(page.locator("html")).to_have_attribute("lang", "bg")

    page.get_by_role("link", name=frameworks_label).first.click()
    page.get_by_role("link", name=re.compile("Рамка|рамка")).first.click()
    # Search as you type: "данни" (data) in Bulgarian, without pressing Enter.
    page.locator("#id_q").press_sequentially("данни", delay=40)
    results = page.locator("#results ol.results")
    expect(results).to_contain_text(data_competence)
    assert "q=" in page.url  # the address keeps the search

    page.get_by_role("link", name=roles_label).first.click()
    page.get_by_role("link", name=manager).click()
    expect(page.locator("h1")).to_have_text(manager)
    expect(page.locator("table").first).to_be_visible()

    page.locator("#compare-with").select_option(label=engineer)
    page.get_by_role("button", name=compare_label).click()
    comparison = page.locator("table.comparison")
    expect(comparison.locator("thead")).to_contain_text(manager)
    expect(comparison.locator("thead")).to_contain_text(engineer)
    assert comparison.locator("tbody tr").count() >= 12


def test_tree_children_load_when_a_node_opens(live_server, page: Page, require_chromium, demo_password):
    call_command("load_demo")
    area = Competence.objects.get(framework__key="smart-city", code="SC-D")
    page.goto(f"{live_server.url}/en/frameworks/{area.framework.slug}/")
    node = page.locator(f"details[data-children-url$='/nodes/{area.pk}/children/']")
    expect(node.locator("ul.tree li")).to_have_count(0)
    node.locator("summary").click()
    expect(node.locator(":scope > ul.tree > li")).to_have_count(area.children.count())
