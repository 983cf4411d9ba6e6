"""One journey per role, end to end, in Bulgarian or Greek, under the site's Content Security Policy.

Each journey signs in through the login page of its language (or stays anonymous), clicks its way
through the pages by their translated names, and checks translated headings and messages, so that
an untranslated page, a broken link, a server error or a script blocked by the policy fails it:

- city HR staff browse the competence framework and the job roles, open a role, compare two roles
  and open their organisation's competence needs (Bulgarian);
- a trainer uploads a learning material and imports questions from a GIFT file (Greek);
- a learner takes a practice test: starts it, answers (saved as she goes), hands it in and reads
  her result per competence (Bulgarian);
- a certifier issues a certificate to an eligible candidate and revokes another with a reason
  (Greek; the PDF task runs eagerly, in-process);
- anybody verifies certificates by their code (Bulgarian).

Every journey saves a full-page screenshot of its key steps to
``<artifacts>/journeys/<role>/NN-step.png``, ``<artifacts>`` being ``artifacts/`` in the project
or ``S4C_ARTIFACTS_DIR`` (relative to the project when not absolute). Console messages and page
errors are collected: none may come from the Content Security Policy, no script may fail and no
request to the platform may fail unless the journey expects it.

The demo takes long to load on this machine, so the first journey loads it and keeps a copy of
every table in a schema of its own (PostgreSQL); the others restore that copy in a second.
Elsewhere each journey loads the demo.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation
from playwright.sync_api import ConsoleMessage, Error, Locator, Page, Response, expect

from certification.models import Certificate
from competencies.models import Competence, Framework, JobRole
from curriculum.models import Attempt, Material, Question, Test, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROJECT_DIR = Path(__file__).resolve().parents[2]
#: Where the screenshots go: ``<artifacts>/journeys/<role>/NN-step.png``.
ARTIFACTS_DIR = PROJECT_DIR / os.environ.get("S4C_ARTIFACTS_DIR", "artifacts")
SCREENSHOTS_DIR = ARTIFACTS_DIR / "journeys"
#: What Chromium writes to the console when the Content Security Policy blocks something.
CSP_MARKERS = ("Content Security Policy", "Refused to")
#: Added to every page by Playwright (not subject to the page's policy): reports each violation.
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
});"""
SNAPSHOT_SCHEMA = "s4c_journeys_demo"
SLOW = 20_000  # ms: steps that render a PDF or grade a test on this 2-core machine

#: Run in the page (by Playwright, not subject to the page's policy) after each screenshot.
LAYOUT_CHECK = """() => {
  const ids = [...document.querySelectorAll('[id]')].map(element => element.id);
  const root = document.documentElement;
  return {
    duplicates: [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))],
    width: root.scrollWidth,
    viewport: root.clientWidth,
  };
}"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: A trainer's GIFT file in Greek: three questions the platform holds and an essay it does not.
GIFT = """// Ερωτήσεις για τους αισθητήρες της πόλης
$CATEGORY: SC-A.1

::Αισθητήρας θερμοκρασίας::Ποια συσκευή μετρά τη θερμοκρασία του αέρα; {
=Θερμόμετρο#Σωστά.
~Ανεμόμετρο#Μετρά τον άνεμο.
~Βροχόμετρο#Μετρά τη βροχή.
}

::Ανοιχτά δεδομένα::Τα ανοιχτά δεδομένα μιας πόλης μπορεί να τα χρησιμοποιήσει οποιοσδήποτε. {T}

