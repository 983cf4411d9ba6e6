"""The one settings module, driven by the environment. Each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys

from tests.conftest import PROJECT_DIR

PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], 'debug': s.DEBUG, "
    "'media': str(s.MEDIA_ROOT)}))"
)
SECRET = "x" * 20 + "-production-secret-key-with-enough-entropy-9f8e7d6c5b4a"


def run(args, **env):
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_nothing_set_means_embedded_sqlite_and_eager_celery():
    result = run(["-c", PRINT_SETTINGS])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "engine": "django.db.backends.sqlite3",
        "eager": True,
        "broker": "memory://",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "debug": True,
        "media": str(PROJECT_DIR / "media"),
    }


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    result = run(
        ["-c", PRINT_SETTINGS], DATABASE_URL="postgres://u:p@db:5432/s4c", REDIS_URL="redis://cache:6379/0"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["eager"], values["broker"]) == (False, "redis://cache:6379/0")
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_debug_off_requires_a_secret_key_and_hosts():
    result = run(["manage.py", "check"], DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
    result = run(["manage.py", "check"], DJANGO_DEBUG="0", DJANGO_SECRET_KEY=SECRET)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_debug_off_with_secret_and_hosts_passes_the_deploy_check_with_no_warnings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        ALLOWED_HOSTS="skills.example.eu",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


HEADERS_UNDER_PRODUCTION_SETTINGS = (
    "import django, json; django.setup(); from django.test import Client; "
    # Collected static files (the manifest) exist only in a deployment: serve them from the finders.
    "from django.conf import settings; settings.STORAGES = {**settings.STORAGES, 'staticfiles': "
    "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}; "
    "c = Client(HTTP_HOST='skills.example.eu'); r = c.get('/en/accounts/login/', secure=True); "
    "plain = c.get('/en/accounts/login/'); k = r.cookies['csrftoken']; "
    "print(json.dumps({'status': r.status_code, 'plain': [plain.status_code, plain.get('Location')], "
    "'headers': {h: r.get(h) for h in ('Strict-Transport-Security', 'Content-Security-Policy', "
    "'X-Frame-Options', 'X-Content-Type-Options', 'Referrer-Policy', 'Cross-Origin-Opener-Policy')}, "
    "'csrf_cookie': {'secure': k['secure'], 'httponly': k['httponly'], 'samesite': k['samesite']}}))"
)


def test_debug_off_sends_secure_headers_and_cookies():
    result = run(
        ["-c", HEADERS_UNDER_PRODUCTION_SETTINGS],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        ALLOWED_HOSTS="skills.example.eu",
        DATABASE_URL="sqlite://:memory:",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["status"] == 200
    # Plain HTTP is sent to HTTPS.
    assert values["plain"] == [301, "https://skills.example.eu/en/accounts/login/"]
    headers = values["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert values["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
