"""A person signs in as the demo learner and switches the platform to Greek."""

import re

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_demo_learner_signs_in_and_switches_to_greek(
    live_server, page: Page, require_chromium, demo_password
):
    call_command("load_demo")

    page.goto(f"{live_server.url}/en/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email address").fill("learner@example.org")
    page.get_by_label("Password").fill(demo_password)
    page.get_by_role("button", name="Sign in").click()

    # The demo learner prefers Bulgarian: signing in switches the platform to it.
    expect(page).to_have_url(re.compile(r"/bg/$"))
    expect(page.locator("html")).to_have_attribute("lang", "bg")

    page.get_by_role("button", name="Ελληνικά").click()

    expect(page).to_have_url(re.compile(r"/el/$"))
    expect(page.locator("html")).to_have_attribute("lang", "el")
    with translation.override("el"):
        home, profile, sign_out, main_navigation = (
            translation.gettext(s) for s in ("Home", "My profile", "Sign out", "Main navigation")
        )
    navigation = page.get_by_role("navigation", name=main_navigation)
    expect(navigation.get_by_role("link", name=home)).to_be_visible()
    expect(navigation.get_by_role("link", name=profile)).to_be_visible()
    expect(page.get_by_role("button", name=sign_out)).to_be_visible()
    assert home == "Αρχική"


def test_skip_link_is_the_first_stop_and_focus_is_visible(live_server, page: Page, require_chromium):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    outline = focused.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