::Αισθητήρες στο πάρκο::Ένα πάρκο έχει 4 σειρές με 5 αισθητήρες. Πόσοι αισθητήρες είναι συνολικά; {#20}

::Έκθεση::Περιγράψτε ένα έργο έξυπνης πόλης στο οποίο συμμετείχατε. {}
"""


# --- Helpers ---------------------------------------------------------------------------------------


class Translator:
    """The platform's wording in one language; a message left in English fails the journey."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, message: str, **values: Any) -> str:
        with translation.override(self.language):
            text = translation.gettext(message)
        assert text != message, f"not translated into {self.language}: {message!r}"
        return text % values if values else text

    def label(self, choice: Any) -> str:
        """A model choice's label (``Certificate.Status.REVOKED``) in this language."""
        with translation.override("en"):
            english = str(choice.label)
        with translation.override(self.language):
            text = str(choice.label)
        assert text != english, f"not translated into {self.language}: {english!r}"
        return text


class Journey:
    """One role's walk through the platform: numbered full-page screenshots, and every console
    message, page error and failed request on the way."""

    def __init__(self, page: Page, base: str, role: str) -> None:
        self.page = page
        self.base = base
        self.folder = SCREENSHOTS_DIR / role
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.screenshots: list[Path] = []
        self.console: list[str] = []
        self.page_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.expected_failures: set[tuple[int, str]] = set()
        self.layout_problems: list[str] = []
        self.policy: str | None = None
        # Chromium also reports each violation on the console; this says so in any wording.
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        self.console.append(f"{message.type}: {message.text}")

    def _on_page_error(self, error: Error) -> None:
        self.page_errors.append(str(error))

    def _on_response(self, response: Response) -> None:
        if not response.url.startswith(self.base):
            return
        path = response.url[len(self.base) :].split("?")[0]
        if response.status >= 400 and (response.status, path) not in self.expected_failures:
            self.failed_requests.append(f"{response.status} {response.request.method} {response.url}")
        if self.policy is None and response.request.resource_type == "document":
            self.policy = response.headers.get("content-security-policy", "")

    def expect_failure(self, status: int, path: str) -> None:
        """A request the journey makes on purpose that answers ``status``."""
        self.expected_failures.add((status, path))

    def open(self, path: str) -> None:
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.ok, path

    def shot(self, step: str) -> None:
        """A full-page screenshot of this step; the page must not scroll sideways nor repeat an id."""
        path = self.folder / f"{len(self.screenshots) + 1:02d}-{step}.png"
        # From the top, where the page's sticky bars belong.
        self.page.evaluate("() => window.scrollTo(0, 0)")
        self.page.screenshot(path=path, full_page=True)
        self.screenshots.append(path)
        layout = self.page.evaluate(LAYOUT_CHECK)
        if layout["duplicates"] or layout["width"] > layout["viewport"]:
            self.layout_problems.append(f"{path.name} ({self.page.url}): {layout}")

    def check(self) -> None:
        """No CSP violation, no script error, no failed request, every screenshot written."""
        blocked = [m for m in self.console + self.page_errors if any(k in m for k in CSP_MARKERS)]
        assert blocked == [], "blocked by the Content Security Policy"
        assert self.page_errors == [], "script errors"
        assert self.failed_requests == [], "failed requests"
        assert self.layout_problems == [], "pages wider than the window, or ids used twice"
        # The journey proves the pages work under the policy: make sure it was really sent.
        assert self.policy and "script-src 'self'" in self.policy, self.policy
        assert "unsafe-inline" not in self.policy and "unsafe-eval" not in self.policy
        assert self.screenshots and all(path.stat().st_size > 0 for path in self.screenshots)


def sign_in(journey: Journey, t: Translator, email: str, password: str) -> None:
    """Through the login page of the journey's language; the platform then switches to the
    user's preferred language."""
    page = journey.page
    journey.open(f"/{t.language}/accounts/login/")
    expect(page.locator("h1")).to_have_text(t("Sign in"))
    page.get_by_label(t("Email address")).fill(email)
    page.get_by_label(t("Password")).fill(password)
    page.locator("main").get_by_role("button", name=t("Sign in")).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def switch_language(page: Page, language: str, name: str) -> None:
    """With the switcher in the header, which keeps the page."""
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page).to_have_url(re.compile(rf"/{language}/"))


def nav(page: Page, key: str) -> None:
    page.locator(f"header nav a[data-nav={key}]").click()


