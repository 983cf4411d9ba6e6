"""Signing in and out in the browser tests."""

from playwright.sync_api import Page


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    # Signing in redirects to the user's language: wait until the browser has left the login page.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def sign_out(page: Page) -> None:
    with page.expect_navigation():
        page.locator("header form.inline button").click()
