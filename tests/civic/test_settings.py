"""civic/settings.py: read from the environment, fails loudly, and its values take effect.

Start-up behaviour is tested in subprocesses, each with a clean copy of the environment
(none of the variables the settings read, so CI's DATABASE_URL/REDIS_URL do not leak in).
The cheaper checks execute settings.py in-process with ``runpy`` under a patched
environment, which leaves ``django.conf.settings`` of this test run untouched.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_SOURCE = (ROOT / "civic" / "settings.py").read_text()
# Every variable settings.py reads: env("X"...), env_bool("X"...), env.db_url("X"...) ...
SETTINGS_VARIABLES = sorted(
    set(re.findall(r"\benv(?:_\w+|\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", SETTINGS_SOURCE))
)
PRODUCTION_KEY = secrets.token_urlsafe(64)


def clean_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """This process's environment without any civic setting, plus ``overrides``."""
    # DJANGO_*: also what other tests set for themselves (the e2e tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses).
    environ = {
        name: value
        for name, value in os.environ.items()
        if name not in SETTINGS_VARIABLES and not name.startswith(("DJANGO_", "PYTEST_"))
    }
    environ["DJANGO_SETTINGS_MODULE"] = "civic.settings"
    # Never the repository's db.sqlite3: nothing here should need a database, but if a
    # check does touch one it is a throw-away file.
    environ["DATABASE_URL"] = f"sqlite:///{tmp_path / 'settings-test.sqlite3'}"
    environ.update(overrides)
    return environ


