"""What keeps the processes of a parallel run (pytest-xdist) apart really takes effect.

The cache prefix and its clearing are tests/conftest.py's; the queue and the Celery worker's
database are tests/integration/conftest.py's. Without xdist the worker id is ``master``.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from tests.conftest import clear_cache


@pytest.mark.django_db
def test_this_process_has_a_test_database_of_its_own(worker_id):
    if connection.vendor == "sqlite":
        assert connection.is_in_memory_db()  # in this process's memory: nobody else's
    elif worker_id != "master":
        assert connection.settings_dict["NAME"].endswith(f"_{worker_id}")


def test_this_process_caches_under_a_prefix_of_its_own(worker_id):
    backend = caches["default"]

    assert backend.key_prefix.endswith(f"-{worker_id}")
    assert backend.make_key("counter").startswith(f"{backend.key_prefix}:")


def test_clearing_the_cache_leaves_the_keys_of_another_worker(worker_id):
    if not isinstance(caches["default"], RedisCache):
        pytest.skip("the cache is per process (LocMemCache) without REDIS_URL")
    # Another pytest worker's rate-limit counter, in the same Redis database.
    other = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": f"{caches['default'].key_prefix}-x"})
    other.set("rl:login", 3, timeout=60)
    cache.set("rl:login", 1, timeout=60)
    try:
        clear_cache()

        assert cache.get("rl:login") is None
        assert other.get("rl:login") == 3  # a FLUSHDB (cache.clear()) would have dropped it
    finally:
        other.delete("rl:login")


@pytest.mark.integration
def test_the_celery_worker_serves_this_workers_queue_and_database(
    celery_worker_process, celery_queue, worker_id
):
    from civic.celery import app

    assert celery_queue.endswith(f"-{worker_id}")
    # What this process enqueues goes to its own queue...
    assert app.amqp.router.route({}, "civic.ping")["queue"].name == celery_queue
    # ...which, with its mail queue (civic.celery), is all its Celery worker consumes (the
    # start-up banner lists them).
    queues = celery_worker_process.log().split("[queues]", 1)[1].split("[tasks]", 1)[0]
    assert re.findall(r"^\s*\.> (\S+) ", queues, re.MULTILINE) == [
        celery_queue,
        f"{celery_queue}.email",
    ]
    # And that worker writes this pytest worker's test database.
    assert celery_worker_process.database_name == connection.settings_dict["NAME"]
    if worker_id != "master":
        assert celery_worker_process.database_name.endswith(f"_{worker_id}")
