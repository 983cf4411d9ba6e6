"""Framework browser at ESCO scale, on PostgreSQL under gunicorn.

Run with ``make bench`` (which starts a throwaway PostgreSQL and Redis), or with DATABASE_URL
pointing to an empty PostgreSQL database you can spare:

1. migrates, loads the demo content, imports ESCO v1.1.1 (timed), and times PostgreSQL COPY of the
   same rows into copies of the same tables (with the same indexes) for comparison;
2. serves the platform with gunicorn (DEBUG off, as in production) and measures p50/p95 of the
   framework page, a search, the competence list API and a role page, each as a ratio to a
   trivial endpoint (/healthz/) measured in the same run, requests interleaved.

Results are printed and written to bench/results/framework.json.
"""

from __future__ import annotations

import io
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchlib import PROJECT, PYTHON, free_port, get, percentile, production_env

ESCO = Path(os.environ.get("ESCO_DIR", PROJECT.parent / "shared" / "data" / "esco-v1.1.1"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))
WARMUP = 30


def manage(*args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def copy_seconds(env: dict[str, str]) -> tuple[float, int]:
    """COPY the imported ESCO rows (concepts and relations) into same-shaped tables, with the same
    indexes, inside a transaction that is rolled back."""
    import psycopg2

    connection = psycopg2.connect(env["DATABASE_URL"])
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM competencies_framework WHERE key = 'esco'")
            framework_id = cursor.fetchone()[0]
            concepts, relations = io.StringIO(), io.StringIO()
            cursor.copy_expert(
                f"COPY (SELECT * FROM competencies_competence WHERE framework_id = {framework_id}) TO STDOUT",
                concepts,
            )
            cursor.copy_expert(
                "COPY (SELECT a.* FROM competencies_association a JOIN competencies_competence c ON c.id = a.source_id "
                f"WHERE c.framework_id = {framework_id}) TO STDOUT",
                relations,
            )
            rows = concepts.getvalue().count("\n") + relations.getvalue().count("\n")
            cursor.execute("CREATE TEMP TABLE bench_competence (LIKE competencies_competence INCLUDING ALL)")
            cursor.execute(
                "CREATE TEMP TABLE bench_association (LIKE competencies_association INCLUDING ALL)"
            )
            cursor.execute("CREATE INDEX ON bench_competence USING gin (search_text gin_trgm_ops)")
            concepts.seek(0)
            relations.seek(0)
            started = time.perf_counter()
            cursor.copy_expert("COPY bench_competence FROM STDIN", concepts)
            cursor.copy_expert("COPY bench_association FROM STDIN", relations)
            elapsed = time.perf_counter() - started
        connection.rollback()
    finally:
        connection.close()
    return elapsed, rows


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to PostgreSQL (run `make bench`).")
    if not (ESCO / "skills_en.csv").exists():
        sys.exit(f"ESCO v1.1.1 is not at {ESCO} (set ESCO_DIR).")
    static_root = tempfile.mkdtemp(prefix="s4c-bench-static-")
    env = production_env(STATIC_ROOT=static_root, LOG_LEVEL="WARNING")
    manage("migrate", "--noinput", env=env)
    manage("collectstatic", "--noinput", env=env)
    manage("load_demo", env=env)
    import_seconds = manage("import_esco", str(ESCO), "--no-progress", env=env)
    rerun_seconds = manage("import_esco", str(ESCO), "--no-progress", env=env)
    copy_time, copied_rows = copy_seconds(env)
    print(
        f"ESCO import: {import_seconds:.1f} s (re-run, no change: {rerun_seconds:.1f} s); "
        f"PostgreSQL COPY of the same {copied_rows} rows: {copy_time:.1f} s; ratio {import_seconds / copy_time:.1f}"
    )

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(port, "/healthz/")
                break
            except (OSError, RuntimeError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        endpoints = {
            "trivial (/healthz/)": "/healthz/",
            "framework page (ESCO)": "/en/frameworks/esco-1-1-1/",
            "search (ESCO, 'data')": "/en/frameworks/esco-1-1-1/?q=data",
            "competence list API (ESCO)": "/api/v1/competences/?framework=esco-1-1-1",
            "role page": "/en/roles/smart-city-project-manager/",
        }
        timings: dict[str, list[float]] = {name: [] for name in endpoints}
        for _ in range(WARMUP):
            for path in endpoints.values():
                get(port, path)
        for _ in range(ROUNDS):
            for name, path in endpoints.items():
                timings[name].append(get(port, path)[0])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    base = statistics.median(timings["trivial (/healthz/)"])
    results: dict[str, Any] = {
        "rounds": ROUNDS,
        "esco_import_seconds": round(import_seconds, 2),
        "esco_rerun_seconds": round(rerun_seconds, 2),
        "postgresql_copy_seconds": round(copy_time, 2),
        "copied_rows": copied_rows,
        "endpoints": {},
    }
    print(f"\n{'endpoint':<30} {'p50 ms':>8} {'p95 ms':>8} {'p50 ratio':>10} {'p95 ratio':>10}")
    base95 = percentile(timings["trivial (/healthz/)"], 0.95)
    for name, values in timings.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        results["endpoints"][name] = {
            "path": endpoints[name],
            "p50_ms": round(p50 * 1000, 2),
            "p95_ms": round(p95 * 1000, 2),
            "p50_ratio": round(p50 / base, 2),
            "p95_ratio": round(p95 / base95, 2),
        }
        print(f"{name:<30} {p50 * 1000:8.2f} {p95 * 1000:8.2f} {p50 / base:10.2f} {p95 / base95:10.2f}")
    out = PROJECT / "bench" / "results" / "framework.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
