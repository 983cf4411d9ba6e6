"""Certificates through real Celery workers: PDFs per second, and what the task adds to WeasyPrint.

Run with ``make bench`` (which starts a throwaway PostgreSQL and Redis), or with DATABASE_URL
and REDIS_URL pointing to a PostgreSQL database and a Redis you can spare:

1. migrates, loads the demo content, and lets ``BENCH_CERTIFICATES`` (200) learners pass the
   Smart Cities Technician exam through the attempt services (not timed);
2. issues the certificates through the issuing service, one after the other, as a certifier's
   batch does (timed: certificates issued per second); each queues its PDF task when its
   transaction commits, and the tasks wait in Redis;
3. starts ``BENCH_WORKER_PROCESSES`` (2) Celery worker processes (solo pool each), which drain the
   queue: PDFs per second is counted from the first PDF written to the last;
4. renders the same certificates' HTML (prepared beforehand, not timed) with WeasyPrint alone, in
   plain Python processes without Django, database or Celery, as many in parallel as there are
   workers (the workers share the same two cores), and compares the median with the task's own
   run time as the workers log it (locking, HTML and QR code, rendering, storing, fingerprint,
   event); the first render of each process (font loading) is left out on both sides' medians;
5. prints the table and writes bench/results/certificates.json.

Nothing leaves the loopback interface.
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
from benchlib import PROJECT, PYTHON, production_env, run_manage

CERTIFICATES = int(os.environ.get("BENCH_CERTIFICATES", "200"))
WORKER_PROCESSES = int(os.environ.get("BENCH_WORKER_PROCESSES", "2"))
SCHEME = "smart-city-technician"
SUCCEEDED = re.compile(r"generate_certificate_pdf\[[^\]]+\] succeeded in ([0-9.]+)s")

PREPARE = """
from accounts import services as accounts
from accounts.models import User
from certification.demo import sit_exam
from certification.models import CertificationScheme
scheme = CertificationScheme.objects.get(slug="{scheme}")
exam = scheme.exams.get().test
for n in range({count}):
    email = f"bench-holder-{{n}}@example.org"
    user = User.objects.filter(email=email).first() or accounts.user_create(
        email=email, full_name=("Мария Петрова", "Ελένη Παπαδοπούλου", "Ana Ionescu")[n % 3] + f" {{n}}",
        password=None, preferred_language=("bg", "el", "ro")[n % 3], roles=("learner",),
    )
    if not exam.attempts.filter(learner=user).exists():
        sit_exam(exam, user, 1.0)
print("prepared")
"""

ISSUE = """
import json, time
from accounts.models import User
from certification import services
from certification.models import Certificate, CertificationScheme
scheme = CertificationScheme.objects.get(slug="{scheme}")
certifier = User.objects.get(email="certifier@example.org")
holders = list(User.objects.filter(email__startswith="bench-holder-").order_by("id"))
started = time.time()
ids = [services.certificate_issue(scheme=scheme, holder=h, actor=certifier).pk for h in holders]
issued = time.time()
print(json.dumps({{"ids": ids, "started": started, "issued": issued}}))
"""

HTML_FILES = """
import json
from pathlib import Path
from certification import pdf
from certification.models import Certificate
folder = Path("{folder}")
sizes = []
for certificate in Certificate.objects.filter(pk__in={ids}).select_related("scheme__role"):
    (folder / f"{{certificate.pk}}.html").write_text(pdf.certificate_html(certificate), encoding="utf-8")
    sizes.append(certificate.pdf_size)
print(json.dumps(sizes))
"""

#: WeasyPrint alone, in a plain Python process: no Django, no database, no Celery.
RENDER_ALONE = """
import json, sys, time
from pathlib import Path
from weasyprint import HTML
times = []
for name in sys.argv[2:]:
    html = Path(name).read_text(encoding="utf-8")
    start = time.perf_counter()
    HTML(string=html, base_url=sys.argv[1]).write_pdf()
    times.append(time.perf_counter() - start)
