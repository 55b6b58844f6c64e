"""Redis or the broker down: the site keeps answering (``civic.cache``, ``civic.queueing``).

The Redis servers here are real sockets: a port nobody listens on (refused), and a listening
socket that never answers (hung).
"""

from __future__ import annotations

import logging
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from civic import queueing
from proposals.models import Proposal, Support
from tests.civic.factories import CitizenFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_refusing():
    return f"redis://127.0.0.1:{_free_port()}/0"


@pytest.fixture
def redis_hung():
    """A server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "civic.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.mark.parametrize("redis", ["redis_refusing", "redis_hung"])
def test_a_cache_call_with_redis_down_is_served_from_memory_and_logged(request, redis, caplog):
    with override_settings(CACHES=_redis_cache(request.getfixturevalue(redis))):
        cache = caches["default"]
        with caplog.at_level(logging.WARNING, logger="civic.cache"):
            cache.set("answer", 42)
        assert cache.degraded
        assert cache.get("answer") == 42
        assert cache.add("counter", 1) and cache.incr("counter") == 2
    assert "The Redis cache is unavailable" in caplog.text


def test_while_degraded_redis_is_not_asked_again(redis_hung, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    with override_settings(CACHES=_redis_cache(redis_hung)):
        cache = caches["default"]
        cache.get("x")  # one timeout
        calls = []
        monkeypatch.setattr(RedisCache, "get", lambda *a, **k: calls.append(a))
        for _ in range(20):
            cache.get("x")
    assert calls == []  # a hung Redis costs one timeout per process per FALLBACK_SECONDS


def test_supporting_with_redis_down_succeeds_and_stays_rate_limited(
    redis_refusing, client, settings
):
    settings.WRITE_RATE_LIMIT = "3/m"
    proposals = [ProposalFactory(status=Proposal.Status.SUBMITTED) for _ in range(4)]
    citizen = CitizenFactory()
    client.force_login(citizen)
    with override_settings(CACHES=_redis_cache(redis_refusing)):
        answers = [
            client.post(reverse("proposals:support", args=[p.pk])).status_code for p in proposals
        ]

    assert answers[:3] == [302, 302, 302]  # saved, not a 500
    assert answers[3] == 429  # the limit holds, in this process's memory
    assert Support.objects.filter(citizen=citizen).count() == 3


def test_the_api_answers_with_redis_down(redis_refusing, api):
    with override_settings(CACHES=_redis_cache(redis_refusing)):
        response = api.get("/api/v1/")

    assert response.status_code == 200


# --- the broker ----------------------------------------------------------------------------


class _Task:
    name = "test.task"

    def __init__(self, behaviour):
        self.behaviour, self.calls = behaviour, 0

    def delay(self, *args):
        self.calls += 1
        return self.behaviour()


@pytest.fixture
def publishing():
    """Publish as with a real broker (the unit tests otherwise run tasks eagerly)."""
    from civic.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


def test_a_broker_that_hangs_is_left_to_the_relay_and_not_tried_again_for_a_while(publishing):
    import threading

    release = threading.Event()
    task = _Task(lambda: release.wait(5))
    try:
        assert queueing.enqueue(task, 1) is False  # gave up after ENQUEUE_TIMEOUT
        assert queueing.broker_paused()
        assert [queueing.enqueue(task, n) for n in range(5)] == [False] * 5
        assert task.calls == 1  # the others did not wait on it
    finally:
        release.set()


def test_a_broker_that_refuses_is_left_to_the_relay(publishing, caplog):
    from kombu.exceptions import OperationalError

    def refuse():
        raise OperationalError("Error 111 connecting. Connection refused.")

    with caplog.at_level(logging.WARNING, logger="civic.queueing"):
        assert queueing.enqueue(_Task(refuse), 1) is False
    assert "the relay will retry" in caplog.text


def test_a_broker_that_answers_takes_the_task(publishing):
    task = _Task(lambda: None)

    assert queueing.enqueue(task, 1) is True
    assert not queueing.broker_paused()