def answer(fieldset: Locator, language: str, *, right: bool) -> None:
    """Answer one question of a test page as a learner does, rightly or wrongly (the question's
    key says which is which)."""
    kind = fieldset.get_attribute("data-kind")
    question = Question.objects.prefetch_related("choices").get(
        pk=int(fieldset.get_attribute("data-question") or 0)
    )
    choices = sorted(question.choices.all(), key=lambda choice: choice.fraction)
    best, worst = choices[-1], choices[0]
    with translation.override(language):
        if kind == "single":
            fieldset.locator(f"input[value='{(best if right else worst).pk}']").check()
        elif kind == "multiple":
            for choice in choices:
                if (choice.fraction > 0) == right:
                    fieldset.locator(f"input[value='{choice.pk}']").check()
        elif kind == "truefalse":
            value = best.text_en  # type: ignore[attr-defined]  # "true" or "false" in every language
            if not right:
                value = "false" if value == "true" else "true"
            fieldset.locator(f"input[value='{value}']").check()
        elif kind == "short":
            fieldset.locator("input[type=text]").fill(best.text if right else "сензор")
        elif kind == "numeric":
            number = best.number or Decimal(0)
            fieldset.locator("input[type=text]").fill(f"{(number if right else number + 1000).normalize():f}")
        elif kind == "matching":
            pairs = [choice for choice in choices if choice.text]
            for index, choice in enumerate(pairs):
                # Wrongly: each item gets the next item's match.
                match = choice if right else pairs[(index + 1) % len(pairs)]
                fieldset.locator(f"select[data-item='{choice.pk}']").select_option(label=match.match_text)
        else:
            pytest.fail(f"a question of an unknown kind: {kind}")


# --- The demo, loaded once per module -----------------------------------------------------------


class DemoSnapshot:
    """The demo as the first journey loaded it, copied table by table into a schema of its own
    (PostgreSQL; elsewhere every journey loads the demo)."""

    def __init__(self) -> None:
        self.tables: list[str] = []

    @staticmethod
    def supported() -> bool:
        return connection.vendor == "postgresql"

    def load(self) -> None:
        if self.supported() and self.tables:
            self.restore()
            return
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", stdout=quiet)
        if self.supported():
            self.take()

    def take(self) -> None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            for table in tables:
                cursor.execute(f"CREATE TABLE {SNAPSHOT_SCHEMA}.{quote(table)} AS TABLE {quote(table)}")
        self.tables = sorted(tables)

    def restore(self) -> None:
        quote = connection.ops.quote_name
        # Foreign keys are deferred until the commit: the tables fill in any order.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(map(quote, self.tables))} RESTART IDENTITY CASCADE")
            for table in self.tables:
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {SNAPSHOT_SCHEMA}.{quote(table)}")  # noqa: S608
            for sql in connection.ops.sequence_reset_sql(
                no_style(), apps.get_models(include_auto_created=True)
            ):
                cursor.execute(sql)

    def drop(self) -> None:
        if self.tables:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            self.tables = []


@pytest.fixture(scope="module")
def demo_snapshot(django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSnapshot]:
    # The demo's certificate PDFs and the uploads stay for the module, out of the project.
    private_media = tmp_path_factory.mktemp("journeys-private-media")
    snapshot = DemoSnapshot()
    with override_settings(PRIVATE_MEDIA_ROOT=private_media):
        yield snapshot
    with django_db_blocker.unblock():
        snapshot.drop()


@pytest.fixture
def demo(live_server: Any, demo_password: str, demo_snapshot: DemoSnapshot, require_chromium: None) -> str:
    """The demo content, fresh for each journey; answers the demo users' password."""
    demo_snapshot.load()
    return demo_password


# --- The journeys ------------------------------------------------------------------------------


