"""Fault drills against the real services that ``bin/with-services`` started (it exports where they
live: ``S4C_PG_DATA``, ``S4C_PG_BIN``, ``S4C_REDIS_PIDFILE``, ``S4C_REDIS_DIR``).

1. A Celery worker killed (SIGKILL) in the middle of a certificate PDF: the message is handed out
   again once its visibility timeout has passed, and exactly one PDF results.
2. Redis restarted, without persistence, while a batch of certificates is being issued: every
   certificate of the batch is issued, each with one PDF, once Redis is back and the periodic sweep
   has run (it queues the half-done batch and the lost PDFs again; a batch delivered twice at once
   still issues each candidate once).
3. PostgreSQL stopped and started again while learners autosave through gunicorn: requests during
   the outage fail at once and cleanly (503, JSON, no traceback), answers saved before stay saved,
   and the same server processes save again once the database is back.

Every drill leaves the services running as it found them, bounds each wait, and skips (or fails
under ``S4C_REQUIRE_SERVICES=1``) when the services were not started by ``bin/with-services``.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, connection, connections, transaction

from accounts.roles import Role
from certification import services
from certification.models import Certificate, CertificateBatch, CertificateEvent, IssuedPdf
from certification.tasks import queue_pending_pdfs
from config.celery import app
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.certification.conftest import sit
from tests.certification.factories import scheme_with_exam
from tests.conftest import PROJECT_DIR, _database_url_for, missing_service, stop_process

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("real_services"),
]

T = TypeVar("T")
PDF_TASK = "certification.tasks.generate_certificate_pdf"


def wait_until(condition: Callable[[], T], timeout: float, what: str, interval: float = 0.1) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@pytest.fixture
def real_services() -> None:
    if connection.vendor != "postgresql":
        missing_service("DATABASE_URL does not point to PostgreSQL (run under bin/with-services)")
    if not django_settings.REDIS_URL:
        missing_service("REDIS_URL is not set (run under bin/with-services)")


@pytest.fixture
def report(request) -> Callable[..., None]:
    """Measurements of a drill, printed (``-s``) and kept in the test report's sections."""

    def write(title: str, **values: Any) -> None:
        line = f"{title}: " + ", ".join(f"{k}={v}" for k, v in values.items())
        print(f"\n[drill] {line}")
        request.node.user_properties.append((title, values))

    return write


# --- Celery workers of the drills ----------------------------------------------------------------


@dataclass
class DrillWorker:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    media: Path

    def text(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            stop_process(self.process)


def start_worker(workdir: Path, name: str, queue: str, **extra_env: str) -> DrillWorker:
    """A Celery worker of our own (solo pool, as the session worker) that consumes only ``queue``,
    on the test database; it answers a ping before this returns."""
    log = workdir / f"{name}.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "REDIS_URL": django_settings.REDIS_URL,
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private_media"),
        **extra_env,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
        "--without-gossip", "--without-mingle", f"--queues={queue}", f"--hostname={name}@%h",
        f"--logfile={log}",
    ]  # fmt: skip
    with open(workdir / f"{name}.out", "ab") as out:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    worker = DrillWorker(name, process, log, workdir / "private_media")
    destination = [f"{name}@{os.uname().nodename}"]

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"worker {name} exited at start-up:\n{worker.text()}")
        return bool(app.control.ping(timeout=0.5, destination=destination))

    try:
        wait_until(answers, 60, f"worker {name} to answer a ping")
    except BaseException:
        worker.stop()
        raise
    return worker


@pytest.fixture
def drill_workers() -> Iterator[list[DrillWorker]]:
    """Workers started by a drill are stopped at its end, whatever happened."""
    started: list[DrillWorker] = []
    yield started
    for worker in started:
        worker.stop()


@pytest.fixture
def pdf_queue() -> Iterator[str]:
    """PDF tasks queued by this process go to a queue of the drill's own, so the session worker
    (which consumes the default queue) never takes them."""
    queue = f"drill-pdf-{secrets.token_hex(4)}"
    previous = app.conf.task_routes
    app.conf.update(task_routes={PDF_TASK: {"queue": queue}})
    yield queue
    app.conf.update(task_routes=previous)
    redis_client().delete(queue, f"_kombu.binding.{queue}")