def run_python(tmp_path: Path, code: str, **overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_manage(tmp_path: Path, *args: str, **overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_settings(monkeypatch, **overrides: str) -> dict:
    """Execute civic/settings.py under a clean environment plus ``overrides``."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in overrides.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "civic" / "settings.py"))


PRODUCTION = {"DJANGO_ENV": "production", "SECRET_KEY": PRODUCTION_KEY}


# --- Malformed values stop start-up ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "nonsense"),
        ("CELERY_TASK_TIME_LIMIT", "ten"),
        ("DJANGO_ENV", "staging"),
    ],
)
def test_a_malformed_variable_stops_start_up_naming_it(tmp_path, name, value):
    result = run_python(tmp_path, "import django; django.setup()", **{name: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} is malformed" in result.stderr
    assert repr(value) in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REDIS_URL", "not a url"),
        ("EMAIL_URL", "pigeon://loft"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("API_THROTTLE_ANON", "lots"),
        ("LOG_LEVEL", "chatty"),
        ("SECURE_HSTS_SECONDS", "a year"),
        ("ACCOUNT_EMAIL_VERIFICATION", "sometimes"),
    ],
)
def test_each_typed_variable_rejects_a_malformed_value(monkeypatch, name, value):
    overrides = {name: value}
    if name.startswith("SECURE_"):
        overrides.update(PRODUCTION)  # read only by the production profile

    with pytest.raises(ImproperlyConfigured, match=rf"^{name} is malformed"):
        load_settings(monkeypatch, **overrides)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_python(
        tmp_path, "import django; django.setup()", DJANGO_ENV="production", ALLOWED_HOSTS="a.org"
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DJANGO_ENV=production" in result.stderr


def test_development_does_not_need_a_secret_key(tmp_path):
    result = run_python(tmp_path, "import django; django.setup(); print('started')")

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


# --- The production profile ------------------------------------------------------------------


def test_the_production_profile_passes_the_deploy_checks(tmp_path):
    result = run_manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ALLOWED_HOSTS="example.org",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_development_profile_is_not_deployable(tmp_path):
    """The counterpart that keeps the test above honest: check --deploy does complain."""
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no SSL redirect


RESPONSE_HEADERS = """
import json, django
django.setup()
from django.test import Client
client = Client()
secure = client.get("/healthz", secure=True)
plain = client.get("/accounts/login/")
health = client.get("/healthz")
print(json.dumps({
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "health_over_http": health.status_code,
}))
"""


def test_production_responses_carry_the_security_headers(tmp_path):
    result = run_python(tmp_path, RESPONSE_HEADERS, ALLOWED_HOSTS="testserver", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    headers = seen["headers"]

    assert seen["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    # Plain HTTP is redirected to HTTPS, except the health check probed inside compose.
    assert seen["plain_status"] == 301
    assert seen["plain_location"] == "https://testserver/accounts/login/"
    assert seen["health_over_http"] == 200


def test_production_cookies_are_secure(monkeypatch):
    values = load_settings(monkeypatch, **PRODUCTION)

    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == []
    assert values["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")


# --- Settings take effect --------------------------------------------------------------------

CELERY_AND_CACHE = """
import json, django
django.setup()
from django.core.cache import caches
from civic.celery import app
print(json.dumps({
    "cache": type(caches["default"]).__module__ + "." + type(caches["default"]).__name__,
    "broker_url": app.conf.broker_url,
    "always_eager": app.conf.task_always_eager,
    "connection_timeout": app.conf.broker_connection_timeout,
    "transport_options": app.conf.broker_transport_options,
    "default_queue": app.conf.task_default_queue,
    "time_limit": app.conf.task_time_limit,
    "soft_time_limit": app.conf.task_soft_time_limit,
    "acks_late": app.conf.task_acks_late,
}))
"""


def celery_and_cache(tmp_path, **overrides) -> dict:
    result = run_python(tmp_path, CELERY_AND_CACHE, **overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_redis_url_makes_redis_the_cache_and_the_celery_broker(tmp_path):
    seen = celery_and_cache(
        tmp_path,
        REDIS_URL="redis://127.0.0.1:6379/3",
        CELERY_TASK_TIME_LIMIT="120",
        CELERY_TASK_SOFT_TIME_LIMIT="100",
    )

    # Django's RedisCache, falling back to this process's memory while Redis is down.
    assert seen["cache"] == "civic.cache.ResilientRedisCache"
    assert seen["broker_url"] == "redis://127.0.0.1:6379/3"
    assert seen["always_eager"] is False
    # The CELERY_ namespace really reaches Celery (a misspelt name would be silently ignored).
    assert seen["default_queue"] == "civic"
    assert seen["acks_late"] is True
    assert seen["time_limit"] == 120
    assert seen["soft_time_limit"] == 100
    assert seen["connection_timeout"] == 2
    assert seen["transport_options"]["socket_connect_timeout"] == 2


def test_without_a_broker_tasks_run_eagerly_and_the_cache_is_local(tmp_path):
    seen = celery_and_cache(tmp_path)

    assert seen["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert seen["broker_url"] == "memory://localhost/"  # nothing is published when eager
    assert seen["always_eager"] is True


def test_a_separate_broker_url_overrides_redis_url(monkeypatch):
    values = load_settings(
        monkeypatch, REDIS_URL="redis://cache:6379/0", CELERY_BROKER_URL="redis://queue:6379/1"
    )

    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/0"
    assert values["CELERY_BROKER_URL"] == "redis://queue:6379/1"


def test_database_and_email_urls_take_effect(monkeypatch):
    values = load_settings(
        monkeypatch,
        DATABASE_URL="postgres://civic:pw@db.internal:5433/civic",
        EMAIL_URL="smtp://mailpit:1025",
        DEFAULT_FROM_EMAIL="civic <hello@civic.example>",
        ALLOWED_HOSTS="civic.example, www.civic.example",
    )

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "civic")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mailpit", 1025)
    assert values["DEFAULT_FROM_EMAIL"] == "civic <hello@civic.example>"
    assert values["ALLOWED_HOSTS"] == ["civic.example", "www.civic.example"]


# --- Documentation ---------------------------------------------------------------------------


def test_the_readme_documents_every_variable_the_settings_read():
    readme = (ROOT / "README.md").read_text()
    table_rows = {
        match.group(1) for match in re.finditer(r"^\|\s*`([A-Z][A-Z0-9_]*)`", readme, re.M)
    }

    assert len(SETTINGS_VARIABLES) >= 20  # the pattern above still finds them
    assert set(SETTINGS_VARIABLES) <= table_rows, (
        f"README.md's Configuration table lacks {sorted(set(SETTINGS_VARIABLES) - table_rows)}"
    )


def test_make_run_points_links_at_the_port_it_serves():
    """``make run PORT=9001``: emails, unsubscribe links and calendars link to :9001."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=9001"], cwd=root, env=environment,
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    served = next(line for line in dry_run.splitlines() if "runserver" in line)

    # The same command, with the server replaced by what it would read.
    command = served.replace(
        ".venv/bin/python manage.py runserver 127.0.0.1:9001", "printenv SITE_URL"
    )
    seen = subprocess.run(
        ["sh", "-c", command], env=environment, capture_output=True, text=True, check=True
    ).stdout
    assert seen.strip() == "http://127.0.0.1:9001"
