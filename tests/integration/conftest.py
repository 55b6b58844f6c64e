"""A real Celery worker for the integration tests, on the same PostgreSQL and Redis as pytest.

``celery_worker_process`` (session-scoped) starts
``celery -A civic worker --pool=prefork --concurrency=2 -Q civic`` in a subprocess whose
``DATABASE_URL`` names the test database pytest-django created, waits until it has run a
``civic.ping``, and stops it at the end of the session, before the test database is dropped.
Tests that use it commit their rows (``transactional_db``) so the worker can see them.

Without Redis (``REDIS_URL``) and a PostgreSQL ``DATABASE_URL`` these tests skip, saying so;
``.ci/run`` sets both, so CI runs them.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"
STARTUP_TIMEOUT = 60


def wait_until(condition: Callable[[], object], *, timeout: float, interval: float = 0.1):
    """Poll ``condition`` until it returns something truthy; returns that, or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def _broker_shares_the_cache_database() -> bool:
    return settings.CACHES["default"].get("LOCATION") == settings.CELERY_BROKER_URL


@pytest.fixture(autouse=True)
def _isolated_cache():
    """Overrides tests/conftest.py's fixture of the same name for the integration tests.

    With REDIS_URL alone, the cache and the broker share one Redis database, and clearing the
    cache (FLUSHDB) would also drop the broker's queue and routing table under the running
    worker. These tests use keys of their own instead; with a separate CELERY_BROKER_URL
    (as in CI) the cache is cleared as usual.
    """
    if not _broker_shares_the_cache_database():
        cache.clear()
    yield


@pytest.fixture(scope="session")
def integration_services() -> None:
    """Skips the test, saying why, unless PostgreSQL and Redis are configured."""
    if not settings.REDIS_URL:
        pytest.skip(
            "integration: REDIS_URL is not set. Run with REDIS_URL=redis://127.0.0.1:6379/0 "
            "and DATABASE_URL=postgres://postgres@127.0.0.1:5432/test (as .ci/run does)."
        )
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip(
            "integration: DATABASE_URL is not a PostgreSQL URL (the worker and the tests must "
            "share a real database). Run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/test."
        )


@dataclass
class WorkerProcess:
    """The running worker: its process (a group of its own) and its log file."""

    process: subprocess.Popen
    log_path: Path
    database_name: str

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, *, timeout: float) -> re.Match | None:
        """Waits until a line of the worker's log matches the regular expression ``pattern``."""
        return wait_until(lambda: re.search(pattern, self.log()), timeout=timeout)

    def task_line(self, task_id: str, outcome: str, *, timeout: float) -> str:
        """The log line saying task ``task_id`` ended with ``outcome`` (``succeeded``,
        ``raised unexpected``, ...); fails the test with the log's tail if it never comes."""
        pattern = rf"[^\n]*\[{re.escape(task_id)}\] {outcome}[^\n]*"
        match = self.wait_for_log(pattern, timeout=timeout)
        if not match:
            pytest.fail(f"task {task_id} did not log {outcome!r} in {timeout}s:\n{self.tail()}")
        return match.group(0)

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.log().splitlines()[-lines:])


def _worker_environment(database_name: str) -> dict[str, str]:
    database_url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{database_name}")
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "PYTEST_"))
    }
    environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "civic.settings",
            "DATABASE_URL": database_url.geturl(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            # The worker imports tests.integration.worker_tasks from the repository.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
    )
    return environ


def _stop(process: subprocess.Popen) -> None:
    """Warm shutdown of the worker and its pool children, then a kill if it lingers."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


_running: list[WorkerProcess] = []
_TERMINAL = re.compile(
    r"\] (succeeded in|raised|retry:|failed|rejected|discarded)|Hard time limit \(.*\) exceeded",
    re.IGNORECASE,
)


@pytest.fixture(autouse=True)
def _worker_idle_before_teardown():
    """Wait until the worker has finished every task before the test's tables are flushed.

    A task still reading a table while pytest-django truncates it deadlocks PostgreSQL
    (TRUNCATE wants an exclusive lock) and leaves rows behind for the next test. Tasks are
    enqueued on commit by whatever the test did, whether or not it uses the worker itself.
    """
    yield
    if not _running:
        return
    worker = _running[0]

    def idle() -> bool:
        log = worker.log()
        received = log.count("] received")
        return received <= len(_TERMINAL.findall(log))

    time.sleep(0.2)  # let on-commit enqueues reach the broker
    wait_until(idle, timeout=30, interval=0.1)


@pytest.fixture(scope="session")
def celery_worker_process(integration_services, django_db_setup, tmp_path_factory):
    """A real prefork Celery worker consuming the ``civic`` queue; yields a WorkerProcess."""
    from django.db import connection

    from civic.celery import app
    from civic.tasks import ping

    database_name = connection.settings_dict["NAME"]
    # Messages left by an earlier, interrupted run would otherwise run first.
    app.control.purge()

    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "civic",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "-l",
                "info",
                "-Q",
                "civic",
                "--include",
                "tests.integration.worker_tasks",
                "--hostname",
                f"integration-{os.getpid()}@%h",
                # Nothing to synchronise with: no other worker of this test run exists.
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=_worker_environment(database_name),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: teardown stops the pool too
        )
    worker = WorkerProcess(process=process, log_path=log_path, database_name=database_name)
    try:
        task_id = ping.delay("integration").id
        answered = wait_until(
            lambda: process.poll() is not None
            or re.search(rf"civic\.ping\[{task_id}\] succeeded", worker.log()),
            timeout=STARTUP_TIMEOUT,
            interval=0.25,
        )
        if process.poll() is not None:
            pytest.fail(f"the Celery worker exited with {process.returncode}:\n{worker.tail()}")
        if not answered:
            pytest.fail(f"the Celery worker did not run civic.ping in {STARTUP_TIMEOUT}s:\n"
                        f"{worker.tail()}")
        _running.append(worker)
        yield worker
    finally:
        _running.clear()
        _stop(process)
