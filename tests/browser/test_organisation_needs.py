"""The demo HR officer opens her city's competence needs in Spanish, filters by role and exports
CSV: the file says what the page says, row by row. The demo gives her at least 20 staff who share
their passport, with varied results; the two who do not share are nowhere to be seen."""

import csv
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.session import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLE = "smart-city-engineer"


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("S4C_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def page_rows(page: Page) -> list[list[str]]:
    """Each heat-map row as the CSV writes it: the first seven columns' text, then each
    competence cell's full wording (its title; empty where the role does not ask for it)."""
    return page.locator("#heat-map tbody tr").evaluate_all(
        """rows => rows.map(row => [...row.children].map((cell, index) =>
             index < 7 ? cell.innerText.trim() : (cell.getAttribute('title') || '')))"""
    )


def test_hr_filters_by_role_and_the_csv_matches_the_page(
    live_server, page: Page, require_chromium, demo_password, screenshots
):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    base = live_server.url
    sign_in(page, base, "hr@example.org", demo_password)

    page.goto(f"{base}/es/organisation/")
    expect(page.locator("h1")).to_contain_text("Ayuntamiento de Sofía")
    everyone = page_rows(page)
    assert len(everyone) >= 20
    names = [row[0] for row in everyone]
    assert "Пламен Славов" not in names and "Ралица Бонева" not in names  # they did not consent
    statuses = page.locator("#heat-map td.heat").evaluate_all("cells => cells.map(c => c.className)")
    assert {"heat heat-met", "heat heat-partly", "heat heat-missing"} <= set(statuses)
    page.screenshot(path=screenshots / "needs-es-all.png", full_page=True)

    page.locator("#filter-role").select_option(ROLE)
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url(f"**/needs/?*role={ROLE}*")
    rows = page_rows(page)
    assert 0 < len(rows) < len(everyone)
    assert {row[2] for row in rows} == {"Ingeniero/a de ciudades inteligentes"}
    expect(page.locator("#ready-heading")).to_have_text("Personal preparado por perfil")
    page.screenshot(path=screenshots / "needs-es-engineers.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Exportar como CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    exported = list(csv.reader(io.StringIO(text)))
    assert exported[0][:7] == [
        "Nombre",
        "Departamento",
        "Perfil objetivo",
        "Preparado",
        "Cumplido",
        "Cumplido en parte",
        "Ausente",
    ]
    columns = page.locator("#heat-map thead th.competence-column").all_inner_texts()
    assert [header.split(" ")[0] for header in exported[0][7:]] == [c.strip() for c in columns]
    assert exported[1:] == rows
