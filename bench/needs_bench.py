"""HR's competence needs view with 1,000 consenting staff, on PostgreSQL under gunicorn.

Run with ``make bench`` (which starts a throwaway PostgreSQL and Redis), or with DATABASE_URL
pointing to an empty PostgreSQL database you can spare:

1. migrates, loads the demo content, and tops the demo city administration (demo-city-sofia) up to
   ``BENCH_STAFF`` (1,000) staff members who share their passport with HR, spread over the five job
   roles of the demo framework and over the organisation's five departments, plus 10 % more who
   do not consent (HR never sees them). The data is written with bulk_create from a fixed seed
   (timed, not part of the measure): self-assessments on most of each person's target role's
   requirements (and, for a quarter of them, on part of another role's), a finished exam of the
   target role with per-competence scores for about 40 % of them (some sat it twice), and a
   certificate for a quarter of those who passed;
2. serves the platform with gunicorn (DEBUG off, as in production) twice: as configured (the
   needs view's result stays in the shared cache until the evidence changes, so after the
   warm-up the requests are mostly cache hits), then with PASSPORT_NEEDS_CACHE_SECONDS=0, which
   computes the view on every request, as happens the first time after any change to the
   evidence. Each time, as the HR user hr@example.org (API token for the API, session cookie for
   the page), it checks that the needs API lists every consenting member, then measures p50/p95
   of the needs API (all roles, and one role) and of the needs page, each as a ratio to a
   trivial endpoint (/healthz/) measured in the same run: ``BENCH_ROUNDS`` (200) sequential
   rounds, requests interleaved, after a warm-up; fewer (not under 40) when they would not fit in
   the ``BENCH_BUDGET_SECONDS`` (150) of measure, which keeps the whole bench within about five
   minutes on two cores. The aim for the needs view is a p95 ratio under 5.

Results are printed and written to bench/results/needs.json.
"""

from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchlib import PROJECT, PYTHON, free_port, get, percentile, production_env, run_manage

