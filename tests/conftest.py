"""Fixtures every test gets, and what keeps the processes of a parallel run apart.

``make test`` runs the suite on pytest-xdist workers (``gw0``, ``gw1``, …), one process each.
What they would otherwise share, and how each gets its own:

- the test database: pytest-django names it ``test_<NAME>_gw<N>`` on PostgreSQL; SQLite's
  test database is in memory, so per process anyway;
- the cache: ``_cache_of_this_worker`` gives each worker a key prefix of its own, and
  ``clear_cache()`` deletes only that prefix's keys (Django's ``RedisCache.clear()`` is a
  FLUSHDB, which would drop every worker's rate-limit counters, and the broker's queues when
  they share the database);
- the Celery queue and worker of the integration tests: tests/integration/conftest.py;
- files: ``tmp_path`` is under a base directory of each worker's own; the live server of the
  browser tests listens on a free port chosen by the kernel.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test.utils import override_settings


def cache_key_prefix(worker_id: str, testrun_uid: str) -> str:
    """The cache key prefix of one pytest process: the configured prefix, this run, this worker.

    The run's id keeps two runs sharing one Redis database (two checkouts) apart as well.
    """
    configured = settings.CACHES["default"].get("KEY_PREFIX", "")
    return f"{configured}-test-{testrun_uid[:8]}-{worker_id}".lstrip("-")


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_worker(worker_id, testrun_uid):
    """Every cache key this process writes carries its own prefix; yields the prefix.

    override_settings (not a bare assignment) resets Django's cache connections, so the
    prefix applies to the live server's thread and to caches opened before this fixture.
    The integration tests pass the same prefix to their Celery worker (CACHE_KEY_PREFIX).
    """
    prefix = cache_key_prefix(worker_id, testrun_uid)
    default = {**settings.CACHES["default"], "KEY_PREFIX": prefix}
    with override_settings(CACHES={**settings.CACHES, "default": default}):
        yield prefix


def clear_cache() -> None:
    """Empties this process's cache and nothing else.

    Redis: deletes the keys of this process's prefix only; ``cache.clear()`` would FLUSHDB,
    wiping the keys of the other workers (their rate-limit counters mid-test) and any broker
    queue kept in the same database. Other backends (LocMemCache) live in this process.
    """
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    client = backend._cache.get_client(write=True)
    # make_key() is "<prefix>:<version>:<key>"; the prefix has no glob characters.
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


@pytest.fixture(autouse=True)
def _isolated_cache(_cache_of_this_worker):
    """Rate-limit counters and cached pages must not leak from one test to the next."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs ~0.3 s per citizen built; tests need no protection.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Unit tests run tasks in-process even when CI configures a broker (REDIS_URL).

    Only ``@pytest.mark.integration`` tests publish to the broker, for the real worker of
    tests/integration/conftest.py; elsewhere a ``.delay()`` would publish a message that no
    test waits for and that a later worker would run against another test's data.
    """
    if request.node.get_closest_marker("integration"):
        yield
        return
    from civic.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