def redis_client() -> Any:
    import redis

    return redis.Redis.from_url(django_settings.REDIS_URL, socket_timeout=5, socket_connect_timeout=5)


def pdf_files(media: Path) -> list[Path]:
    return sorted((media / "certificates").glob("**/*.pdf")) if media.exists() else []


# --- 1. A worker killed in the middle of a PDF ------------------------------------------------------


def row_locked(certificate_id: int) -> bool:
    """True while another transaction holds the certificate row: the PDF task is running (it locks
    the row for the whole rendering)."""
    try:
        with transaction.atomic():
            list(Certificate.objects.select_for_update(nowait=True).filter(pk=certificate_id).values("pk"))
    except DatabaseError:
        return True
    return False


def test_a_worker_killed_mid_pdf_is_replaced_and_one_pdf_results(tmp_path, pdf_queue, drill_workers, report):
    learner = UserFactory(roles=[Role.LEARNER], full_name="Ана Петрова", preferred_language="bg")
    certifier = UserFactory(roles=[Role.CERTIFIER])
    scheme, test, _ = scheme_with_exam(areas=4, per_area=3, min_score=60)
    sit(test, learner, right={f"SC-{a}.{c}" for a in "ABCD" for c in (1, 2, 3)})

    first = start_worker(tmp_path, f"drill-first-{secrets.token_hex(3)}", pdf_queue)
    drill_workers.append(first)
    started = time.monotonic()
    certificate = services.certificate_issue(scheme=scheme, holder=learner, actor=certifier)
    wait_until(lambda: row_locked(certificate.pk), 30, "the PDF task to lock its certificate", 0.02)
    running_after = time.monotonic() - started
    received = re.findall(rf"Task {PDF_TASK}\[([0-9a-f-]+)\] received", first.text())
    assert len(received) == 1, first.text()
    task_id = received[0]

    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=10)
    killed_at = time.monotonic()
    assert f"Task {PDF_TASK}[{task_id}] succeeded" not in first.text()
    wait_until(lambda: not row_locked(certificate.pk), 10, "the killed worker's transaction to end")
    certificate.refresh_from_db()
    assert certificate.pdf_status == Certificate.Pdf.PENDING and not certificate.pdf
    assert not IssuedPdf.objects.filter(certificate=certificate).exists()
    # Unacknowledged, the message waits in Redis for its visibility timeout.
    client = redis_client()
    unacked = [tag for tag, raw in client.hgetall("unacked").items() if task_id.encode() in raw]
    assert len(unacked) == 1
    delivered_at = client.zscore("unacked_index", unacked[0])

    # A replacement worker with a short visibility timeout hands the message out again when it
    # starts: kombu sweeps unacknowledged messages at start-up, then every 100 s (10 s interval,
    # one scan in 10), so it starts once the timeout has passed.
    visibility = 5
    wait_until(
        lambda: time.time() > delivered_at + visibility + 0.5, visibility + 2, "the visibility timeout"
    )
    second = start_worker(
        tmp_path, f"drill-second-{secrets.token_hex(3)}", pdf_queue, CELERY_VISIBILITY_TIMEOUT=str(visibility)
    )
    drill_workers.append(second)

    def ready() -> bool:
        certificate.refresh_from_db()
        return certificate.pdf_status != Certificate.Pdf.PENDING

    wait_until(ready, 60, "the PDF after redelivery", 0.2)
    recovered_after = time.monotonic() - killed_at
    assert certificate.pdf_status == Certificate.Pdf.READY, certificate.pdf_error
    assert f"Task {PDF_TASK}[{task_id}] succeeded" in second.text(), second.text()

    files = pdf_files(first.media)
    assert len(files) == 1, files
    data = files[0].read_bytes()
    assert data.startswith(b"%PDF")
    assert files[0] == first.media / certificate.pdf.name
    assert certificate.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert certificate.pdf_size == len(data) and certificate.pdf_generated_at is not None
    assert list(IssuedPdf.objects.filter(certificate=certificate).values_list("sha256", flat=True)) == [
        certificate.pdf_sha256
    ]
    events = list(CertificateEvent.objects.filter(certificate=certificate).order_by("at", "pk"))
    assert [e.action for e in events] == [CertificateEvent.Action.ISSUED, CertificateEvent.Action.PDF_READY]
    assert not client.hexists("unacked", unacked[0])
    report(
        "worker killed mid-PDF",
        running_after_s=round(running_after, 2),
        redelivered_and_ready_after_kill_s=round(recovered_after, 1),
        pdf_bytes=len(data),
        pdf_files=len(files),
    )


