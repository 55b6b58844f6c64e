"""docker-compose.yml and Dockerfile: valid, complete, and free of secrets.

There is no Docker engine here, so the compose file is validated against the Compose
Specification's JSON schema (check-jsonschema rejects unknown keys and wrong types).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
SERVICES = {"postgres", "redis", "web", "worker", "beat", "mailpit"}


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_the_compose_file_follows_the_compose_specification():
    result = validate(COMPOSE)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_the_validator_rejects_an_unknown_key(tmp_path):
    """Keeps the test above honest: a misspelt key is caught, not ignored."""
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("    depends_on:", "    depends_onn:", 1))

    result = validate(broken)

    assert result.returncode != 0
    assert "depends_onn" in result.stdout + result.stderr


def test_it_defines_the_six_services(compose):
    assert set(compose["services"]) >= SERVICES


def test_the_web_process_is_gunicorn_in_the_production_profile(compose):
    web = compose["services"]["web"]
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert web["environment"]["DJANGO_ENV"] == "production"
    assert re.search(r'^CMD \["gunicorn", "civic\.wsgi"', dockerfile, re.M)
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert re.search(r"^USER civic$", dockerfile, re.M)


def test_app_services_wait_for_healthy_dependencies_and_migrations(compose):
    services = compose["services"]
    assert services["postgres"]["healthcheck"]["test"]
    assert services["redis"]["healthcheck"]["test"]
    for name in ("web", "worker"):
        depends_on = services[name]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy"
        assert depends_on["redis"]["condition"] == "service_healthy"
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"][-2:] == ["migrate", "--noinput"]


def test_celery_and_mail_are_wired(compose):
    services = compose["services"]

    assert services["worker"]["command"][:4] == ["celery", "-A", "civic", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "civic", "beat"]
    assert services["web"]["environment"]["EMAIL_URL"] == "smtp://mailpit:1025"
    assert services["mailpit"]["image"].startswith("axllent/mailpit")
    assert "127.0.0.1:8025:8025" in services["mailpit"]["ports"]


def test_secrets_are_required_from_the_environment_not_written_here(compose):
    environment = compose["services"]["web"]["environment"]

    assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]
    assert compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )
