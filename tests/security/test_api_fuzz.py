"""Schemathesis over every operation of the API, as each role.

The OpenAPI schema is read from the application's own ``/api/schema/`` and every operation is
called in-process (WSGI, no network) against the test database holding the demo content, once per
role: anonymous, learner, trainer, HR staff, certifier, framework editor and administrator. For
each operation three bounded, derandomized Hypothesis runs are made:

- ``known``: valid requests whose path parameters are ids and slugs that exist, so detail
  endpoints answer with real content;
- ``positive``: valid requests, everything generated;
- ``negative``: requests that break the schema (wrong types, missing fields…), which must be
  refused with a documented 4xx, never a 5xx.

Each response must not be a server error, must have a documented status code and content type,
and its body must match the documented schema. When the first run of an operation gets nothing
but 401 or 403 the role is refused before its input is looked at, and the other runs are left
out. A last test sends a NUL character in every text parameter, which PostgreSQL refuses.

Every request runs in a savepoint that is rolled back (and the cache is cleared) so that the
cases do not change the data the next ones see; the demo content itself is loaded once for the
module inside a transaction rolled back at its end, with media files in a temporary folder.
Every problem found in a role's run is reported at once, one example per operation and kind,
and a summary of operations and cases per role is printed at the end of the module.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO, StringIO
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections, transaction
from django.test.utils import override_settings
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

ROLES = ("anonymous", "learner", "trainer", "hr_staff", "certifier", "framework_editor", "admin")
#: The demo user (``load_demo``) that acts in each role; anonymous sends no credentials.
DEMO_USERS = {
    "learner": "learner@example.org",
    "trainer": "trainer@example.org",
    "hr_staff": "hr@example.org",
    "certifier": "certifier@example.org",
    "framework_editor": "editor@example.org",
    "admin": "admin@example.org",
}
#: Hypothesis examples per operation, role and kind of run. Small on purpose: the module must stay
#: within a few minutes on a two-core machine.
MAX_EXAMPLES = {"known": 4, "positive": 3, "negative": 3}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
#: The smallest file the material upload accepts.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SCHEMATHESIS_CONFIG = {
    # No generated Authorization header or session cookie: each role sends its own credentials.
    "generation": {"with-security-parameters": False},
}


@dataclass
class FuzzWorld:
    """What the fuzzing needs from the database, gathered once for the module."""

    raw_schema: dict[str, Any]
    tokens: dict[str, str]
    #: Operation path -> sets of path parameters that name existing objects.
    known: dict[str, list[dict[str, Any]]]


@dataclass
class RoleRun:
    role: str
    operations: int = 0
    cases: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    #: (operation, kind, failure title) -> the report of the first example.
    failures: dict[tuple[str, str, str], str] = field(default_factory=dict)
    seconds: float = 0.0
    #: Runs left out: nothing but 401 or 403 answered the first run of their operation.
    skipped: int = 0
    #: (operation, kind) -> seconds, to find what makes the run slow.
    timings: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.cases.values())


SUMMARY: dict[str, RoleRun] = {}
#: Role -> requests with a NUL character (the deterministic probe after the fuzzing).
NUL_PROBES: Counter[str] = Counter()


def _known_path_parameters() -> dict[str, list[dict[str, Any]]]:
    """Existing ids and slugs for every path parameter of the API (a few of each)."""
    from accounts.models import Organisation, User
    from certification.badges import LIST_LENGTH
    from certification.models import Certificate, CertificationScheme
    from competencies.models import Competence, Framework, JobRole
    from curriculum.models import Attempt, Course, GuidePage, Material, Question, Test, Unit
    from passport.models import StaffMember
    from trainers.models import Accreditation, TrainerProfile, TrainingOrganisation

    def ids(queryset: Any, n: int = 4) -> list[dict[str, Any]]:
        return [{"id": pk} for pk in queryset.order_by("pk").values_list("pk", flat=True)[:n]]

    def slugs(queryset: Any, n: int = 4) -> list[dict[str, Any]]:
        return [{"slug": slug} for slug in queryset.order_by("pk").values_list("slug", flat=True)[:n]]

    drafts = Competence.objects.filter(framework__status=Framework.Status.DRAFT)
    published = Competence.objects.filter(framework__status=Framework.Status.PUBLISHED)
    competences = ids(published, 2) + ids(drafts, 2)
    certificates = ids(Certificate.objects.all())
    learner = User.objects.get(email=DEMO_USERS["learner"])
    attempts = list(Attempt.objects.filter(learner=learner).order_by("pk")) + list(
        Attempt.objects.exclude(learner=learner).order_by("pk")[:2]
    )
    answers = [
        {"id": attempt.pk, "question": question}
        for attempt in attempts
        for question in attempt.items.order_by("position").values_list("question_id", flat=True)[:2]
    ]
    sofia = Organisation.objects.get(slug="demo-city-sofia")
    staff = [
        {"organisation_id": str(member.organisation_id), "user_id": str(member.user_id)}
        for member in StaffMember.objects.filter(organisation=sofia).order_by("pk")[:4]
    ]
    status_lists = sorted({pk // LIST_LENGTH for pk in Certificate.objects.values_list("pk", flat=True)})
    frameworks = slugs(Framework.objects.all())
    accreditations = ids(Accreditation.objects.all())
    materials = ids(Material.objects.all())
    questions = ids(Question.objects.all())
    return {
        "/accreditations/{id}/": accreditations,
        "/accreditations/{id}/decide/": accreditations,
        "/accreditations/{id}/reinstate/": accreditations,
        "/accreditations/{id}/suspend/": accreditations,
        "/attempts/{id}/": [{"id": attempt.pk} for attempt in attempts],
        "/attempts/{id}/answers/{question}/": answers,
        "/attempts/{id}/submit/": [{"id": attempt.pk} for attempt in attempts],
        "/certificates/{id}/": certificates,
        "/certificates/{id}/credential/": certificates,
        "/certificates/{id}/listing/": certificates,
        "/certificates/{id}/reissue/": certificates,
        "/certificates/{id}/renew/": certificates,
        "/certificates/{id}/retry-pdf/": certificates,
        "/certificates/{id}/revoke/": certificates,
        "/competences/{id}/": competences,
        "/courses/{slug}/": slugs(Course.objects.all()),
        "/credentials/status/{number}/": [{"number": number} for number in status_lists],
        "/frameworks/{slug}/": frameworks,
        "/frameworks/{slug}/case/": frameworks,
        "/frameworks/{slug}/new-version/": frameworks,
        "/frameworks/{slug}/publish/": frameworks,
        "/guide/{slug}/": slugs(GuidePage.objects.all()),
        "/materials/{id}/": materials,
        "/materials/{id}/approve/": materials,
        "/materials/{id}/download/": materials,
        "/materials/{id}/reject/": materials,
        "/materials/{id}/submit/": materials,
        "/materials/{id}/versions/": materials,
        "/organisations/{id}/": ids(TrainingOrganisation.objects.all()),
        "/organisations/{organisation_id}/needs/": [
            {"organisation_id": str(pk)}
            for pk in Organisation.objects.order_by("pk").values_list("pk", flat=True)
        ],
        "/organisations/{organisation_id}/staff/{user_id}/": staff,
        "/questions/{id}/": questions,
        "/questions/{id}/activate/": questions,
        "/questions/{id}/retire/": questions,
        "/roles/{slug}/": slugs(JobRole.objects.all()),
        "/schemes/{slug}/": slugs(CertificationScheme.objects.all()),
        "/tests/{id}/": ids(Test.objects.all()),
        "/tests/{id}/attempts/": ids(Test.objects.all()),
        "/trainers/{id}/": ids(TrainerProfile.objects.all()),
        "/units/{id}/": ids(Unit.objects.all()),
        "/verify/{code}/": [
            {"code": code} for code in Certificate.objects.order_by("pk").values_list("code", flat=True)[:4]
        ],
    }


def _more_content() -> None:
    """What the demo content lacks and the API serves: learning materials in each state, a draft
    framework version, an attempt in progress of the demo learner."""
    from accounts.models import User
    from competencies import services as competency_services
    from competencies.models import Framework
    from curriculum import attempts
    from curriculum import services as curriculum_services
    from curriculum.models import Test, Unit

    trainer = User.objects.get(email=DEMO_USERS["trainer"])
    editor = User.objects.get(email=DEMO_USERS["framework_editor"])
    learner = User.objects.get(email=DEMO_USERS["learner"])
    unit = Unit.objects.filter(module__course__is_published=True).order_by("pk").first()
    assert unit is not None
    curriculum_services.material_create(  # a draft link
        unit=unit, uploader=trainer, title="Open data portals", language="en", url="https://example.org/a"
    )
    submitted = curriculum_services.material_create(
        unit=unit,
        uploader=trainer,
        title="Sensor networks",
        language="en",
        upload=("sensors.pdf", len(PDF), BytesIO(PDF)),
    )
    curriculum_services.material_submit(material=submitted, user=trainer)
    approved = curriculum_services.material_create(
        unit=unit,
        uploader=trainer,
        title="Mobility as a service",
        language="en",
        upload=("mobility.pdf", len(PDF), BytesIO(PDF)),
    )
    curriculum_services.material_submit(material=approved, user=trainer)
    curriculum_services.material_approve(material=approved, reviewer=editor)

    published = Framework.objects.filter(status=Framework.Status.PUBLISHED, key="smart-city").first()
    assert published is not None
    competency_services.framework_new_draft(framework=published, version="9.9-fuzz")

    practice = Test.objects.filter(kind=Test.Kind.PRACTICE, is_published=True).order_by("pk").first()
    assert practice is not None
    attempts.attempt_start(test=practice, learner=learner)


@pytest.fixture(scope="module")
def fuzz_world(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[FuzzWorld]:
    """The demo content and a token per role, in a transaction rolled back after the module."""
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from config.celery import app as celery_app

    media = tmp_path_factory.mktemp("fuzz-media")
    private = override_settings(MEDIA_ROOT=media / "public", PRIVATE_MEDIA_ROOT=media / "private")
    private.enable()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    atomic = transaction.atomic()
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setenv("DEMO_PASSWORD", "A-demo-password-for-the-fuzzer-42")
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            _more_content()
            tokens = {
                role: Token.objects.get_or_create(user=User.objects.get(email=email))[0].key
                for role, email in DEMO_USERS.items()
            }
            known = _known_path_parameters()
            response = Client().get("/api/schema/?format=json")
            assert response.status_code == 200, response.content[:500]
            raw_schema = json.loads(response.content)
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield FuzzWorld(raw_schema=raw_schema, tokens=tokens, known=known)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        celery_app.conf.task_always_eager = eager
        private.disable()
        _print_summary(request)


def _print_summary(request: pytest.FixtureRequest) -> None:
    if not SUMMARY and not NUL_PROBES:
        return
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    lines = ["", "API fuzzing (schemathesis): operations and cases per role"]
    for run in SUMMARY.values():
        kinds = ", ".join(f"{kind} {run.cases[kind]}" for kind in MAX_EXAMPLES)
        statuses = " ".join(f"{code}×{n}" for code, n in sorted(run.statuses.items()))
        lines.append(
            f"  {run.role:<17} {run.operations} operations, {run.total} cases ({kinds}) "
            f"in {run.seconds:.1f} s ({run.skipped} runs left out after 401/403); statuses {statuses}"
        )
    timings = Counter({(run.role, *key): t for run in SUMMARY.values() for key, t in run.timings.items()})
    for (role, label, kind), seconds in timings.most_common(5):
        lines.append(f"    slow: {seconds:5.1f} s {role} {label} [{kind}]")
    operations = sum(run.operations for run in SUMMARY.values())
    cases = sum(run.total for run in SUMMARY.values())
    lines.append(
        f"  total: {len(SUMMARY)} roles × {operations // max(len(SUMMARY), 1)} operations = {operations}, "
        f"{cases} cases"
    )
    if NUL_PROBES:
        probes = ", ".join(f"{role} {n}" for role, n in NUL_PROBES.items())
        lines.append(f"  NUL-character probes: {sum(NUL_PROBES.values())} requests ({probes})")
    with capture.global_and_fixture_disabled() if capture is not None else contextlib.nullcontext():
        for line in lines:
            if reporter is not None:
                reporter.write_line(line)
            else:  # pragma: no cover - without the terminal reporter (e.g. -p no:terminal)
                print(line)


@pytest.fixture
def quiet_request_log() -> Iterator[None]:
    """Thousands of expected 4xx would bury the tracebacks of server errors, which still show."""
    loggers = [logging.getLogger(name) for name in ("django.request", "axes", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@pytest.fixture(scope="module")
def api_schema(fuzz_world: FuzzWorld) -> Any:
    """The schema, loaded by Schemathesis, calling Django's WSGI application in-process."""
    from django.core.wsgi import get_wsgi_application

    config = schemathesis.Config.from_dict(SCHEMATHESIS_CONFIG)
    schema = schemathesis.openapi.from_dict(fuzz_world.raw_schema, config=config)
    schema.app = get_wsgi_application()
    return schema


@pytest.fixture
def same_connection() -> Iterator[None]:
    """Like Django's test client, keep the test's database connection (and so its transaction)
    across requests: Django closes it at the start and end of each request otherwise."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


#: (operation, kind) -> strategy: built once, drawn from as every role.
STRATEGIES: dict[tuple[str, str], st.SearchStrategy[Any]] = {}


def _strategies(
    operation: Any, definition: dict[str, Any], known: list[dict[str, Any]] | None
) -> list[tuple[str, st.SearchStrategy[Any]]]:
    """The runs for one operation: with existing path parameters (if it has any), valid, broken."""
    kinds = (
        (["known"] if known else []) + ["positive"] + (["negative"] if _can_be_negated(definition) else [])
    )
    runs = []
    for kind in kinds:
        key = (operation.label, kind)
        if key not in STRATEGIES:
            if kind == "known":
                STRATEGIES[key] = st.tuples(st.sampled_from(known), operation.as_strategy()).map(
                    _with_path_parameters
                )
            elif kind == "positive":
                STRATEGIES[key] = operation.as_strategy(GenerationMode.POSITIVE)
            else:
                STRATEGIES[key] = operation.as_strategy(GenerationMode.NEGATIVE).map(_broken_body_as_json)
        runs.append((kind, STRATEGIES[key]))
    return runs


def _with_path_parameters(drawn: tuple[dict[str, Any], Any]) -> Any:
    parameters, case = drawn
    case.path_parameters = {**case.path_parameters, **parameters}
    return case


def _broken_body_as_json(case: Any) -> Any:
    """A broken body that is not an object cannot be encoded as multipart: Schemathesis then sends
    it without a boundary, so without a Content-Type, and any DRF view answers 415 before reading
    it. Sent as JSON (which every view parses) it reaches the validation it is meant to test."""
    if case.media_type == "multipart/form-data" and not isinstance(case.body, dict):
        case.media_type = "application/json"
    return case


@dataclass
class Sender:
    """Sends one case as the role, undoes what it changed, checks the response and notes any
    failure (once per operation, kind of run and kind of failure)."""

    run: RoleRun
    kind: str
    headers: dict[str, str]
    seen: Counter[int]

    def __call__(self, case: Any) -> None:
        with transaction.atomic():
            response = case.call(headers=self.headers)
            transaction.set_rollback(True)
        cache.clear()
        self.run.cases[self.kind] += 1
        self.run.statuses[response.status_code] += 1
        self.seen[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=self.headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                self.run.failures.setdefault((case.operation.label, self.kind, failure.title), str(group))


def _run(strategy: st.SearchStrategy[Any], max_examples: int, send: Callable[[Any], None]) -> None:
    @settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,  # the same cases on every run
        database=None,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: failures are noted, not raised
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(case=strategy)
    def cases(case: Any) -> None:
        send(case)

    cases()


def _can_be_negated(definition: dict[str, Any]) -> bool:
    """Whether a request can break the schema at all: an operation with nothing but string path
    parameters has nothing to negate (Hypothesis would only spend its time rejecting drafts)."""
    if "requestBody" in definition:
        return True
    return any(
        parameter["in"] != "path" or parameter.get("schema", {}).get("type") != "string"
        for parameter in definition.get("parameters", [])
    )


def _report(failures: dict[tuple[str, str, str], str], lines_each: int = 40) -> str:
    parts = []
    for (label, kind, title), text in failures.items():
        lines = text.strip().splitlines()
        shown = "\n".join(lines[:lines_each] + (["    …"] if len(lines) > lines_each else []))
        parts.append(f"--- {label} [{kind}] {title}\n{shown}")
    return "\n\n".join(parts)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.usefixtures("quiet_request_log", "same_connection")
def test_every_operation_conforms_to_the_schema(role: str, fuzz_world: FuzzWorld, api_schema: Any) -> None:
    headers = {"Authorization": f"Token {fuzz_world.tokens[role]}"} if role in fuzz_world.tokens else {}
    run = SUMMARY[role] = RoleRun(role=role)
    started = time.monotonic()

    for result in api_schema.get_all_operations():
        operation = result.ok()
        run.operations += 1
        definition = fuzz_world.raw_schema["paths"][operation.path][operation.method.lower()]
        known = fuzz_world.known.get(operation.path.removeprefix("/api/v1"))
        seen: Counter[int] = Counter()

        for number, (kind, strategy) in enumerate(_strategies(operation, definition, known)):
            if number and set(seen) <= {401, 403}:
                # Authentication and permissions come first: refused valid requests say that
                # whatever else the role sends is refused too.
                run.skipped += 1
                continue
            begun = time.monotonic()
            try:
                _run(strategy, MAX_EXAMPLES[kind], Sender(run, kind, headers, seen))
            except Exception as error:
                if not _cannot_generate(error):
                    raise
            run.timings[(operation.label, kind)] = time.monotonic() - begun

    run.seconds = time.monotonic() - started
    if run.failures:
        pytest.fail(f"{len(run.failures)} problems as {role}:\n\n{_report(run.failures)}", pytrace=False)


def _cannot_generate(error: Exception) -> bool:
    from hypothesis.errors import Unsatisfiable

    return isinstance(error, Unsatisfiable) or type(error).__name__ in {"SkipTest", "Skipped"}


#: The roles whose requests get past authentication and permissions into the views.
NUL_ROLES = ("learner", "trainer", "hr_staff", "admin")


@pytest.mark.django_db
@pytest.mark.parametrize("role", NUL_ROLES)
@pytest.mark.usefixtures("quiet_request_log", "same_connection")
def test_a_nul_character_in_any_text_parameter_is_refused_not_a_server_error(
    role: str, fuzz_world: FuzzWorld, api_schema: Any
) -> None:
    """PostgreSQL refuses a NUL character in a query (Django raises ``ValueError``): every text
    parameter, in the path or the query, gets one, deterministically, and must be answered with a
    documented status. (The fuzzing above sends NULs too, but only now and then.)"""
    headers = {"Authorization": f"Token {fuzz_world.tokens[role]}"}
    run = RoleRun(role=role)
    sender = Sender(run, "nul", headers, Counter())
    for result in api_schema.get_all_operations():
        operation = result.ok()
        definition = fuzz_world.raw_schema["paths"][operation.path][operation.method.lower()]
        known = fuzz_world.known.get(operation.path.removeprefix("/api/v1"), [{}])[0]
        for parameter in definition.get("parameters", []):
            if parameter.get("schema", {}).get("type") != "string":
                continue
            name, location = parameter["name"], parameter["in"]
            path_parameters = {**known, **({name: "fuzz\x00nul"} if location == "path" else {})}
            query = {name: "fuzz\x00nul"} if location == "query" else {}
            sender(operation.Case(path_parameters=path_parameters, query=query))
    NUL_PROBES[role] = run.total
    assert run.total > 0
    if run.failures:
        pytest.fail(f"{len(run.failures)} problems as {role}:\n\n{_report(run.failures)}", pytrace=False)