def test_hr_staff_browse_the_framework_compare_roles_and_open_the_needs(
    live_server: Any, page: Page, demo: str
) -> None:
    t = Translator("bg")
    journey = Journey(page, live_server.url, "hr")
    with translation.override("bg"):
        framework = Framework.objects.get(key="smart-city", version="1.0")
        framework_title = framework.title
        area = Competence.objects.filter(framework=framework, parent=None).order_by("code").first()
        assert area is not None
        area_child = area.children.order_by("code").first()
        assert area_child is not None
        child_title = area_child.title
        manager = JobRole.objects.get(framework=framework, slug="smart-city-project-manager").title
        engineer = JobRole.objects.get(framework=framework, slug="smart-city-engineer").title

    sign_in(journey, t, "hr@example.org", demo)
    # She prefers Romanian: signing in takes her there; she switches to Bulgarian.
    expect(page).to_have_url(re.compile(r"/ro/$"))
    switch_language(page, "bg", "български")
    journey.shot("home-in-bulgarian")

    nav(page, "frameworks")
    expect(page.locator("h1")).to_have_text(t("Competence frameworks"))
    journey.shot("frameworks")
    page.get_by_role("link", name=framework_title, exact=True).click()
    expect(page.locator("h1")).to_contain_text(framework_title)
    expect(page.locator("#tree-heading")).to_have_text(t("Structure"))
    # Opening an area loads its competences (framework.js, a script of the platform's own).
    node = page.locator(f"details[data-children-url$='/nodes/{area.pk}/children/']")
    node.locator("summary > .code").click()
    expect(node.locator(":scope > ul.tree > li")).to_have_count(area.children.count())
    expect(node.locator(":scope > ul.tree")).to_contain_text(child_title)
    journey.shot("framework-area-open")
    node.get_by_role("link", name=child_title).first.click()
    expect(page.locator("h1")).to_contain_text(child_title)
    journey.shot("competence")

    nav(page, "roles")
    expect(page.locator("h1")).to_have_text(t("Job roles"))
    journey.shot("roles")
    page.get_by_role("link", name=manager, exact=True).click()
    expect(page.locator("h1")).to_have_text(manager)
    expect(page.get_by_role("link", name=t("Download the profile (PDF)"))).to_be_visible()
    journey.shot("role")

    page.locator("main nav.breadcrumbs").get_by_role("link", name=t("Job roles")).click()
    page.get_by_role("link", name=t("Compare roles")).click()
    expect(page.locator("h1")).to_have_text(t("Compare roles"))
    page.get_by_label(manager, exact=True).check()
    page.get_by_label(engineer, exact=True).check()
    page.get_by_role("button", name=t("Compare"), exact=True).click()
    comparison = page.locator("table.comparison")
    expect(comparison.locator("caption")).to_have_text(
        t("Target level per role; an empty cell means the role does not require the competence.")
    )
    expect(comparison.locator("thead")).to_contain_text(manager)
    expect(comparison.locator("thead")).to_contain_text(engineer)
    assert comparison.locator("tbody tr").count() >= 12
    journey.shot("compare-two-roles")

    nav(page, "needs")
    expect(page.locator("h1")).to_contain_text(t("Competence needs"))
    expect(page.locator("#ready-heading")).to_have_text(t("Ready per role"))
    expect(page.locator("#heat-heading")).to_have_text(t("Competences by person"))
    assert page.locator("#heat-map tbody tr").count() >= 20
    journey.shot("organisation-needs")
    page.locator("#filter-role").select_option("smart-city-engineer")
    page.get_by_role("button", name=t("Filter"), exact=True).click()
    page.wait_for_url("**/needs/?*role=smart-city-engineer*")
    expect(page.locator("#heat-map tbody tr").first).to_contain_text(engineer)
    journey.shot("organisation-needs-engineers")
    journey.check()


