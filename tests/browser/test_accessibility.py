"""Accessibility: axe-core checks every main page of the platform, in Bulgarian and Greek, each as
the role that uses it, and finds no serious or critical violation.

axe-core comes from npm (``package.json``, pinned in ``package-lock.json``; ``make test`` runs
``npm ci``). The platform's Content Security Policy allows no inline script, so axe is not added
as a script tag: Playwright hands its source to the browser as an init script (through the
DevTools protocol, which the policy does not govern), and the policy stays in force for everything
the page itself does, its styles included, which the contrast checks read.

One test walks all the pages on one demo database, with one browser context per role, and reports
every violation at the end.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page

from accounts.models import Organisation, User
from certification.models import Certificate, CertificationScheme, ValidationCase
from competencies.models import Competence, Framework
from curriculum import attempts
from curriculum.models import Attempt, Course, GuidePage, Question, Test
from passport import services as passport_services
from passport.models import StaffMember
from tests.browser.session import sign_in
from tests.conftest import PROJECT_DIR, missing_service
from trainers.models import Accreditation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
LANGUAGES = ("bg", "el")
#: Impacts that fail the test; moderate and minor findings are printed only.
FAILING = ("serious", "critical")

LEARNER = "learner@example.org"
TRAINER = "trainer@example.org"
CERTIFIER = "certifier@example.org"
HR = "hr@example.org"
EDITOR = "editor@example.org"
#: The demo learner whose prior learning waits for assessment.
CANDIDATE = "lucia.martin@example.org"

#: Starts axe on the page without waiting, so the pages of both languages are checked at once.
START_AXE = """() => {
  window.s4cAxeViolations = axe.run(document, {resultTypes: ["violations"]}).then(results =>
    results.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 200)})),
    })));
}"""
AXE_VIOLATIONS = "() => window.s4cAxeViolations"


@dataclass(frozen=True)
class Check:
    name: str
    #: Who opens it: a demo user's email, or None for a visitor who is not signed in.
    who: str | None
    #: Path after the language prefix, e.g. ``frameworks/``.
    path: str


@pytest.fixture
def axe_source() -> str:
    if not AXE.exists():
        missing_service(f"{AXE.relative_to(PROJECT_DIR)} is missing: run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


def pages_to_check() -> list[Check]:
    """Every main page, with the demo objects it shows, as the role that uses it."""
    framework = Framework.objects.get(key="smart-city", version="1.0")
    competence = Competence.objects.filter(framework=framework, code="SC-C.2").get()
    role, other_role = "smart-city-project-manager", "smart-city-engineer"
    course = Course.objects.order_by("slug").first()
    guide = GuidePage.objects.order_by("position", "slug").first()
    question = Question.objects.filter(author__email=TRAINER).order_by("pk").first() or (
        Question.objects.order_by("pk").first()
    )
    learner = User.objects.get(email=LEARNER)
    practice = Test.objects.get(slug="smart-city-technician-practice")
    in_progress = attempts.attempt_start(test=practice, learner=learner)
    result = Attempt.objects.filter(learner=learner, status=Attempt.Status.SUBMITTED).order_by("pk").first()
    certificate = Certificate.objects.filter(holder=learner).order_by("pk").first()
    case = ValidationCase.objects.filter(learner__email=CANDIDATE).get()
    waiting = Accreditation.objects.filter(status=Accreditation.Status.APPLIED).order_by("pk").first()
    city = Organisation.objects.get(slug="demo-city-sofia")
    member = StaffMember.objects.filter(organisation=city, user__email=LEARNER).get()
    shared = passport_services.passport_share_set(user=learner, shared=True)
    validation = (
        CertificationScheme.objects.filter(validation_allowed=True, is_published=True)
        .order_by("slug")
        .first()
    )
    assert question and result and certificate and waiting and course and guide and validation
    scheme = certificate.scheme.slug
    return [
        Check("home", None, ""),
        Check("sign-in", None, "accounts/login/"),
        Check("password reset", None, "accounts/password/reset/"),
        Check("framework list", None, "frameworks/"),
        Check("framework detail", None, f"frameworks/{framework.slug}/"),
        Check("framework search", None, f"frameworks/{framework.slug}/?q=data"),
        Check("competence detail", None, f"competences/{competence.pk}/"),
        Check("role list", None, "roles/"),
        Check("role detail", None, f"roles/{role}/"),
        Check("role compare", None, f"roles/compare/?roles={role}&roles={other_role}"),
        Check("role profile (print)", None, f"roles/{role}/profile/"),
        Check("course list", None, "courses/"),
        Check("course detail", LEARNER, f"courses/{course.slug}/"),
        Check("guide index", None, "guide/"),
        Check("guide page", None, f"guide/{guide.slug}/"),
        Check("certification schemes", None, "certification/"),
        Check("certification rules", None, f"certification/{scheme}/"),
        Check("register of certified", None, "certification/certified/"),
        Check("verify form", None, "verify/"),
        Check("verify certificate", None, f"verify/{certificate.code}/"),
        Check("trainer registry", None, "trainers/"),
        Check("quality criteria", None, "trainers/quality-criteria/"),
        Check("profile", LEARNER, "accounts/profile/"),
        Check("password change", LEARNER, "accounts/password/change/"),
        Check("test list", LEARNER, "tests/"),
        Check("test detail", LEARNER, f"tests/{practice.slug}/"),
        Check("test in progress", LEARNER, f"attempts/{in_progress.pk}/"),
        Check("test result", LEARNER, f"attempts/{result.pk}/"),
        Check("my certification", LEARNER, "certification/my/"),
        Check("passport", LEARNER, "passport/"),
        Check("shared passport", None, f"passport/shared/{shared.share_token}/"),
        Check("self-assessment", LEARNER, f"passport/self-assessment/{role}/"),
        Check("gap analysis start", LEARNER, "passport/gaps/"),
        Check("gap analysis", LEARNER, f"passport/gaps/{role}/"),
        Check("validation, first phase", LEARNER, f"certification/{validation.slug}/validation/"),
        Check("validation case", CANDIDATE, f"certification/validation/{case.pk}/"),
        Check("question bank", TRAINER, "trainer/questions/"),
        Check("question detail", TRAINER, f"trainer/questions/{question.pk}/"),
        Check("new question", TRAINER, "trainer/questions/new/"),
        Check("my materials", TRAINER, "trainer/materials/"),
        Check("trainer profile and accreditation", TRAINER, "trainer/accreditation/"),
        Check("results", TRAINER, "results/"),
        Check("results of a test", TRAINER, f"results/{result.test.slug}/"),
        Check("candidates", CERTIFIER, "certifier/candidates/"),
        Check("certificates", CERTIFIER, "certifier/certificates/"),
        Check("certificate detail", CERTIFIER, f"certifier/certificates/{certificate.pk}/"),
        Check("validation queue", CERTIFIER, "certifier/validation/"),
        Check("validation assessment", CERTIFIER, f"certifier/validation/{case.pk}/"),
        Check("accreditation queue", CERTIFIER, "certifier/accreditations/"),
        Check("accreditation decision", CERTIFIER, f"certifier/accreditations/{waiting.pk}/"),
        Check("organisation needs", HR, f"organisations/{city.pk}/needs/"),
        Check("staff", HR, f"organisations/{city.pk}/staff/"),
        Check("staff member's gaps", HR, f"organisations/{city.pk}/staff/{member.user_id}/gaps/"),
        Check("material review", EDITOR, "review/materials/"),
    ]


class Contexts:
    """One browser context per demo user (and one for a visitor), signed in when first needed, with
    a page (a tab) per language. Each context adds axe-core to every document it opens, before the
    page's own scripts run."""

    def __init__(self, browser: Browser, base: str, password: str, axe_source: str) -> None:
        self.browser, self.base, self.password, self.axe_source = browser, base, password, axe_source
        self.pages: dict[str | None, list[Page]] = {}
        self.contexts: list[BrowserContext] = []

    def pages_for(self, who: str | None) -> list[Page]:
        if who not in self.pages:
            context = self.browser.new_context(viewport={"width": 1280, "height": 900})
            self.contexts.append(context)
            context.add_init_script(script=self.axe_source)
            pages = [context.new_page() for _language in LANGUAGES]
            if who is not None:
                sign_in(pages[0], self.base, who, self.password)
            self.pages[who] = pages
        return self.pages[who]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def contexts(browser: Browser, live_server: Any, demo_password: str, axe_source: str) -> Iterator[Contexts]:
    opened = Contexts(browser, live_server.url, demo_password, axe_source)
    yield opened
    opened.close()


