"""docker-compose.yml cannot run here (no Docker engine); Debian's docker-compose validates it."""

import os
import subprocess

import yaml

from tests.conftest import PROJECT_DIR


def compose_config(binary, **env):
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"} | env
    return subprocess.run(
        [binary, "-f", "docker-compose.yml", "config", "-q"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=60, env=environment,
    )  # fmt: skip


def test_compose_file_is_valid(docker_compose_binary):
    result = compose_config(docker_compose_binary, DJANGO_SECRET_KEY="a-secret-from-the-operator")
    assert result.returncode == 0, result.stderr


def test_compose_refuses_to_start_without_a_secret_key(docker_compose_binary):
    result = compose_config(docker_compose_binary)
    assert result.returncode != 0
    assert "set DJANGO_SECRET_KEY" in result.stderr


def test_compose_runs_web_and_worker_from_one_image_configured_by_environment():
    compose = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    assert services["web"]["build"] == services["worker"]["build"]
    assert services["web"]["image"] == services["worker"]["image"]
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "celery" in " ".join(services["worker"]["command"])
    # Periodic tasks (accreditation expiry) need exactly one beat, from the same image.
    assert services["beat"]["image"] == services["worker"]["image"]
    assert "beat" in services["beat"]["command"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["REDIS_URL"].startswith("redis://")