STAFF = int(os.environ.get("BENCH_STAFF", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
#: Fewer rounds (not under MIN_ROUNDS) when ROUNDS would not fit in this many seconds of measure.
BUDGET = float(os.environ.get("BENCH_BUDGET_SECONDS", "150"))
MIN_ROUNDS = 40
WARMUP = 5
SEED = 20_261_121
CITY = "demo-city-sofia"
HR = "hr@example.org"
ROLE = "smart-city-engineer"
TRIVIAL = "trivial (/healthz/)"
#: The platform as configured (the needs view's shared cache on: after the warm-up, repeated
#: requests are mostly cache hits), then computing the view on every request, as it is the first
#: time after any change to the evidence.
MODES: dict[str, dict[str, str]] = {
    "as configured": {},
    "computed every time": {"PASSPORT_NEEDS_CACHE_SECONDS": "0"},
}
LAST_MODE = "computed every time"
#: A p95 of the needs view under 5 times the trivial endpoint's.
AIM = 5.0
CENT = Decimal("0.01")

FIRST_NAMES = (
    "Мария", "Иван", "Елена", "Георги", "Десислава", "Николай", "Ana", "Andrei", "Ελένη", "Γιώργος",
    "Lucía", "Javier", "Anna", "Lukas", "Petya", "Stefan", "Radostina", "Kalin", "Ioana", "Mihai",
)  # fmt: skip
LAST_NAMES = (
    "Петрова", "Димитров", "Николова", "Стоянов", "Илиева", "Христов", "Ionescu", "Popescu",
    "Παπαδοπούλου", "Οικονόμου", "García", "Fernández", "Müller", "Schneider", "Kostadinova",
    "Marinov", "Angelova", "Vasilev", "Georgescu", "Todorov",
)  # fmt: skip
LANGUAGES = ("bg", "bg", "bg", "en", "ro", "de", "es", "el")


def generate(total: int, seed: int) -> dict[str, Any]:
    """Inside ``manage.py shell``: top the organisation up to ``total`` consenting staff members,
    give them evidence, and return what the measure needs (ids, HR's token and session)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import Organisation, User
    from certification.models import Certificate, CertificateCompetence, CertificationScheme
    from competencies.models import JobRole, ProficiencyLevel, RoleRequirement
    from curriculum.models import Attempt, CompetenceScore, Test
    from passport.models import Department, SelfAssessment, StaffMember

    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - reproducible bench data, not a secret
    organisation = Organisation.objects.get(slug=CITY)
    departments = list(Department.objects.filter(organisation=organisation).order_by("slug"))
    roles = list(
        JobRole.objects.filter(framework__key="smart-city", framework__version="1.0").order_by("slug")
    )
    requirements: dict[int, list[RoleRequirement]] = {role.pk: [] for role in roles}
    for requirement in (
        RoleRequirement.objects.filter(role__in=roles).select_related("level").order_by("competence__code")
    ):
        requirements[requirement.role_id].append(requirement)
    levels = {(level.scale_id, level.rank): level for level in ProficiencyLevel.objects.all()}
    top_rank = {scale_id: max(r for s, r in levels if s == scale_id) for scale_id, _ in levels}
    exams = {test.role_id: test for test in Test.objects.filter(role__in=roles, kind=Test.Kind.EXAM)}
    schemes = {scheme.role_id: scheme for scheme in CertificationScheme.objects.filter(role__in=roles)}
    missing = total - StaffMember.objects.visible_to_hr(organisation.pk).count()
    made = {"users": 0, "self_assessments": 0, "attempts": 0, "competence_scores": 0, "certificates": 0}
    if missing > 0 and not User.objects.filter(email__startswith="bench-staff-").exists():
        now = timezone.now()
        unusable = make_password(None)
        hidden = missing // 10  # staff who do not share: absent from every HR view
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"bench-staff-{n:04d}@example.org",
                    full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n}",
                    password=unusable,
                    preferred_language=rng.choice(LANGUAGES),
                    organisation=organisation,
                    date_joined=now - timedelta(days=rng.randint(30, 3000)),
                )
                for n in range(missing + hidden)
            )
            learner = Group.objects.get_or_create(name="learner")[0]
            User.groups.through.objects.bulk_create(
                User.groups.through(user_id=user.pk, group_id=learner.pk) for user in users
            )
            members: list[StaffMember] = []
            ratings: list[SelfAssessment] = []
            attempts: list[Attempt] = []
            scores: list[CompetenceScore] = []
            certificates: list[Certificate] = []
            attested: list[CertificateCompetence] = []
            for index, user in enumerate(users):
                role = roles[index % len(roles)]
                consents = index < missing
                members.append(
                    StaffMember(
                        user=user,
                        organisation=organisation,
                        department=rng.choice(departments),
                        target_role=role,
                        consent_given_at=now - timedelta(days=rng.randint(1, 400)) if consents else None,
                    )
                )
                #: How far above (+) or below (-) their target role the person stands, in levels.
                ability = rng.gauss(-0.6, 1.0)
                rated = rng.uniform(0.6, 1.0) if rng.random() < 0.9 else 0.0
                wanted = [(r, rated) for r in requirements[role.pk]]
                if rng.random() < 0.25:
                    other = rng.choice([r for r in roles if r.pk != role.pk])
                    wanted += [(r, 0.4) for r in requirements[other.pk]]
                seen: set[int] = set()
                for requirement, share in wanted:
                    if requirement.competence_id in seen or rng.random() >= share:
                        continue
                    seen.add(requirement.competence_id)
                    scale = requirement.level.scale_id
                    rank = requirement.level.rank + round(rng.gauss(ability + 0.3, 0.9))
                    ratings.append(
                        SelfAssessment(
                            user=user,
                            competence_id=requirement.competence_id,
                            level=levels[(scale, min(max(rank, 1), top_rank[scale]))],
                        )
                    )
                if rng.random() >= 0.4:
                    continue
                exam = exams[role.pk]
                sittings = 2 if rng.random() < 0.15 else 1
                begun = now - timedelta(days=rng.randint(60, 700), minutes=rng.randint(0, 600))
                for number in range(1, sittings + 1):
                    if number > 1:
                        begun += timedelta(days=rng.randint(14, 50))  # sat again a few weeks later
                    finished = begun + timedelta(minutes=rng.randint(12, exam.time_limit_minutes))
                    attempt = Attempt(
                        test=exam,
                        learner=user,
                        number=number,
                        seed=rng.getrandbits(62),
                        started_at=begun,
                        deadline=begun + timedelta(minutes=exam.time_limit_minutes),
                        finished_at=finished,
                        status=Attempt.Status.SUBMITTED,
                    )
                    earned_total = possible_total = 0
                    for requirement in requirements[role.pk]:
                        if rng.random() < 0.12:
                            continue  # the draw did not ask about every competence
                        possible = 2 * rng.randint(1, 3)
                        mastery = min(max(rng.gauss(0.68 + 0.15 * ability + 0.05 * number, 0.22), 0.0), 1.0)
                        earned = round(mastery * possible)
                        earned_total += earned
                        possible_total += possible
                        scores.append(
                            CompetenceScore(
                                attempt=attempt,
                                competence_id=requirement.competence_id,
                                earned=earned,
                                possible=possible,
                                percent=(Decimal(100 * earned) / possible).quantize(CENT),
                            )
                        )
                    attempt.score = (Decimal(100 * earned_total) / possible_total).quantize(CENT)
                    attempt.passed = attempt.score >= exam.pass_mark
                    attempts.append(attempt)
                if attempt.passed and role.pk in schemes and rng.random() < 0.25:
                    valid_from = finished.date()
                    certificate = Certificate(
                        serial=f"S4C-BENCH-{len(certificates) + 1:06d}",
                        holder=user,
                        holder_name=user.full_name,
                        scheme=schemes[role.pk],
                        framework_version="Smart City Competence Framework 1.0",
                        language=user.preferred_language,
                        issued_at=finished,
                        valid_from=valid_from,
                        valid_until=valid_from + timedelta(days=730),
                    )
                    certificates.append(certificate)
                    attested += [
                        CertificateCompetence(
                            certificate=certificate,
                            competence_id=r.competence_id,
                            level=r.level,
                            source=CertificateCompetence.Source.EXAM,
                        )
                        for r in requirements[role.pk]
                    ]
            StaffMember.objects.bulk_create(members)
            SelfAssessment.objects.bulk_create(ratings, batch_size=5000)
            Attempt.objects.bulk_create(attempts, batch_size=2000)
            for score in scores:
                score.attempt_id = score.attempt.pk
            CompetenceScore.objects.bulk_create(scores, batch_size=5000)
            Certificate.objects.bulk_create(certificates)
            for item in attested:
                item.certificate_id = item.certificate.pk
            CertificateCompetence.objects.bulk_create(attested, batch_size=5000)
            # bulk_create sends no signals: one ordinary save tells whatever listens for changes
            # to the evidence (the needs view's cache) that there were some.
            members[-1].save(update_fields=["updated_at"])
        made = {
            "users": len(users),
            "self_assessments": len(ratings),
            "attempts": len(attempts),
            "competence_scores": len(scores),
            "certificates": len(certificates),
        }
    generated = time.perf_counter() - started
    hr = User.objects.get(email=HR)
    client = Client()
    client.force_login(hr)
    visible = StaffMember.objects.visible_to_hr(organisation.pk)
    return {
        "organisation": organisation.pk,
        "token": Token.objects.get_or_create(user=hr)[0].key,
        "session": client.cookies["sessionid"].value,
        "visible": visible.count(),
        "visible_role": visible.filter(target_role__slug=ROLE).count(),
        "created": made,
        "seconds": round(generated, 2),
    }


def check(
    port: int, endpoints: dict[str, tuple[str, dict[str, str]]], setup: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, int]]:
    """The responses are what HR should see: every consenting member, on pages of 50. Returns what
    was found and the size of each response."""
    bodies = {name: get(port, *endpoint)[1] for name, endpoint in endpoints.items()}
    api = json.loads(bodies["needs API"])
    role = json.loads(bodies[f"needs API (?role={ROLE})"])
    page = bodies["needs page"].decode()
    found = {
        "people_count": api["people"]["count"],
        "people_count_role": role["people"]["count"],
        "people_on_first_page": len(api["people"]["results"]),
        "pages": api["people"]["pages"],
        "competence_columns": len(api["competences"]),
        "heat_map_rows_on_page": page.count('<th scope="row">'),
    }
    if found["people_count"] != setup["visible"] or found["people_count_role"] != setup["visible_role"]:
        raise RuntimeError(f"the needs API does not list every consenting member: {found} vs {setup}")
    if any(person["target_role"] != ROLE for person in role["people"]["results"]):
        raise RuntimeError(f"?role={ROLE} lists people aiming at another role")
    if 'id="heat-map"' not in page or found["heat_map_rows_on_page"] != found["people_on_first_page"]:
        raise RuntimeError(f"the needs page does not show the heat map: {found}")
    return found, {name: len(body) for name, body in bodies.items()}


def serve(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn on a free loopback port, as the framework bench runs it, once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=PROJECT,
        env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while True:
        try:
            get(port, "/healthz/", {})
            return server, port
        except (OSError, RuntimeError):
            if time.monotonic() > deadline:
                server.terminate()
                raise
            time.sleep(0.2)


def measure(
    port: int, endpoints: dict[str, tuple[str, dict[str, str]]], budget: float
) -> dict[str, list[float]]:
    """Warm up, then ``ROUNDS`` sequential rounds (fewer if they would not fit in ``budget``
    seconds, but not under ``MIN_ROUNDS``), each requesting every endpoint once."""
    warm = time.perf_counter()
    for _ in range(WARMUP):
        for endpoint in endpoints.values():
            get(port, *endpoint)
    per_round = (time.perf_counter() - warm) / WARMUP
    rounds = min(ROUNDS, max(MIN_ROUNDS, int(budget / per_round)))
    print(
        f"  measuring {rounds} rounds of {len(endpoints)} requests ({per_round:.2f} s a round)…", flush=True
    )
    timings: dict[str, list[float]] = {name: [] for name in endpoints}
    for _ in range(rounds):
        for name, endpoint in endpoints.items():
            timings[name].append(get(port, *endpoint)[0])
    return timings


def summarise(
    timings: dict[str, list[float]], endpoints: dict[str, tuple[str, dict[str, str]]], sizes: dict[str, int]
) -> dict[str, Any]:
    """p50/p95 per endpoint and their ratios to the trivial endpoint's, printed as a table."""
    base, base95 = statistics.median(timings[TRIVIAL]), percentile(timings[TRIVIAL], 0.95)
    rows: dict[str, Any] = {}
    print(f"{'endpoint':<40} {'KB':>6} {'p50 ms':>8} {'p95 ms':>8} {'p50 ratio':>10} {'p95 ratio':>10}  aim")
    for name, values in timings.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        row = rows[name] = {
            "path": endpoints[name][0],
            "bytes": sizes[name],
            "p50_ms": round(p50 * 1000, 2),
            "p95_ms": round(p95 * 1000, 2),
            "p50_ratio": round(p50 / base, 2),
            "p95_ratio": round(p95 / base95, 2),
        }
        verdict = ""
        if name != TRIVIAL:
            row["aim_met"] = p95 / base95 < AIM
            verdict = f"{'met' if row['aim_met'] else 'NOT met'} (p95 ratio < {AIM:g})"
        print(
            f"{name:<40} {sizes[name] / 1024:6.0f} {p50 * 1000:8.2f} {p95 * 1000:8.2f} {p50 / base:10.2f} "
            f"{p95 / base95:10.2f}  {verdict}"
        )
    return rows


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to PostgreSQL (run `make bench`).")
    began = time.perf_counter()
    env = production_env(STATIC_ROOT=tempfile.mkdtemp(prefix="s4c-bench-static-"), LOG_LEVEL="WARNING")
    print("migrating and loading the demo content…", flush=True)
    run_manage("migrate", "--noinput", env=env)
    run_manage("collectstatic", "--noinput", env=env)
    run_manage("load_demo", env=env)
    print(f"{STAFF} consenting staff members with their evidence (bulk_create)…", flush=True)
    code = f"import json, sys\nsys.path.insert(0, 'bench')\nfrom needs_bench import generate\nprint(json.dumps(generate({STAFF}, {SEED})))"
    setup = json.loads(run_manage("shell", "-c", code, env=env).strip().splitlines()[-1])
    print(
        f"  created {setup['created']} in {setup['seconds']} s; {setup['visible']} visible to HR", flush=True
    )
    prepared = time.perf_counter()

    organisation = setup["organisation"]
    token = {"Authorization": f"Token {setup['token']}"}
    session = {"Cookie": f"sessionid={setup['session']}"}
    endpoints = {
        TRIVIAL: ("/healthz/", {}),
        "needs API": (f"/api/v1/organisations/{organisation}/needs/", token),
        f"needs API (?role={ROLE})": (f"/api/v1/organisations/{organisation}/needs/?role={ROLE}", token),
        "needs page": (f"/en/organisations/{organisation}/needs/", session),
    }
    results: dict[str, Any] = {
        "rounds_asked": ROUNDS,
        "staff_visible": setup["visible"],
        "staff_visible_role": setup["visible_role"],
        "created": setup["created"],
        "generation_seconds": setup["seconds"],
        "setup_seconds": round(prepared - began, 1),
        "aim_p95_ratio": AIM,
    }
    measuring = time.perf_counter()
    for mode, extra in MODES.items():
        print(f"\n{mode}:", flush=True)
        server, port = serve({**env, **extra})
        try:
            found, sizes = check(port, endpoints, setup)
            print(f"  checked: {found}", flush=True)
            left = BUDGET - (time.perf_counter() - measuring)
            timings = measure(port, endpoints, left if mode == LAST_MODE else left / 2)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        results["checked"] = found
        results[mode] = {
            "environment": extra,
            "rounds": len(timings[TRIVIAL]),
            "endpoints": summarise(timings, endpoints, sizes),
        }
    results["total_seconds"] = round(time.perf_counter() - began, 1)
    out = PROJECT / "bench" / "results" / "needs.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwhole bench: {results['total_seconds']} s; written to {out.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
