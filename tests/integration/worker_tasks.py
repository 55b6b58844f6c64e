"""Tasks that exist only for the integration tests.

The worker started by ``celery_worker_process`` loads this module with
``--include tests.integration.worker_tasks``; the test process imports it to enqueue them.
They report what happened to them in Redis (``record``), the one place both the worker's
processes and the test can see without a shared transaction.
"""

from __future__ import annotations

import os
import time

import redis
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from civic.models import Citizen
from civic.services import citizen_update_profile
from civic.tasks import civic_task

# Short enough for a fast test, long enough that a passing test is not luck: the retry
# countdowns are 1, 2 and 4 s (retry_backoff=1 doubles per retry, no jitter).
FLAKY_MAX_RETRIES = 3


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)


def record(key: str, value: str) -> None:
    """Append ``value`` to the Redis list ``key`` (kept an hour, in case a test dies)."""
    client = redis_client()
    client.rpush(key, value)
    client.expire(key, 3600)


def recorded(key: str) -> list[str]:
    return redis_client().lrange(key, 0, -1)


@civic_task(name="integration.rename_citizen")
def rename_citizen(citizen_id: int, display_name: str) -> None:
    """Takes an id, re-fetches, calls the service: the shape of every civic task."""
    citizen = Citizen.objects.get(pk=citizen_id)
    citizen_update_profile(citizen=citizen, display_name=display_name)


# Not retried (autoretry_for=()), so that the test sees the interruption itself; civic's
# default retries it (retried_after_soft_limit).
@civic_task(
    name="integration.sleep_past_soft_limit", soft_time_limit=1, time_limit=10, autoretry_for=()
)
def sleep_past_soft_limit(key: str) -> None:
    record(key, f"started pid={os.getpid()}")
    try:
        time.sleep(5)
    except SoftTimeLimitExceeded:
        record(key, "soft time limit exceeded")
        raise
    record(key, "slept 5 s")


@civic_task(name="integration.ignore_soft_limit", soft_time_limit=1, time_limit=3)
def ignore_soft_limit(key: str) -> None:
    record(key, f"started pid={os.getpid()}")
    try:
        time.sleep(5)
    except SoftTimeLimitExceeded:
        record(key, "soft time limit ignored")
    # A task stuck past the soft limit: only the hard limit can stop it now.
    time.sleep(10)
    record(key, "finished")


@civic_task(
    name="integration.always_unreachable",
    max_retries=FLAKY_MAX_RETRIES,
    retry_backoff=1,
    retry_backoff_max=60,
    retry_jitter=False,
)
def always_unreachable(key: str) -> None:
    """Fails with a retryable error (ConnectionError is in civic.tasks.RETRYABLE) every time."""
    record(key, repr(time.time()))
    raise ConnectionError("the service this task calls is down")


@civic_task(name="integration.retried_after_soft_limit", soft_time_limit=1, time_limit=10)
def retried_after_soft_limit(key: str) -> str:
    """Too slow the first time (its soft limit stops it), quick the second."""
    attempt = len(recorded(key)) + 1
    record(key, f"attempt {attempt}")
    if attempt == 1:
        time.sleep(5)
    return f"done at attempt {attempt}"
