"""Faults, with the real parts: nothing lost, nothing twice, nothing down (issue 19 §6).

A Celery worker of its own (prefork, 2 processes) sends through a real SMTP server
(aiosmtpd) that these tests take down, slow down past the client's timeout, or leave up;
the tests kill the worker's pool processes mid-send, stop the worker while its queue is
lost, terminate its PostgreSQL connections, dispatch one event three times, and stop and
hang a real Redis under the cache while citizens write. The beat is played by the tests
(``relay``), with short leases and backoffs so that the whole suite runs in about a minute.

Each test checks what a citizen would notice: every email is delivered (its Message-ID
reaches the server), once — a second copy only where the server's answer never came back
(an ambiguous timeout, a process killed while waiting for it) — and every in-app
notification exists exactly once.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections import Counter

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from notifications.models import Event, Notification
from notifications.services import event_dispatch
from notifications.tasks import dispatch_event, queue_emails, relay_undispatched
from proposals import services as participation
from proposals.models import Proposal, Support
from tests.civic.factories import CitizenFactory
from tests.integration.conftest import (
    _running,
    _stop,
    delete_queues,
    start_worker,
    this_test_database,
    wait_until,
)
from tests.kinds import K
from tests.notifications.factories import submit

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# The worker's settings, and this process's while a test runs (what it dispatches itself).
SHORT_WAITS = {
    "EMAIL_TIMEOUT": 1,
    "NOTIFICATIONS_EMAIL_CHUNK": 10,
    "NOTIFICATIONS_DISPATCH_CHUNK": 10,
    "NOTIFICATIONS_EMAIL_LEASE": 3,
    "NOTIFICATIONS_EMAIL_GRACE": 2,
    "NOTIFICATIONS_EMAIL_BACKOFF": 1,
    "NOTIFICATIONS_RELAY_DELAY": 0,
}
MESSAGE_ID = re.compile(rb"^Message-ID: <(civic-notification-\d+)@", re.MULTILINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """A real SMTP server on a fixed port that a test takes down, slows down or brings up."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: Counter[str] = Counter()
        self.delay = 0.0  # seconds before answering DATA
        self.slow_left: int | None = None  # how many messages still get it (None: all)
        self._controller = None
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self._lock:
            for message_id in MESSAGE_ID.findall(envelope.content):
                self.received[message_id.decode()] += 1
            slow = self.delay > 0 and (self.slow_left is None or self.slow_left > 0)
            if slow and self.slow_left is not None:
                self.slow_left -= 1
        if slow:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def up(self) -> None:
        from aiosmtpd.controller import Controller

        if self._controller is None:
            self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def slow(self, seconds: float, *, messages: int | None = None) -> None:
        with self._lock:
            self.delay, self.slow_left = seconds, messages

    def fast(self) -> None:
        with self._lock:
            self.delay, self.slow_left = 0.0, None


@pytest.fixture(scope="module")
def mail_server():
    server = MailServer()
    server.up()
    yield server
    server.down()


@pytest.fixture(scope="module")
def fault_worker(
    mail_server, integration_services, django_db_setup, _cache_of_this_worker, worker_id,
    testrun_uid, tmp_path_factory,
):  # fmt: skip
    """A worker of its own, mailing through ``mail_server``, with short leases and waits."""
    queue = f"civic-faults-{testrun_uid[:8]}-{worker_id}"
    worker = start_worker(
        queue=queue,
        database_name=this_test_database(),
        cache_key_prefix=_cache_of_this_worker,
        log_path=tmp_path_factory.mktemp("faults") / "worker.log",
        name=f"faults-{worker_id}",
        environment={
            "EMAIL_URL": f"smtp://127.0.0.1:{mail_server.port}",
            **{name: str(value) for name, value in SHORT_WAITS.items()},
        },
    )
    worker.queue = queue
    _running.append(worker)
    try:
        yield worker
    finally:
        _running.remove(worker)
        _stop(worker.process)
        delete_queues(queue, f"{queue}.email")