print(json.dumps(times[1:]))  # the first render loads the fonts, as a worker's first task does
"""

STATUS_SQL = (
    "SELECT count(*) FILTER (WHERE pdf_status = 'pending'), count(*) FILTER (WHERE pdf_status = 'failed'), "
    "extract(epoch FROM min(pdf_generated_at)), extract(epoch FROM max(pdf_generated_at)) "
    "FROM certification_certificate WHERE id = ANY(%s)"
)


def render_alone(files: list[Path], processes: int) -> list[float]:
    """WeasyPrint on the prepared HTML, split over as many processes as there are workers."""
    runs = [
        subprocess.Popen(
            [PYTHON, "-c", RENDER_ALONE, str(PROJECT), *map(str, files[n::processes])],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    return [seconds for run in runs for seconds in json.loads(run.communicate()[0])]


def shell(code: str, env: dict[str, str]) -> str:
    return run_manage("shell", "-c", code, env=env).strip().splitlines()[-1]


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must point to PostgreSQL (run `make bench`).")
    if not os.environ.get("REDIS_URL"):
        sys.exit("REDIS_URL must point to Redis (run `make bench`).")
    media = tempfile.mkdtemp(prefix="s4c-bench-media-")
    env = production_env(PRIVATE_MEDIA_ROOT=media)
    print("migrating and loading the demo content…", flush=True)
    run_manage("migrate", "--noinput", env=env)
    run_manage("load_demo", env=env)
    print(f"{CERTIFICATES} learners pass the exam (not timed)…", flush=True)
    shell(PREPARE.format(scheme=SCHEME, count=CERTIFICATES), env)

    print(f"issuing {CERTIFICATES} certificates (no worker running yet)…", flush=True)
    issued = json.loads(shell(ISSUE.format(scheme=SCHEME), env))
    ids = issued["ids"]
    logdir = Path(tempfile.mkdtemp(prefix="s4c-bench-workers-"))
    workers = []
    print(f"{WORKER_PROCESSES} worker processes write the PDFs…", flush=True)
    for n in range(WORKER_PROCESSES):
        command = [
            PYTHON, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
            "--without-gossip", "--without-mingle", f"--hostname=bench-{n}@%h",
            f"--logfile={logdir / f'worker-{n}.log'}",
        ]  # fmt: skip
        workers.append(subprocess.Popen(command, cwd=PROJECT, env=env))
    try:
        deadline = time.time() + 1800
        while True:
            with psycopg2.connect(os.environ["DATABASE_URL"]) as db, db.cursor() as cursor:
                cursor.execute(STATUS_SQL, (ids,))
                pending, failed, first, last = cursor.fetchone()
            db.close()
            if int(pending) == 0 or time.time() > deadline:
                break
            time.sleep(2)
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        for process in workers:
            process.wait(timeout=60)
    phases = re.compile(r"HTML (\d+) ms, WeasyPrint (\d+) ms, storing (\d+) ms")
    split = [
        tuple(map(int, m.groups()))
        for log in logdir.glob("worker-*.log")
        for m in phases.finditer(log.read_text())
    ]
    if split:
        print(
            "task phases, median ms (HTML, WeasyPrint, storing):",
            *(statistics.median(p[i] for p in split) for i in range(3)),
        )
    task_times = [
        float(match.group(1))
        for log in logdir.glob("worker-*.log")
        for match in SUCCEEDED.finditer(log.read_text())
    ]
    folder = Path(tempfile.mkdtemp(prefix="s4c-bench-html-"))
    sizes = json.loads(shell(HTML_FILES.format(folder=folder, ids=ids), env))
    files = sorted(folder.glob("*.html"))
    alone_parallel = render_alone(files, WORKER_PROCESSES)
    alone_single = render_alone(files[:40], 1)
    elapsed = float(last) - float(first)
    results = {
        "certificates": len(ids),
        "worker_processes": WORKER_PROCESSES,
        "pending": int(pending),
        "failed": int(failed),
        "issuing_seconds": round(issued["issued"] - issued["started"], 2),
        "certificates_issued_per_second": round(len(ids) / (issued["issued"] - issued["started"]), 2),
        "seconds_first_to_last_pdf": round(elapsed, 2),
        "pdfs_per_second": round((len(ids) - 1) / elapsed, 2),
        "task_seconds_median": round(statistics.median(task_times), 4),
        "task_seconds_p95": round(statistics.quantiles(task_times, n=20)[18], 4),
        "weasyprint_alone_seconds_median": round(statistics.median(alone_parallel), 4),
        "weasyprint_alone_one_process_seconds_median": round(statistics.median(alone_single), 4),
        "ratio_task_to_weasyprint_median": round(
            statistics.median(task_times) / statistics.median(alone_parallel), 3
        ),
        "pdf_bytes_median": int(statistics.median(sizes)),
        "pdf_bytes_max": max(sizes),
    }
    print(json.dumps(results, indent=2))
    print()
    print("| measure | value |")
    print("| --- | ---: |")
    print(f"| certificates (PDFs written by {WORKER_PROCESSES} worker processes) | {len(ids)} |")
    print(
        f"| certificates issued per second (issuing service, one process) | {results['certificates_issued_per_second']} |"
    )
    print(f"| PDFs per second, first PDF to last | {results['pdfs_per_second']} |")
    print(f"| PDF task, median s | {results['task_seconds_median']} |")
    print(
        f"| WeasyPrint alone on the same HTML, {WORKER_PROCESSES} processes in parallel, median s "
        f"| {results['weasyprint_alone_seconds_median']} |"
    )
    print(
        f"| WeasyPrint alone, one process, median s | {results['weasyprint_alone_one_process_seconds_median']} |"
    )
    print(f"| ratio task / WeasyPrint alone (aim < 1.3) | {results['ratio_task_to_weasyprint_median']} |")
    print(
        f"| PDF size, median / max | {results['pdf_bytes_median'] / 1024:.1f} KB / {results['pdf_bytes_max'] / 1024:.1f} KB |"
    )
    out = PROJECT / "bench" / "results" / "certificates.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {out.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
