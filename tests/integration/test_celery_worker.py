"""civic's Celery guarantees, proven on a real prefork worker against PostgreSQL and Redis.

See civic/tasks.py (``civic_task``) and the broker options in civic/settings.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from civic.models import Citizen
from tests.integration.conftest import wait_until
from tests.integration.worker_tasks import (
    FLAKY_MAX_RETRIES,
    always_unreachable,
    ignore_soft_limit,
    recorded,
    rename_citizen,
    retried_after_soft_limit,
    sleep_past_soft_limit,
)

ROOT = Path(__file__).resolve().parents[2]


def new_key() -> str:
    return f"civic-test:{uuid.uuid4()}"


@pytest.mark.integration
def test_a_delayed_task_runs_on_the_worker_and_writes_the_test_database(
    celery_worker_process, transactional_db
):
    citizen = Citizen.objects.create_user(email="worker@example.org")

    task_id = rename_citizen.delay(citizen.pk, "Renamed by the worker").id

    celery_worker_process.task_line(task_id, "succeeded", timeout=20)
    citizen.refresh_from_db()
    assert citizen.display_name == "Renamed by the worker"


@pytest.mark.integration
def test_the_soft_time_limit_interrupts_a_slow_task(celery_worker_process):
    key = new_key()
    enqueued = time.monotonic()

    task_id = sleep_past_soft_limit.delay(key).id

    assert wait_until(lambda: "soft time limit exceeded" in recorded(key), timeout=10)
    # Interrupted after its 1 s soft limit, well before its 5 s sleep would have ended.
    assert time.monotonic() - enqueued < 4.5
    line = celery_worker_process.task_line(task_id, "raised unexpected", timeout=5)
    assert "SoftTimeLimitExceeded" in line
    assert "slept 5 s" not in recorded(key)


@pytest.mark.integration
def test_a_task_stopped_by_its_soft_time_limit_is_retried_and_completes(celery_worker_process):
    key = new_key()

    task_id = retried_after_soft_limit.delay(key).id

    line = celery_worker_process.task_line(task_id, "succeeded", timeout=20)
    assert "done at attempt 2" in line
    assert recorded(key) == ["attempt 1", "attempt 2"]


@pytest.mark.integration
def test_the_hard_time_limit_kills_a_task_that_ignores_the_soft_one(celery_worker_process):
    key = new_key()

    task_id = ignore_soft_limit.delay(key).id

    assert wait_until(lambda: "soft time limit ignored" in recorded(key), timeout=10)
    assert celery_worker_process.wait_for_log(
        rf"Hard time limit \(3s?\) exceeded for integration\.ignore_soft_limit\[{task_id}\]",
        timeout=10,
    ), celery_worker_process.tail()
    # The pool process running it is gone (killed, then replaced), so "finished" never comes,
    # and the task was not delivered again.
    started = [entry for entry in recorded(key) if entry.startswith("started")]
    assert len(started) == 1
    pid = int(started[0].removeprefix("started pid="))
    assert wait_until(lambda: not _alive(pid), timeout=5)
    assert "finished" not in recorded(key)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.integration
def test_a_retryable_error_is_retried_with_backoff_then_given_up(celery_worker_process):
    key = new_key()

    task_id = always_unreachable.delay(key).id

    final = celery_worker_process.task_line(task_id, "raised unexpected", timeout=30)
    assert "ConnectionError" in final
    attempts = [float(stamp) for stamp in recorded(key)]
    assert len(attempts) == FLAKY_MAX_RETRIES + 1
    gaps = [later - earlier for earlier, later in zip(attempts, attempts[1:], strict=False)]
    # retry_backoff=1 without jitter: countdowns of 1, 2 and 4 seconds.
    for gap, countdown in zip(gaps, (1, 2, 4), strict=True):
        assert countdown - 0.2 <= gap < countdown + 3, gaps
    retries = re.findall(
        rf"integration\.always_unreachable\[{task_id}\] retry: Retry in (\d+)s",
        celery_worker_process.log(),
    )
    assert retries == ["1", "2", "4"]


ENQUEUE_WITHOUT_BROKER = """
import time, django
django.setup()
from civic.tasks import ping
started = time.monotonic()
try:
    ping.delay()
except Exception as error:
    print(f"{type(error).__name__}: {error}")
    print(f"after {time.monotonic() - started:.1f}s")
    raise SystemExit(3)
print("enqueued?!")
"""


def test_enqueuing_fails_fast_when_the_broker_is_unreachable(tmp_path):
    """No worker, no Redis needed: nothing listens on port 9 (discard)."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if name not in {"REDIS_URL", "DATABASE_URL"} and not name.startswith(("DJANGO_", "PYTEST_"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="civic.settings",
        DJANGO_ENV="development",
        CELERY_BROKER_URL="redis://127.0.0.1:9/0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    started = time.monotonic()

    result = subprocess.run(
        [sys.executable, "-c", ENQUEUE_WITHOUT_BROKER],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=20,  # a hang fails the test with TimeoutExpired
    )

    assert result.returncode == 3, result.stdout + result.stderr
    assert "OperationalError" in result.stdout
    assert "127.0.0.1:9" in result.stdout
    assert time.monotonic() - started < 15


@pytest.mark.integration
def test_the_worker_consumes_the_email_queue_and_mail_tasks_are_routed_to_it(
    celery_worker_process, celery_queue
):
    from civic.celery import app

    route = app.amqp.router.route({}, "notifications.send_notification_emails")
    assert route["queue"].name == f"{celery_queue}.email"
    assert app.amqp.router.route({}, "notifications.dispatch_event")["queue"].name == celery_queue
    banner = rf"\.> {re.escape(celery_queue)}\.email exchange"
    assert celery_worker_process.wait_for_log(banner, timeout=5), celery_worker_process.tail()
