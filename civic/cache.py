"""A Redis cache that keeps the site up when Redis is down or hung.

The shared cache holds the rate-limit counters (django-ratelimit, DRF throttles, allauth),
the served-spaces cache and the like: nothing whose loss is worse than a request that
fails. ``ResilientRedisCache`` is Django's ``RedisCache``; when Redis refuses or does not
answer within the socket timeout, the call is served by a cache in this process's memory
instead, and Redis is not asked again for ``FALLBACK_SECONDS`` (a hung Redis costs one
timeout per process per period, not one per cache call). Rate limits therefore become per
process for a while — logged as a warning — instead of failing every write with a 500.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FALLBACK_SECONDS = 15.0
_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)

_METHODS = (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "decr",
    "set_many", "delete_many", "get_or_set",
)  # fmt: skip


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"civic-fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10000}})
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        """Whether calls go to this process's memory (Redis failed a moment ago)."""
        return time.monotonic() < self._down_until

    def _fall_back(self, error: BaseException) -> None:
        with self._lock:
            if not self.degraded:
                logger.warning(
                    "The Redis cache is unavailable (%r): rate limits and cached values are "
                    "kept in this process for %ss.",
                    error,
                    FALLBACK_SECONDS,
                )
            self._down_until = time.monotonic() + FALLBACK_SECONDS

    def clear(self) -> None:
        self._local.clear()
        super().clear()


def _resilient(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self: ResilientRedisCache, *args: Any, **kwargs: Any):
        if not self.degraded:
            try:
                return redis_method(self, *args, **kwargs)
            except _UNAVAILABLE as error:
                self._fall_back(error)
        return getattr(self._local, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


for _name in _METHODS:
    setattr(ResilientRedisCache, _name, _resilient(_name))