def describe(check: Check, language: str, violation: dict[str, Any]) -> str:
    """One violation: rule, impact, page, who, and the first target nodes."""
    shown = violation["nodes"][:10]
    lines = [
        f"  [{violation['impact']}] {violation['id']} on /{language}/{check.path} "
        f"({check.name}, {check.who or 'visitor'}): {violation['help']}"
    ]
    lines += [f"      {' '.join(json.dumps(t) for t in node['target'])}: {node['html']}" for node in shown]
    if len(violation["nodes"]) > len(shown):
        lines.append(f"      … and {len(violation['nodes']) - len(shown)} more")
    return "\n".join(lines)


def test_main_pages_have_no_serious_accessibility_violations(
    require_chromium: None, contexts: Contexts, live_server: Any
) -> None:
    started = time.monotonic()
    call_command("load_demo")
    checks = pages_to_check()
    loaded = time.monotonic()
    failing: list[str] = []
    other: list[str] = []
    for check in checks:
        pages = contexts.pages_for(check.who)
        for language, page in zip(LANGUAGES, pages, strict=True):
            url = f"{live_server.url}/{language}/{check.path}"
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{url}: {response and response.status}"
            assert page.locator("html").get_attribute("lang") == language, url
            page.evaluate(START_AXE)
        for language, page in zip(LANGUAGES, pages, strict=True):
            for violation in page.evaluate(AXE_VIOLATIONS):
                found = describe(check, language, violation)
                (failing if violation["impact"] in FAILING else other).append(found)
    print(
        f"\naxe-core checked {len(checks) * len(LANGUAGES)} pages ({len(checks)} pages × "
        f"{len(LANGUAGES)} languages: {', '.join(LANGUAGES)}) in {time.monotonic() - loaded:.0f} s, "
        f"after {loaded - started:.0f} s loading the demo; {len(failing)} serious or critical, "
        f"{len(other)} moderate or minor violations"
    )
    if other:
        print("Moderate or minor (reported, not failing):\n" + "\n".join(other))
    assert not failing, "serious or critical accessibility violations:\n" + "\n".join(failing)