def test_trainer_uploads_a_material_and_imports_questions(live_server: Any, page: Page, demo: str) -> None:
    t = Translator("el")
    journey = Journey(page, live_server.url, "trainer")
    unit = (
        Unit.objects.filter(module__course__slug="smart-city-technician")
        .order_by("module__position", "position")
        .first()
    )
    assert unit is not None
    title = "Οδηγός εγκατάστασης αισθητήρων"

    sign_in(journey, t, "trainer@example.org", demo)
    # He prefers Greek: signing in takes him there.
    expect(page).to_have_url(re.compile(r"/el/$"))
    expect(page.locator("html")).to_have_attribute("lang", "el")

    nav(page, "my-materials")
    expect(page.locator("h1")).to_have_text(t("My materials"))
    expect(page.locator("#upload-heading")).to_have_text(t("Upload a material"))
    page.locator("#id_unit").select_option(str(unit.pk))
    page.locator("#id_title").fill(title)
    page.locator("#id_language").select_option("el")
    page.locator("#id_description").fill("Βήμα προς βήμα, με φωτογραφίες από το πεδίο.")
    page.locator("#id_file").set_input_files(
        {"name": "οδηγός-αισθητήρων.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    journey.shot("material-form")
    page.get_by_role("button", name=t("Save as draft")).click()
    expect(page.locator(".messages")).to_contain_text(
        t("The material is saved as a draft. Submit it for review when it is ready.")
    )
    journey.shot("material-saved")
    page.get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("main")).to_contain_text("οδηγός-αισθητήρων.pdf")
    page.get_by_role("button", name=t("Submit for review")).click()
    expect(page.locator("dl.facts")).to_contain_text(t.label(Material.Status.SUBMITTED))
    journey.shot("material-submitted")
    with translation.override("el"):
        material = Material.objects.get(title=title)
    assert material.status == Material.Status.SUBMITTED and material.uploader.email == "trainer@example.org"

    nav(page, "question-bank")
    expect(page.locator("h1")).to_have_text(t("Question bank"))
    expect(page.locator("#import-heading")).to_have_text(t("Import questions"))
    page.locator("#id_file").set_input_files(
        {"name": "αισθητήρες.gift", "mimeType": "text/plain", "buffer": GIFT.encode()}
    )
    page.locator("#id_file_format").select_option("gift")
    expect(page.locator("#id_language")).to_have_value("el")
    page.locator("#id_activate").check()
    page.get_by_role("button", name=t("Import"), exact=True).click()
    report = page.locator("section[aria-labelledby=report-heading]")
    expect(report.locator("h2")).to_have_text(t("Import report"))
    expect(report).to_contain_text(
        t(
            "%(imported)s imported, %(duplicates)s already in the bank, %(skipped)s skipped.",
            imported=3,
            duplicates=0,
            skipped=1,
        )
    )
    expect(report).to_contain_text(t("Essay questions are not supported."))
    journey.shot("import-report")
    imported = Question.objects.filter(author__email="trainer@example.org")
    assert imported.count() == 3
    assert set(imported.values_list("status", flat=True)) == {Question.Status.ACTIVE}
    assert set(imported.values_list("competence__code", flat=True)) == {"SC-A.1"}

    report.get_by_role("link", name="Αισθητήρας θερμοκρασίας").click()
    expect(page.locator("h1")).to_have_text("Αισθητήρας θερμοκρασίας")
    expect(page.locator("main h2")).to_have_text(t("Preview with the answer key"))
    expect(page.locator("dl.facts")).to_contain_text(t.label(Question.Status.ACTIVE))
    expect(page.locator("article.card tbody tr").first).to_contain_text("Θερμόμετρο")
    journey.shot("question-preview")
    journey.check()


def test_learner_takes_a_test_and_reads_her_result(live_server: Any, page: Page, demo: str) -> None:
    t = Translator("bg")
    journey = Journey(page, live_server.url, "learner")
    test = Test.objects.get(slug="smart-city-technician-practice")
    with translation.override("bg"):
        test_title = test.title

    sign_in(journey, t, "learner@example.org", demo)
    # She prefers Bulgarian: signing in takes her there.
    expect(page).to_have_url(re.compile(r"/bg/$"))

    nav(page, "tests")
    expect(page.locator("h1")).to_have_text(t("Tests"))
    journey.shot("tests")
    page.get_by_role("link", name=test_title, exact=True).click()
    expect(page.locator("h1")).to_have_text(test_title)
    journey.shot("test-rules")
    page.get_by_role("button", name=t("Start the test")).click()
    expect(page.locator(".countdown")).to_contain_text(t("Time left"))
    # The countdown runs (attempt.js, a script of the platform's own).
    expect(page.locator("[data-countdown]")).to_have_text(re.compile(r"^\d+(:\d\d)+$"))

    questions = page.locator("fieldset.question")
    count = questions.count()
    assert count > 3
    # She knows most of it: the right answer to all but the last three questions.
    for index in range(count):
        answer(questions.nth(index), "bg", right=index < count - 3)
    # Each answer is saved as it changes, without a page load.
    expect(page.locator("#save-status")).to_have_text(t("All answers saved"), timeout=SLOW)
    expect(page.locator("nav.palette a.answered")).to_have_count(count)
    attempt = Attempt.objects.get(test=test, learner__email="learner@example.org")
    assert attempt.items.filter(response__isnull=False).count() == count
    journey.shot("answers-saved")

    page.get_by_role("button", name=t("Hand in the test")).click()
    expect(page.locator("#result-heading")).to_have_text(t("Result"), timeout=SLOW)
    expect(page.get_by_role("heading", name=t("Score per competence"))).to_be_visible()
    expect(page.locator("figure.chart svg")).to_be_visible()
    rows = page.locator(".chart-table tbody tr")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED and attempt.score is not None
    assert 60 <= attempt.score < 100  # three answers wrong
    competences = set(attempt.items.values_list("question__competence", flat=True))
    expect(rows).to_have_count(len(competences))
    with translation.override("bg"):
        titles = [c.title for c in Competence.objects.filter(pk__in=competences)]
    for title in titles:
        expect(page.locator(".chart-table tbody")).to_contain_text(title)
    score = Decimal(attempt.score).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    expect(page.locator("p.score")).to_contain_text(f"{score} %")
    expect(page.locator("p.score")).to_contain_text(t("Passed"))
    journey.shot("result-per-competence")
    journey.check()


def test_certifier_issues_and_revokes_certificates(live_server: Any, page: Page, demo: str) -> None:
    t = Translator("el")
    journey = Journey(page, live_server.url, "certifier")
    with translation.override("el"):
        engineer = JobRole.objects.get(slug="smart-city-engineer", framework__key="smart-city").title
    candidate = "Ελένη Γεωργίου"
    assert not Certificate.objects.filter(holder__email="eleni.georgiou@example.org").exists()
    to_revoke = Certificate.objects.get(holder__email="learner@example.org", status=Certificate.Status.VALID)
    reason = "Η εξέταση δόθηκε με βοήθεια τρίτου· το επιβεβαίωσε το κέντρο εξέτασης."

    sign_in(journey, t, "certifier@example.org", demo)
    # She prefers German: signing in takes her there; she switches to Greek.
    expect(page).to_have_url(re.compile(r"/de/$"))
    switch_language(page, "el", "Ελληνικά")

    nav(page, "certificates")
    expect(page.locator("h1")).to_have_text(t("Certificates"))
    journey.shot("certificates")
    page.get_by_role("link", name=t("Candidates for certification")).click()
    expect(page.locator("h1")).to_have_text(t("Candidates for certification"))
    page.get_by_role("navigation", name=t("Schemes")).get_by_role("link", name=engineer).click()
    row = page.locator("main table tbody tr", has_text=candidate)
    expect(row).to_contain_text(t("Every rule is met."))
    row.get_by_role("checkbox", name=t("Issue to %(name)s", name=candidate)).check()
    journey.shot("candidates")
    page.get_by_role("button", name=t("Issue to the selected candidates")).click()

    issued = Certificate.objects.get(holder__email="eleni.georgiou@example.org")
    expect(page.locator(".messages")).to_contain_text(
        t("Certificate %(serial)s is issued.", serial=issued.serial), timeout=SLOW
    )
    expect(page.locator("h1")).to_have_text(issued.serial)
    # The PDF task ran (eagerly, in-process) once the certificate was committed.
    expect(page.locator("dd.pdf-ready")).to_contain_text(t.label(Certificate.Pdf.READY))
    expect(page.get_by_role("link", name=t("Download"), exact=True)).to_be_visible()
    journey.shot("certificate-issued")
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.VALID and issued.pdf_status == Certificate.Pdf.READY

    page.locator("main").get_by_role("link", name=t("Certificates"), exact=True).click()
    page.get_by_label(t("Serial or name")).fill(to_revoke.serial)
    page.get_by_role("button", name=t("Filter"), exact=True).click()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    page.get_by_role("link", name=to_revoke.serial).click()
    expect(page.locator("h1")).to_have_text(to_revoke.serial)
    page.locator("section[aria-labelledby=revoke-heading] textarea").fill(reason)
    journey.shot("certificate-to-revoke")
    page.get_by_role("button", name=t("Revoke"), exact=True).click()
    expect(page.locator(".messages")).to_contain_text(t("The certificate is revoked."))
    expect(page.locator("dd.status-revoked")).to_contain_text(t.label(Certificate.Status.REVOKED))
    expect(page.locator("dd.status-revoked")).to_contain_text(reason)
    journey.shot("certificate-revoked")
    to_revoke.refresh_from_db()
    assert to_revoke.status == Certificate.Status.REVOKED and to_revoke.revocation_reason == reason

    # The public verification page says so at once.
    page.get_by_role("link", name=f"/el/verify/{to_revoke.code}/").click()
    expect(page.locator("h1")).to_have_text(t("Verify a certificate"))
    expect(page.locator("#facts-heading")).to_contain_text(t.label(Certificate.Status.REVOKED))
    journey.shot("verification-shows-revoked")
    journey.check()


def test_anyone_verifies_a_certificate_by_its_code(live_server: Any, page: Page, demo: str) -> None:
    t = Translator("bg")
    journey = Journey(page, live_server.url, "anonymous")
    valid = Certificate.objects.get(holder__email="learner@example.org", status=Certificate.Status.VALID)
    revoked = Certificate.objects.get(holder__email="andrei.popescu@example.org")
    assert revoked.status == Certificate.Status.REVOKED
    with translation.override("bg"):
        role = valid.scheme.role.title
    unknown = "x" * 32
    journey.expect_failure(404, f"/bg/verify/{unknown}/")

    journey.open("/bg/")
    expect(page.locator("html")).to_have_attribute("lang", "bg")
    nav(page, "verify")
    expect(page.locator("h1")).to_have_text(t("Verify a certificate"))
    journey.shot("verify-form")
    page.get_by_label(t("Verification code")).fill(valid.code)
    page.get_by_role("button", name=t("Verify"), exact=True).click()
    expect(page).to_have_url(re.compile(f"/bg/verify/{valid.code}/$"))
    facts = page.locator("section.verification")
    expect(facts.locator("h2")).to_have_text(f"{valid.serial}: {t.label(Certificate.Status.VALID)}")
    expect(facts).to_contain_text(valid.holder_name)
    expect(facts).to_contain_text(role)
    expect(facts.locator("h3")).to_have_text(t("Competences"))
    assert facts.locator("tbody tr").count() == valid.competences.count() > 0
    journey.shot("valid-certificate")

    page.get_by_role("link", name=t("Check another code or a file")).click()
    page.get_by_label(t("Verification code")).fill(revoked.code)
    page.get_by_role("button", name=t("Verify"), exact=True).click()
    expect(facts.locator("h2")).to_have_text(f"{revoked.serial}: {t.label(Certificate.Status.REVOKED)}")
    expect(facts.locator("p.status-revoked")).to_be_visible()
    journey.shot("revoked-certificate")

    page.get_by_role("link", name=t("Check another code or a file")).click()
    page.get_by_label(t("Verification code")).fill(unknown)
    page.get_by_role("button", name=t("Verify"), exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        t("No certificate has this code. Check the code and try again.")
    )
    journey.shot("unknown-code")
    journey.check()