@pytest.fixture
def faults(fault_worker, mail_server, settings):
    """This test publishes to the fault worker's queue; the mail server starts up and fast."""
    from civic.celery import app

    for name, value in SHORT_WAITS.items():
        setattr(settings, name, value)
    mail_server.up()
    mail_server.fast()
    mail_server.received.clear()
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = fault_worker.queue
    yield fault_worker
    app.conf.task_default_queue = previous
    if fault_worker.process.poll() is None:
        os.killpg(fault_worker.process.pid, signal.SIGCONT)


def relay_until(condition, *, timeout: float = 60):
    """Play the beat: run the relay every half second until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        relay_undispatched.delay()
        time.sleep(0.5)
    return condition()


def answered_proposal(world, supporters: int, *, dispatch: bool = True) -> Event:
    """A proposal with ``supporters`` supporters (who follow it), answered: one email each
    and one to its author. ``dispatch=False``: the event is recorded, not yet queued."""
    author = CitizenFactory()
    proposal = submit(world, author, title=f"Trams {os.urandom(3).hex()}")
    for citizen in CitizenFactory.create_batch(supporters):
        participation.support_add(proposal=proposal, citizen=citizen)
    from civic import queueing

    if not dispatch:
        queueing._state["down_until"] = time.monotonic() + 3600  # the broker "is down"
    try:
        participation.proposal_answer(
            proposal=proposal, actor=world.mayor, text="Yes.", outcome=Proposal.Status.ACCEPTED
        )
    finally:
        queueing.resume()
    return Event.objects.get(proposal=proposal, kind=K.PROPOSAL_ANSWERED)


def all_sent(event: Event, expected: int):
    def check() -> bool:
        rows = Notification.objects.filter(event=event)
        return rows.count() == expected and not rows.exclude(email_state="sent").exists()

    return check


def assert_delivered(event: Event, server: MailServer, *, expected: int, allowed_extra: int = 0):
    rows = Notification.objects.filter(event=event)
    assert rows.count() == expected  # in-app: each recipient once
    assert set(rows.values_list("email_state", flat=True)) == {"sent"}
    ids = {f"civic-notification-{pk}" for pk in rows.values_list("pk", flat=True)}
    counts = {message_id: server.received[message_id] for message_id in ids}
    assert min(counts.values()) == 1, "an email was lost"
    # Each copy more follows one send whose answer never came back (an email can meet two).
    extra = {message_id: n - 1 for message_id, n in counts.items() if n > 1}
    assert sum(extra.values()) <= allowed_extra, extra


def test_an_smtp_outage_loses_no_email(world, faults, mail_server):
    mail_server.down()

    event = answered_proposal(world, 29)

    assert wait_until(
        lambda: Notification.objects.filter(event=event, email_attempts__gte=1).exists(),
        timeout=30,
    ), faults.tail()
    assert not Notification.objects.filter(event=event, email_state="sent").exists()
    mail_server.up()
    assert relay_until(all_sent(event, 30)), faults.tail()
    assert_delivered(event, mail_server, expected=30)


def test_an_smtp_server_slower_than_the_timeout_duplicates_only_what_timed_out(
    world, faults, mail_server
):
    mail_server.slow(1.5, messages=3)  # the client gives up after 1 s (EMAIL_TIMEOUT)

    event = answered_proposal(world, 19)

    assert relay_until(all_sent(event, 20)), faults.tail()
    assert_delivered(event, mail_server, expected=20, allowed_extra=3)


def test_the_broker_losing_its_queued_email_tasks_loses_no_email(world, faults, mail_server):
    import redis
    from django.conf import settings

    event = answered_proposal(world, 24, dispatch=False)
    os.killpg(faults.process.pid, signal.SIGSTOP)  # the worker takes nothing meanwhile
    pending = event_dispatch(event_id=event.pk, queue_emails=queue_emails)
    assert len(pending) == 25
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    # Three mail tasks (chunks of 10); a blocked BRPOP of the stopped worker may already hold
    # one (Redis hands it over as it arrives): the others are lost with the queue.
    assert broker.llen(f"{faults.queue}.email") >= 1
    broker.delete(f"{faults.queue}.email")  # Redis restarted empty, as it were
    os.killpg(faults.process.pid, signal.SIGCONT)

    assert relay_until(all_sent(event, 25)), faults.tail()
    assert_delivered(event, mail_server, expected=25)


def test_pool_processes_killed_mid_send_lose_no_email(world, faults, mail_server):
    mail_server.slow(0.2)  # each email takes a while: the kill lands mid-send

    event = answered_proposal(world, 39)
    assert wait_until(lambda: sum(mail_server.received.values()) >= 4, timeout=30)
    children = subprocess.run(
        ["pgrep", "-P", str(faults.process.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    mail_server.fast()

    assert relay_until(all_sent(event, 40), timeout=90), faults.tail()
    # A process killed while the server was answering leaves that email ambiguous.
    assert_delivered(event, mail_server, expected=40, allowed_extra=len(children))


def test_pool_processes_killed_mid_dispatch_lose_nothing(world, faults, mail_server):
    """Four dispatch slices of 10 recipients, the pool killed once the first rows exist."""
    mail_server.slow(0.05)

    event = answered_proposal(world, 39)
    assert wait_until(lambda: Notification.objects.filter(event=event).exists(), timeout=30)
    children = subprocess.run(
        ["pgrep", "-P", str(faults.process.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    mail_server.fast()

    assert relay_until(all_sent(event, 40), timeout=90), faults.tail()
    assert Event.objects.get(pk=event.pk).dispatched_at is not None
    assert_delivered(event, mail_server, expected=40, allowed_extra=len(children))


def test_terminated_database_connections_lose_no_email(world, faults, mail_server):
    mail_server.slow(0.05)
    event = answered_proposal(world, 39)
    terminated = 0
    for wanted in (8, 16):
        assert wait_until(lambda n=wanted: sum(mail_server.received.values()) >= n, timeout=30)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [faults.database_name],
            )
            terminated += 1
    mail_server.fast()

    assert relay_until(all_sent(event, 40), timeout=90), faults.tail()
    # A connection cut while a process waits on the server (either of the two processes)
    # can leave that email ambiguous; "sent" is recorded again on a new connection.
    assert_delivered(event, mail_server, expected=40, allowed_extra=2 * terminated)


def test_one_event_dispatched_three_times_emails_each_recipient_once(world, faults, mail_server):
    event = answered_proposal(world, 29, dispatch=False)

    for _ in range(3):
        dispatch_event.delay(event.pk)

    assert relay_until(all_sent(event, 30)), faults.tail()
    assert_delivered(event, mail_server, expected=30)


# --- Redis under the cache stopped and hung while citizens write -----------------------------


@pytest.fixture
def private_redis(tmp_path):
    """A Redis server of this test's own (the machine's serves the other tests)."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import redis

    assert wait_until(lambda: _pings(redis.Redis(port=port)), timeout=10)
    yield process, f"redis://127.0.0.1:{port}/0"
    process.kill()
    process.wait()


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


def test_writes_succeed_while_the_cache_s_redis_is_hung_then_stopped(
    world, private_redis, client, settings
):
    process, url = private_redis
    settings.WRITE_RATE_LIMIT = "100/m"
    caches = {
        "default": {
            "BACKEND": "civic.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    citizen = CitizenFactory()
    client.force_login(citizen)
    proposals = [submit(world, CitizenFactory(), title=f"Idea {n}") for n in range(6)]

    def support(proposal) -> int:
        return client.post(reverse("proposals:support", args=[proposal.pk])).status_code

    with override_settings(CACHES=caches):
        answers = [support(proposals[0])]
        process.send_signal(signal.SIGSTOP)  # hung: accepts, never answers
        answers += [support(p) for p in proposals[1:3]]
        process.send_signal(signal.SIGCONT)
        process.kill()  # stopped
        process.wait()
        answers += [support(p) for p in proposals[3:]]

    assert answers == [302] * 6  # no request failed
    assert Support.objects.filter(citizen=citizen).count() == 6
