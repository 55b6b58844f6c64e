"""A real Celery worker for the integration tests, on the same PostgreSQL and Redis as pytest.

``celery_worker_process`` (session-scoped) starts
``celery -A civic worker --pool=prefork --concurrency=2 -Q <queue>`` in a subprocess whose
``DATABASE_URL`` names the test database pytest-django created, waits until it has run a
``civic.ping``, and stops it at the end of the session, before the test database is dropped.
Tests that use it commit their rows (``transactional_db``) so the worker can see them.

Parallel runs (pytest-xdist): each pytest worker that runs one of these tests starts a Celery
worker of its own, on its own test database (``test_<NAME>_gw<N>``), consuming a queue of its
own (``celery_queue``: this run and this pytest worker in its name). Both processes publish to
that queue by default (``task_default_queue``), so the tasks a task enqueues (an event's
emails, a retry) come back to the same Celery worker and never reach another pytest worker's.
The tests are independent of each other, so xdist may spread them over its workers; each
pytest worker that gets one then starts a Celery worker of its own (about 3 s). Keeping them
on one worker with ``xdist_group`` and ``--dist loadgroup`` would save that, but with
pytest-xdist 3.8 on pytest 9.2 the mark silently groups nothing (pytest-xdist issue 1386).

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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """A test that uses the worker is a transactional database test, declared or not.

    pytest-django creates the test databases that the collected tests ask for, and only
    those: a run of tests that use the worker without asking for a database (the time-limit
    tests alone, say) would otherwise start it on the database DATABASE_URL names.
    """
    for item in items:
        if "celery_worker_process" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True))


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


def _worker_environment(database_name: str, cache_key_prefix: str) -> dict[str, str]:
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
            # What the worker caches is this pytest process's (cleared between tests with it).
            "CACHE_KEY_PREFIX": cache_key_prefix,
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
# How a received task ends in the log; a task whose process was killed ends as a
# WorkerLostError (its message comes back and is received again).
_TERMINAL = re.compile(
    r"\] (succeeded in|raised|retry:|failed|rejected|discarded)|Hard time limit \(.*\) exceeded"
    r"|Task handler raised error: WorkerLostError",
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

    def idle() -> bool:
        for worker in _running:
            log = worker.log()
            if log.count("] received") > len(_TERMINAL.findall(log)):
                return False
        return True

    time.sleep(0.2)  # let on-commit enqueues reach the broker
    wait_until(idle, timeout=30, interval=0.1)


@pytest.fixture(scope="session")
def celery_queue(integration_services, worker_id, testrun_uid):
    """The Celery queue of this pytest process, its default while the session lasts.

    Named after the run and the pytest worker (``gw0``; ``master`` when not parallel): a
    Celery worker of another pytest process, or of another run sharing the broker, never
    takes its messages. Deleted (with anything left in it) at the end of the session.
    """
    from civic.celery import app

    queue = f"civic-integration-{testrun_uid[:8]}-{worker_id}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        app.conf.task_default_queue = previous
        delete_queues(queue, f"{queue}.email")  # civic.celery: the mail tasks' queue


def start_worker(
    *,
    queue: str,
    database_name: str,
    cache_key_prefix: str,
    log_path: Path,
    name: str,
    environment: dict[str, str] | None = None,
) -> WorkerProcess:
    """Start a real prefork Celery worker (2 processes) consuming ``queue`` (and its mail
    queue), wait until it has run a ``civic.ping``, and return it. ``environment``: more
    variables for it (another mail server, shorter leases…)."""
    from civic.tasks import ping

    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                str(CELERY), "-A", "civic", "worker", "--pool=prefork", "--concurrency=2",
                "-l", "info", "-Q", queue, "--include", "tests.integration.worker_tasks",
                "--hostname", f"{name}-{os.getpid()}@%h",
                # Nothing to synchronise with: no other worker consumes this queue.
                "--without-mingle", "--without-gossip",
                # Celery's command-line configuration: what this worker enqueues itself (an
                # event's emails, a retry) comes back to this queue, not to civic's default.
                f"task_default_queue={queue}",
            ],
            cwd=ROOT,
            env={**_worker_environment(database_name, cache_key_prefix), **(environment or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: teardown stops the pool too
        )  # fmt: skip
    worker = WorkerProcess(process=process, log_path=log_path, database_name=database_name)
    task_id = ping.apply_async(("integration",), queue=queue).id
    answered = wait_until(
        lambda: (
            process.poll() is not None
            or re.search(rf"civic\.ping\[{task_id}\] succeeded", worker.log())
        ),
        timeout=STARTUP_TIMEOUT,
        interval=0.25,
    )
    if process.poll() is not None:
        pytest.fail(f"the Celery worker exited with {process.returncode}:\n{worker.tail()}")
    if not answered:
        _stop(process)
        pytest.fail(
            f"the Celery worker did not run civic.ping in {STARTUP_TIMEOUT}s:\n{worker.tail()}"
        )
    return worker


def this_test_database() -> str:
    """pytest-django's test database of this pytest worker (test_<NAME>_gw<N> under xdist)."""
    from django.db import connection

    database_name = connection.settings_dict["NAME"]
    if database_name == urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/"):
        pytest.fail(f"no test database was set up: the worker would use {database_name!r}")
    return database_name


def delete_queues(*names: str) -> None:
    from civic.celery import app

    with app.connection_for_write() as connection:
        for name in names:
            # Declared first so that kombu knows its bindings: deleting also drops those.
            bound = app.amqp.queues.add(name).bind(connection.default_channel)
            bound.declare()
            bound.delete()


@pytest.fixture(scope="session")
def celery_worker_process(
    celery_queue, django_db_setup, _cache_of_this_worker, worker_id, tmp_path_factory
):
    """A real prefork Celery worker consuming this process's queue; yields a WorkerProcess."""
    worker = start_worker(
        queue=celery_queue,
        database_name=this_test_database(),
        cache_key_prefix=_cache_of_this_worker,
        log_path=tmp_path_factory.mktemp("celery") / "worker.log",
        name=f"integration-{worker_id}",
    )
    try:
        _running.append(worker)
        yield worker
    finally:
        _running.clear()
        _stop(worker.process)
