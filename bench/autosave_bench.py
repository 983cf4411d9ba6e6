"""Learners answering and autosaving, on PostgreSQL under gunicorn, driven by Locust.

Run with ``make bench`` (which starts a throwaway PostgreSQL and Redis), or with DATABASE_URL
pointing to an empty PostgreSQL database you can spare:

1. migrates, loads the demo content and creates ``BENCH_LEARNERS`` (200) learners with API tokens;
2. serves the platform with gunicorn (DEBUG off, BENCH_WORKERS = 4 sync workers) on 127.0.0.1 only;
3. Locust (in this process) starts the learners over 20 s, then measures ``BENCH_SECONDS`` of
   steady state: each learner has started the practice test
   of a role and saves answers one by one, as the test page's autosave does, with a pause of
   3-10 s between saves (about 30 saves a second from 200 learners); a trivial endpoint (/healthz/) is requested alongside, at a steady
   rate, so that autosave is measured as a ratio to it in the same run;
4. prints p50/p95 per request and the number of errors, and writes bench/results/autosave.json.

Nothing leaves the loopback interface; the run stops after BENCH_SECONDS.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import PROJECT, PYTHON, free_port, production_env, run_manage

LEARNERS = int(os.environ.get("BENCH_LEARNERS", "200"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "90"))
TEST_SLUG = "smart-city-technician-practice"
#: gunicorn sync workers: requests wait on PostgreSQL, so more workers than the 2 cores.
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
SPAWN_RATE = 10

SETUP = """
from rest_framework.authtoken.models import Token
from accounts import services
from accounts.models import User
from curriculum.models import Test
tokens = []
for n in range({learners}):
    email = f"bench-learner-{{n}}@example.org"
    user = User.objects.filter(email=email).first() or services.user_create(
        email=email, full_name=f"Bench Learner {{n}}", password=None, roles=("learner",)
    )
    tokens.append(Token.objects.get_or_create(user=user)[0].key)
print(json.dumps({{"tokens": tokens, "test": Test.objects.get(slug="{slug}").pk}}))
"""


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to PostgreSQL (run `make bench`).")
    env = production_env(STATIC_ROOT=tempfile.mkdtemp(prefix="s4c-bench-static-"), LOG_LEVEL="WARNING")
    run_manage("migrate", "--noinput", env=env)
    run_manage("load_demo", env=env)
    setup = json.loads(
        run_manage("shell", "-c", "import json\n" + SETUP.format(learners=LEARNERS, slug=TEST_SLUG), env=env)
        .strip()
        .splitlines()[-1]
    )

    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=PROJECT,
        env=env,
    )  # fmt: skip
    try:
        wait_until_up(port)
        results = run_locust(f"http://127.0.0.1:{port}", setup["tokens"], setup["test"])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(results)


def wait_until_up(port: int) -> None:
    import urllib.request

    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def run_locust(host: str, tokens: list[str], test_id: int) -> dict[str, Any]:
    import gevent
    from locust import HttpUser, between, constant_pacing, task
    from locust.env import Environment

    pool = list(tokens)

    class Learner(HttpUser):
        weight = len(tokens)
        #: A learner answers a question every few seconds (reading, thinking, changing their mind).
        wait_time = between(3.0, 10.0)

        def on_start(self) -> None:
            self.client.headers["Authorization"] = f"Token {pool.pop()}"
            response = self.client.post(f"/api/v1/tests/{test_id}/attempts/", name="start attempt")
            attempt = response.json()
            self.attempt = attempt["id"]
            self.questions = [
                q for q in attempt["questions"] if q["kind"] in ("single", "multiple", "truefalse")
            ]

        @task
        def autosave(self) -> None:
            question = random.choice(self.questions)  # noqa: S311 - load pattern, not a secret
            if question["kind"] == "single":
                answer = {"choice": random.choice(question["options"])["id"]}  # noqa: S311
            elif question["kind"] == "multiple":
                answer = {"choices": [o["id"] for o in question["options"] if random.random() < 0.5]}  # noqa: S311
            else:
                answer = {"value": random.random() < 0.5}  # noqa: S311
            self.client.put(
                f"/api/v1/attempts/{self.attempt}/answers/{question['question']}/",
                json={"response": answer},
                name="autosave",
            )

    class Baseline(HttpUser):
        weight = 1
        fixed_count = 1
        wait_time = constant_pacing(0.1)

        @task
        def healthz(self) -> None:
            self.client.get("/healthz/", name="trivial (/healthz/)")

    environment = Environment(user_classes=[Learner, Baseline], host=host)
    runner = environment.create_local_runner()
    # Learners arrive over 20 s, as a class does; the steady state is measured after they have.
    runner.start(len(tokens) + 1, spawn_rate=SPAWN_RATE)
    gevent.sleep(len(tokens) / SPAWN_RATE + 10)
    ramp = snapshot(environment.stats, ("start attempt",))
    ramp_errors = environment.stats.total.num_failures
    environment.stats.reset_all()
    gevent.sleep(SECONDS)
    runner.quit()
    out: dict[str, Any] = {"learners": len(tokens), "seconds": SECONDS, "workers": WORKERS, "requests": {}}
    out["requests"].update(snapshot(environment.stats, ("trivial (/healthz/)", "autosave")))
    out["requests"].update(ramp)
    out["errors"] = ramp_errors + environment.stats.total.num_failures
    return out


def snapshot(stats: Any, names: tuple[str, ...]) -> dict[str, Any]:
    rows = {}
    for name in names:
        entry = next(e for e in stats.entries.values() if e.name == name)
        rows[name] = {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
        }
    return rows


def report(results: dict[str, Any]) -> None:
    base = results["requests"]["trivial (/healthz/)"]
    print(f"\n{'request':<22} {'count':>7} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p95 ratio':>10}")
    for name, row in results["requests"].items():
        row["p95_ratio"] = round(row["p95_ms"] / base["p95_ms"], 2) if base["p95_ms"] else None
        print(
            f"{name:<22} {row['count']:>7} {row['failures']:>7} {row['p50_ms']:>8.0f} {row['p95_ms']:>8.0f} "
            f"{row['p95_ratio']:>10}"
        )
    print(f"\nerrors: {results['errors']}")
    out = PROJECT / "bench" / "results" / "autosave.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