# --- 2. Redis restarted during a batch issue ----------------------------------------------------------


@dataclass
class RedisServer:
    """The Redis of ``bin/with-services``: stopped through its pidfile, started again on the same
    port with the same options (no persistence: what was queued is gone)."""

    pidfile: Path
    directory: Path
    port: int = field(default_factory=lambda: urlsplit(django_settings.REDIS_URL).port or 6379)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        pid = int(self.pidfile.read_text().strip())
        os.kill(pid, signal.SIGTERM)

        def gone() -> bool:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return not self.answers()
            return False

        wait_until(gone, 15, "Redis to stop", 0.05)

    def start(self) -> None:
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--port", str(self.port), "--bind", "127.0.0.1",
             "--pidfile", str(self.pidfile), "--save", "", "--appendonly", "no",
             "--dir", str(self.directory), "--logfile", str(self.directory / "redis.log")],
            check=True, timeout=15, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self.answers, 15, "Redis to answer again", 0.05)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    pidfile, directory = os.environ.get("S4C_REDIS_PIDFILE"), os.environ.get("S4C_REDIS_DIR")
    if not pidfile or not directory:
        missing_service("S4C_REDIS_PIDFILE / S4C_REDIS_DIR are not set: run under bin/with-services")
    server = RedisServer(Path(pidfile or ""), Path(directory or ""))
    if not server.answers():
        missing_service(f"the Redis of {pidfile} does not answer")
    yield server
    if not server.answers():  # the drill failed half-way: leave Redis as we found it
        server.start()


def test_redis_restarted_during_a_batch_loses_no_certificate(
    redis_server, celery_worker_process, settings, report
):
    """The batch runs in the session worker. The candidates are staff of a city (their
    certificates move the organisation's cached view on, in Redis): issuing during the outage fails,
    the batch task with it, and the batch is left half done; the PDFs already queued are lost with
    Redis. The sweep that Celery beat runs finishes the batch and queues the PDFs again."""
    certifier = UserFactory(roles=[Role.CERTIFIER])
    city = OrganisationFactory()
    scheme, test, _ = scheme_with_exam(min_score=60)
    learners = [
        UserFactory(roles=[Role.LEARNER], organisation=city, preferred_language="ro") for _ in range(16)
    ]
    for learner in learners:
        sit(test, learner, right={"SC-A.1", "SC-B.1"})
    files_before = set(pdf_files(celery_worker_process.private_media))

    batch = services.batch_start(scheme=scheme, holder_ids=[u.pk for u in learners], actor=certifier)

    def progress() -> int:
        return len(CertificateBatch.objects.get(pk=batch.pk).results)

    wait_until(lambda: progress() >= 1, 30, "the batch to issue its first certificate", 0.01)
    client = redis_client()
    messages = client.llen("celery") + client.hlen("unacked")
    stopping = time.monotonic()
    redis_server.stop()
    done_at_stop = progress()
    assert done_at_stop < len(learners)  # Redis went down in the middle of the batch
    time.sleep(2)  # two seconds without Redis
    redis_server.start()
    back = time.monotonic()
    time.sleep(3)  # what the batch does on its own once Redis is back
    batch.refresh_from_db()
    on_its_own = f"{batch.status} {len(batch.results)}/{len(learners)}"

    # Celery beat's sweep, here every 10 s and at once (not every 5 minutes, after 120 s).
    settings.CERTIFICATE_PDF_SWEEP_AFTER_SECONDS = 0
    sweeps: list[int] = []
    last_sweep = [0.0]

    def all_issued_with_pdf() -> bool:
        batch.refresh_from_db()
        ready = Certificate.objects.filter(scheme=scheme, pdf_status=Certificate.Pdf.READY).count()
        if batch.status == CertificateBatch.Status.FINISHED and ready == len(learners):
            return True
        if time.monotonic() - last_sweep[0] > 10:
            sweeps.append(queue_pending_pdfs())
            last_sweep[0] = time.monotonic()
        return False

    try:
        wait_until(all_issued_with_pdf, 90, "every certificate of the batch with its PDF", 0.5)
    except AssertionError as error:
        pdfs = Certificate.objects.filter(scheme=scheme).values_list("pdf_status", flat=True)
        raise AssertionError(
            f"{error}: batch {batch.status}, {len(batch.results)} of {len(learners)} done, PDFs {sorted(pdfs)}, "
            f"sweeps {sweeps}; worker log:\n{celery_worker_process.log.read_text()[-20000:]}"
        ) from None
    recovered = time.monotonic() - back

    assert (batch.issued, batch.refused, len(batch.results)) == (len(learners), 0, len(learners))
    certificates = list(Certificate.objects.filter(scheme=scheme))
    assert sorted(c.holder_id for c in certificates) == sorted(u.pk for u in learners)
    assert sorted(row["serial"] for row in batch.results) == sorted(c.serial for c in certificates)
    for certificate in certificates:
        assert certificate.pdf_status == Certificate.Pdf.READY
        assert IssuedPdf.objects.filter(certificate=certificate).count() == 1
        actions = sorted(
            CertificateEvent.objects.filter(certificate=certificate).values_list("action", flat=True)
        )
        assert actions == sorted([CertificateEvent.Action.ISSUED, CertificateEvent.Action.PDF_READY])
        assert (celery_worker_process.private_media / certificate.pdf.name).exists()
    new_files = set(pdf_files(celery_worker_process.private_media)) - files_before
    assert len(new_files) == len(learners)
    # The sweep may have queued a PDF twice: let the session worker finish before the next test.
    wait_until(
        lambda: client.llen("celery") == 0 and client.hlen("unacked") == 0,
        60,
        "the session worker to be idle",
    )
    report(
        "Redis restarted during a batch",
        candidates=len(learners),
        issued_when_redis_stopped=done_at_stop,
        messages_lost=messages,
        outage_s=round(back - stopping, 1),
        batch_3s_after_redis_back=on_its_own,
        sweeps=sweeps,
        all_issued_with_pdf_after_redis_back_s=round(recovered, 1),
    )


def test_a_batch_delivered_twice_at_once_issues_each_candidate_once(pdf_queue):
    """The sweep queues again a batch that stopped half-way, maybe while a slow run of it still
    goes on: two runs at once issue and count each candidate once. (Their PDFs go to a queue
    that nobody consumes.)"""
    certifier = UserFactory(roles=[Role.CERTIFIER])
    scheme, test, _ = scheme_with_exam(min_score=60)
    learners = [UserFactory(roles=[Role.LEARNER]) for _ in range(8)]
    for learner in learners[:-1]:
        sit(test, learner, right={"SC-A.1", "SC-B.1"})
    batch = CertificateBatch.objects.create(
        scheme=scheme, created_by=certifier, holder_ids=[u.pk for u in learners]
    )
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            services.batch_run(batch.pk)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    batch.refresh_from_db()
    assert (batch.status, batch.issued, batch.refused) == (CertificateBatch.Status.FINISHED, 7, 1)
    assert sorted(row["holder"] for row in batch.results) == sorted(u.pk for u in learners)
    assert Certificate.objects.filter(scheme=scheme).count() == 7


# --- 3. PostgreSQL restarted while learners autosave -------------------------------------------------


@dataclass
class PostgresServer:
    """The cluster of ``bin/with-services``, driven with its own ``pg_ctl`` (as the postgres user
    when we are root)."""

    data: Path
    bin: Path
    output: Path

    def pg_ctl(self, *args: str, check: bool = True) -> int:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        with open(self.output, "ab") as out:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=60,
                check=False,
            )
        if check and done.returncode != 0:
            raise AssertionError(f"pg_ctl {' '.join(args)} failed:\n{self.output.read_text()[-3000:]}")
        return done.returncode

    def running(self) -> bool:
        return self.pg_ctl("status", check=False) == 0

    def options(self) -> str:
        """The server's command line options, as it was started (without its data directory)."""
        argv = shlex.split((self.data / "postmaster.opts").read_text())[1:]
        if "-D" in argv:
            index = argv.index("-D")
            del argv[index : index + 2]
        return shlex.join(argv)

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast", "-w", "-t", "30")

    def start(self, options: str) -> None:
        self.pg_ctl("start", "-w", "-t", "30", "-l", str(self.data / "server.log"), "-o", options)


