"""Shared task defaults: every civic task is declared through ``civic_task``.

``acks_late`` plus ``reject_on_worker_lost`` means a task whose worker dies is delivered
again, so every task must be idempotent (they are: they call services guarded by unique
constraints or compare-and-swap updates). Retries are bounded and back off exponentially;
the hard and soft time limits stop a stuck task. ``tests/integration/test_celery_worker.py``
proves all three on a real worker.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError
from kombu.exceptions import OperationalError as KombuOperationalError

# kombu's OperationalError: the broker refused or dropped a publish made by the task. A task
# stopped by its soft time limit is retried too: every task is idempotent and resumes.
RETRYABLE = (
    DatabaseError,
    ConnectionError,
    TimeoutError,
    OSError,
    KombuOperationalError,
    SoftTimeLimitExceeded,
)

TASK_DEFAULTS: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": RETRYABLE,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
    "soft_time_limit": 60,
    "time_limit": 90,
}


def civic_task(*args: Any, **options: Any):
    """``shared_task`` with civic's delivery guarantees; options override the defaults."""
    merged = {**TASK_DEFAULTS, **options}
    if args and callable(args[0]):
        return shared_task(**merged)(args[0])
    return shared_task(*args, **merged)


@civic_task(name="civic.ping")
def ping(value: str = "pong") -> str:
    """A trivial task used to check a worker is alive (health checks, tests)."""
    return value


@civic_task(name="civic.build_data_export", soft_time_limit=240, time_limit=300)
def build_data_export(export_id: int) -> bool:
    """Build a citizen's data export archive (``civic.services.data_export_build``)."""
    from civic.services import data_export_build

    export = data_export_build(export_id=export_id)
    return export is not None and export.ready_at is not None


@civic_task(name="civic.data_exports_tick")
def data_exports_tick() -> int:
    """Every ten minutes: build the archives whose task was lost, delete the expired ones."""
    from civic.selectors import data_exports_pending
    from civic.services import data_exports_expire

    for export_id in data_exports_pending():
        build_data_export.delay(export_id)
    return data_exports_expire()
