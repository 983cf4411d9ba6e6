"""Shared fixtures.

Unit tests run Celery tasks eagerly, in-process. Tests marked ``integration`` get a real Celery
worker process (started here, stopped here) that takes tasks from Redis and works on the same
PostgreSQL test database. ``make test`` sets ``S4C_REQUIRE_SERVICES=1``: there a missing
PostgreSQL, Redis or Chromium is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright runs an event loop in the test thread; the ORM calls made by the same tests are
# synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PROJECT_DIR = Path(__file__).resolve().parent.parent
#: Third-party reference data beside the project (never copied into it); tests skip when absent.
SHARED_DATA = PROJECT_DIR.parent / "shared" / "data"
CHROMIUM = "/usr/bin/chromium"
REQUIRE_SERVICES = os.environ.get("S4C_REQUIRE_SERVICES") == "1"


def missing_service(reason: str) -> None:
    """Skip, or fail under ``make test`` where every real part must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Django's PBKDF2 costs 0.4 to 0.8 s per password on this machine and the tests create
    hundreds of users: tests hash with MD5, and still verify PBKDF2 hashes that a worker process
    or the production settings wrote. Production settings keep Django's default hashers."""
    from django.test.utils import override_settings

    with override_settings(
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
    ):
        yield


@pytest.fixture(autouse=True)
def _celery_mode(request: pytest.FixtureRequest) -> Iterator[None]:
    from config.celery import app

    eager = request.node.get_closest_marker("integration") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache, as a fresh deployment does."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_to_start_with() -> Iterator[None]:
    """A request leaves its language active in the thread; every test starts from English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def demo_password(monkeypatch: pytest.MonkeyPatch) -> str:
    password = "A-demo-password-for-tests-42"
    monkeypatch.setenv("DEMO_PASSWORD", password)
    return password


# --- Browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture
def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        missing_service(f"Chromium is not installed at {CHROMIUM}")


# --- Celery worker process --------------------------------------------------------------------


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it has not ended within 20 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _database_url_for(settings_dict: dict[str, Any]) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


class WorkerProcess:
    def __init__(self, process: subprocess.Popen[bytes], pidfile: Path, mail_dir: Path, log: Path) -> None:
        self.private_media = mail_dir.parent / "private_media"
        self.process = process
        self.pidfile = pidfile
        self.mail_dir = mail_dir
        self.log = log

    @property
    def pid(self) -> int:
        return self.process.pid

    def sent_mail(self) -> list[str]:
        return [path.read_text() for path in sorted(self.mail_dir.glob("*.log"))]


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    from django.conf import settings
    from django.db import connection

    from config.celery import app

    if not settings.REDIS_URL:
        missing_service("REDIS_URL is not set: integration tests need Redis")
    if connection.vendor != "postgresql":
        missing_service("DATABASE_URL does not point to PostgreSQL: the worker needs a shared database")

    workdir = tmp_path_factory.mktemp("celery-worker")
    mail_dir = workdir / "mail"
    mail_dir.mkdir()
    pidfile = workdir / "worker.pid"
    log = workdir / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(mail_dir),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private_media"),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--pool=solo", "--loglevel=INFO", "--without-gossip", "--without-mingle",
        "--hostname=s4c-test-worker@%h", f"--pidfile={pidfile}", f"--logfile={log}",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(
                    f"the Celery worker exited at start-up:\n{log.read_text() if log.exists() else ''}"
                )
            if app.control.ping(timeout=0.5, destination=[f"s4c-test-worker@{os.uname().nodename}"]):
                break
        else:
            pytest.fail("the Celery worker did not answer a ping within 60 s")
        yield WorkerProcess(process, pidfile, mail_dir, log)
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def docker_compose_binary() -> str:
    binary = shutil.which("docker-compose")
    if binary is None:
        missing_service("docker-compose (Debian package) is not installed")
    assert binary is not None
    return binary
