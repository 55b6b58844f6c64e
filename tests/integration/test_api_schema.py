"""The API answers as its OpenAPI schema says, whoever asks (issue 19 §3).

Schemathesis generates requests from the schema (``/api/schema/``) — valid ones, and invalid
ones built to break each constraint — and sends them to civic served by gunicorn on the test
database with the demo data: anonymously, with a citizen's token and with a decision maker's.
Every answer must be no server error, a documented status code and content type, and a body
that matches the documented schema. The throttles are raised for the run (schemathesis sends
a few thousand requests in a minute); everything else is the production code path
(``DEBUG`` off).
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.integration.conftest import (
    _stop,
    _worker_environment,
    this_test_database,
    wait_until,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - http://127.0.0.1
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def served(integration_services, _cache_of_this_worker, tmp_path):
    """civic on gunicorn (2 workers) over this test's database, with the demo data."""
    import socket

    call_command("load_demo", verbosity=0)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        **_worker_environment(this_test_database(), _cache_of_this_worker),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_THROTTLE_ANON": "1000000/min",
        "API_THROTTLE_USER": "1000000/min",
        "WRITE_RATE_LIMIT": "1000000/m",
        "EMAIL_URL": "dummymail://",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "civic.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
         "--timeout", "60"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: _answers(f"{url}/healthz"), timeout=30), (
            tmp_path / "gunicorn.log"
        ).read_text()
        yield url
    finally:
        _stop(process)
        log.close()


def _token(email: str) -> str:
    from rest_framework.authtoken.models import Token

    from civic.models import Citizen

    token, _created = Token.objects.get_or_create(user=Citizen.objects.get(email=email))
    return token.key


@pytest.mark.parametrize(
    "who", [None, "citizen@civic.localhost", "paris@civic.localhost"], ids=["anonymous",
    "citizen", "decision-maker"]
)  # fmt: skip
def test_every_answer_of_the_api_matches_its_schema(served, who, tmp_path):
    command = [
        str(BIN / "schemathesis"), "run", f"{served}/api/schema/",
        "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,"
        "response_schema_conformance",
        "--phases", "coverage,fuzzing", "--max-examples", "5", "--workers", "2",
        "--seed", "19", "--no-color", "--suppress-health-check", "all",
    ]  # fmt: skip
    if who is not None:
        command += ["--header", f"Authorization: Token {_token(who)}"]

    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=600)

    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