@pytest.fixture
def postgres_server(tmp_path) -> Iterator[PostgresServer]:
    data, bindir = os.environ.get("S4C_PG_DATA"), os.environ.get("S4C_PG_BIN")
    if not data or not bindir:
        missing_service("S4C_PG_DATA / S4C_PG_BIN are not set: run under bin/with-services")
    server = PostgresServer(Path(data or ""), Path(bindir or ""), tmp_path / "pg_ctl.out")
    if not server.running():
        missing_service(f"the PostgreSQL cluster in {data} is not running")
    options = server.options()
    try:
        yield server
    finally:
        if not server.running():  # the drill failed half-way: leave PostgreSQL as we found it
            server.start(options)
        connections.close_all()  # this process's connections died with the old server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class WebServer:
    port: int
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture
def web_server(tmp_path) -> Iterator[WebServer]:
    """The platform under gunicorn as deployed (DEBUG off, 3 sync workers) on the test database."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "0",
        # The sessions this process writes must be readable by the server.
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "REDIS_URL": django_settings.REDIS_URL,
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private_media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "3", "--timeout", "30", "--graceful-timeout", "5", "--log-level", "info",
        "--error-logfile", str(log),
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    server = WebServer(port, process, log)
    try:

        def up() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"gunicorn exited at start-up:\n{log.read_text()}")
            return request(server, "GET", "/healthz/").status == 200

        wait_until(up, 60, "gunicorn to answer", 0.2)
        yield server
    finally:
        stop_process(process)


@dataclass
class Reply:
    started: float
    elapsed: float
    status: int | None
    content_type: str = ""
    retry_after: str | None = None
    body: bytes = b""
    error: str = ""
    question: int = 0
    choice: int = 0

    @property
    def ended(self) -> float:
        return self.started + self.elapsed


def request(
    server: WebServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return Reply(
            started,
            time.monotonic() - started,
            response.status,
            response.getheader("Content-Type", ""),
            response.getheader("Retry-After"),
            data,
        )
    except OSError as error:
        return Reply(started, time.monotonic() - started, None, error=repr(error))
    finally:
        conn.close()


@dataclass
class Learner:
    """A learner with an attempt in progress, autosaving like the test page: by API token, or
    (like the page itself) with the session cookie and the CSRF token."""

    attempt: int
    questions: list[int]
    choices: dict[int, list[int]]
    headers: dict[str, str]
    replies: list[Reply] = field(default_factory=list)

    def save(self, server: WebServer, question: int, choice: int) -> Reply:
        reply = request(
            server,
            "PUT",
            f"/api/v1/attempts/{self.attempt}/answers/{question}/",
            json.dumps({"response": {"choice": choice}}).encode(),
            {**self.headers, "Content-Type": "application/json", "Accept": "application/json"},
        )
        reply.question, reply.choice = question, choice
        self.replies.append(reply)
        return reply


def learners_with_attempts(count: int) -> list[Learner]:
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from curriculum import attempts
    from tests.competencies.factories import CompetenceFactory, FrameworkFactory
    from tests.curriculum.factories import exam_with_bank

    framework = FrameworkFactory()
    exam = exam_with_bank([CompetenceFactory(framework=framework) for _ in range(3)], per_competence=4)
    learners = []
    for n in range(count):
        user = UserFactory(roles=[Role.LEARNER])
        attempt = attempts.attempt_start(test=exam, learner=user)
        items = list(attempt.items.select_related("question").order_by("position"))
        questions = [item.question_id for item in items]
        choices = {
            item.question_id: list(item.question.choices.values_list("pk", flat=True)) for item in items
        }
        if n % 2:
            headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
        else:
            browser = Client()
            browser.force_login(user)
            session = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
            csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret, as the cookie holds
            headers = {
                "Cookie": f"{django_settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
            }
        learners.append(Learner(attempt.pk, questions, choices, headers))
    return learners


#: What an error response must never show: a traceback, the driver, the database's address.
LEAKS = (b"Traceback", b"psycopg", b"OperationalError", b"InterfaceError", b'File "/', b"127.0.0.1:")


def test_postgres_restarted_while_learners_autosave(postgres_server, web_server, report):
    from curriculum.models import AttemptQuestion

    learners = learners_with_attempts(6)
    half = len(learners[0].questions) // 2
    first_half_done = [threading.Event() for _ in learners]
    stop = threading.Event()

    def learner_at_work(index: int) -> None:
        learner = learners[index]
        # Before the outage: half of the questions answered, once each.
        for question in learner.questions[:half]:
            learner.save(web_server, question, learner.choices[question][0])
        first_half_done[index].set()
        # Then on through the other half, changing answers, through the outage and after it.
        later, n = learner.questions[half:], 0
        while not stop.is_set():
            question = later[n % len(later)]
            learner.save(web_server, question, learner.choices[question][(n // len(later)) % 2])
            n += 1
            stop.wait(0.1)

    threads = [threading.Thread(target=learner_at_work, args=(i,), daemon=True) for i in range(len(learners))]
    for thread in threads:
        thread.start()
    pages: list[Reply] = []
    try:
        wait_until(lambda: all(e.is_set() for e in first_half_done), 30, "the answers before the outage")
        before = [(learner, reply) for learner in learners for reply in learner.replies[:half]]
        assert all(reply.status == 200 for _, reply in before)
        saved_before = {(learner.attempt, reply.question): reply.choice for learner, reply in before}
        options = postgres_server.options()
        connections.close_all()
        stopping = time.monotonic()
        postgres_server.stop()
        down = time.monotonic()
        pages = [request(web_server, "GET", path) for path in ("/en/frameworks/", "/healthz/")]
        wait_until(lambda: time.monotonic() > down + 3, 4, "3 s of outage")
        starting = time.monotonic()
        postgres_server.start(options)
        up = time.monotonic()

        def saving_again() -> bool:
            for learner in learners:
                last = {r.question: r for r in list(learner.replies)[half:]}
                if len(last) < len(learner.questions) - half:
                    return False
                if not all(r.started > up and r.status == 200 for r in last.values()):
                    return False
            return True

        wait_until(saving_again, 30, "every learner to save again", 0.2)
        back_after = min(
            r.ended for learner in learners for r in learner.replies if r.started > up and r.status == 200
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=20)

    replies = [reply for learner in learners for reply in learner.replies]
    failed = [r for r in replies if r.status != 200]
    during = [r for r in replies if r.started >= down and r.ended <= starting]
    assert [r.error for r in replies if r.status is None] == []  # the server never dropped a request
    assert max(r.elapsed for r in replies) < 10  # nor made anybody wait
    assert during and all(r.status == 503 for r in during)  # every request during the outage: 503
    for reply in failed:  # including those on the edges of the outage
        assert reply.status == 503, (reply.status, reply.body[:500])
        assert reply.content_type.startswith("application/json") and reply.retry_after
        assert json.loads(reply.body)["detail"]
        assert not any(leak in reply.body for leak in LEAKS), reply.body
    for page in pages:  # pages get the platform's error page, without any detail
        assert page.status == 500 and page.content_type.startswith("text/html"), (
            page.status,
            page.body[:300],
        )
        assert b"Something went wrong" in page.body
        assert not any(leak in page.body for leak in LEAKS)

    # The same gunicorn processes serve again: nothing was restarted.
    assert web_server.process.poll() is None
    assert web_server.log.read_text().count("Booting worker") == 3
    assert request(web_server, "GET", "/healthz/").status == 200
    saved = {
        (item.attempt_id, item.question_id): item.response
        for item in AttemptQuestion.objects.filter(attempt_id__in=[learner.attempt for learner in learners])
    }
    for (attempt, question), choice in saved_before.items():  # saved before: still saved
        assert saved[(attempt, question)] == {"choice": choice}
    for learner in learners:  # after: each question holds the last answer sent (every one was saved)
        last = {
            reply.question: reply for reply in learner.replies if reply.question in learner.questions[half:]
        }
        for question, reply in last.items():
            assert reply.status == 200 and saved[(learner.attempt, question)] == {"choice": reply.choice}
    report(
        "PostgreSQL restarted during autosave",
        learners=len(learners),
        requests=len(replies),
        failed_503=len(failed),
        during_outage=len(during),
        stop_s=round(down - stopping, 2),
        outage_s=round(starting - down, 1),
        start_s=round(up - starting, 2),
        first_save_after_start_s=round(back_after - up, 2),
        slowest_503_s=round(max(r.elapsed for r in failed), 2),
        slowest_reply_s=round(max(r.elapsed for r in replies), 2),
    )
