"""The notification pipeline on a real Celery worker, PostgreSQL, Redis and an SMTP server.

The services commit (``transactional_db``), their on-commit hook publishes the dispatch to
Redis, and the worker of ``tests/integration/conftest.py`` fans the event out. What the unit
tests run eagerly is proven here for real: exactly one notification each, dispatching twice
or concurrently adds nothing, a broker down at commit loses nothing (the relay delivers),
and a digest goes through SMTP with its unsubscribe headers.
"""

from __future__ import annotations

import email
import re
import socket
import uuid
from contextlib import contextmanager
from datetime import timedelta
from email import policy

import pytest
from django.utils import timezone

from civic.celery import app
from jurisdictions.services import follow_add
from notifications import selectors
from notifications.emails import digest_send
from notifications.models import Event, Notification
from notifications.tasks import dispatch_event, relay_undispatched
from proposals import services as participation
from proposals.models import Proposal
from tests.civic.factories import CitizenFactory
from tests.integration.conftest import wait_until
from tests.jurisdictions.factories import build_world
from tests.kinds import K
from tests.notifications.factories import submit

pytestmark = pytest.mark.integration
# Nothing listens on the discard port: publishing there fails at once with kombu's
# OperationalError, as it does when Redis is down.
DEAD_BROKER = "redis://127.0.0.1:9/0"
EMAIL_RECEIVED = re.compile(r"notifications\.send_notification_emails\[([^\]]+)\] received")


@pytest.fixture
def world(celery_worker_process, transactional_db):
    return build_world()


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def wait_dispatched(event: Event, *, timeout: float = 30) -> Event:
    dispatched = wait_until(
        lambda: Event.objects.filter(pk=event.pk, dispatched_at__isnull=False).first(),
        timeout=timeout,
    )
    assert dispatched, f"event {event.pk} ({event.kind}) was not dispatched in {timeout}s"
    return dispatched


def result_of(line: str) -> str:
    """The return value at the end of a worker's "succeeded in 0.01s: 3" line."""
    return line.rsplit(": ", 1)[-1].strip()


@contextmanager
def broker_unreachable(monkeypatch):
    """While inside, dispatches are published to a broker that is down."""

    def delay_on_a_dead_broker(*args, **kwargs):
        with app.connection_for_write(DEAD_BROKER) as connection:
            return dispatch_event.apply_async(args, kwargs, connection=connection)

    with monkeypatch.context() as patch:
        patch.setattr(dispatch_event, "delay", delay_on_a_dead_broker)
        yield


def test_a_read_receipt_reaches_the_author_and_each_of_50_followers_once(
    world, celery_worker_process
):
    author = CitizenFactory()
    followers = CitizenFactory.create_batch(50)
    for follower in followers:
        follow_add(citizen=follower, space=world.places.paris)
    title = unique("Benches")
    proposal = submit(world, author, title=title)

    assert participation.proposal_mark_read(proposal=proposal, reader=world.mayor) is True

    event = wait_dispatched(Event.objects.get(proposal=proposal, kind=K.PROPOSAL_READ))
    assert list(Notification.objects.filter(event=event).values_list("recipient", flat=True)) == [
        author.pk
    ]  # followers cost no row
    assert [item.message.text for item in selectors.inbox_page(author)[0]] == [
        f"Your proposal “{title}” was read by Paris."
    ]
    for follower in followers:
        items, _next = selectors.inbox_page(follower)
        assert [(item.event.pk, item.personal) for item in items] == [(event.pk, False)]
        assert selectors.unread_count(follower) == 1
    assert wait_until(
        lambda: Notification.objects.filter(event=event, emailed_at__isnull=False).exists(),
        timeout=20,
    ), celery_worker_process.tail()

    # Dispatching the same event again, on the worker: nothing more.
    again = dispatch_event.delay(event.pk).id
    assert result_of(celery_worker_process.task_line(again, "succeeded", timeout=20)) == "0"
    assert Notification.objects.filter(event=event).count() == 1
    assert Event.objects.get(pk=event.pk).dispatched_at == event.dispatched_at


def test_two_concurrent_dispatches_of_one_answer_notify_and_email_each_recipient_once(
    world, celery_worker_process, monkeypatch
):
    author = CitizenFactory()
    proposal = submit(world, author, title=unique("Trams"))
    supporters = CitizenFactory.create_batch(30)
    for supporter in supporters:
        participation.support_add(proposal=proposal, citizen=supporter)
    with broker_unreachable(monkeypatch):  # recorded, not yet dispatched
        participation.proposal_answer(
            proposal=proposal, actor=world.mayor, text="Yes.", outcome=Proposal.Status.ACCEPTED
        )
    event = Event.objects.get(proposal=proposal, kind=K.PROPOSAL_ANSWERED)
    assert event.dispatched_at is None
    offset = len(celery_worker_process.log())

    first, second = dispatch_event.delay(event.pk).id, dispatch_event.delay(event.pk).id

    for task_id in (first, second):
        celery_worker_process.task_line(task_id, "succeeded", timeout=30)
    recipients = {author.pk, *(supporter.pk for supporter in supporters)}
    notifications = Notification.objects.filter(event=event)
    assert wait_until(
        lambda: notifications.filter(email_state="sent").count() == len(recipients), timeout=30
    ), celery_worker_process.tail()
    assert set(notifications.values_list("recipient", flat=True)) == recipients
    assert notifications.count() == len(recipients)
    # Each email went out once (the worker's console backend writes each to its log), and
    # the mail tasks of both dispatches together sent exactly as many.
    log = celery_worker_process.log()[offset:]
    for pk in notifications.values_list("pk", flat=True):
        assert log.count(f"Message-ID: <civic-notification-{pk}@") == 1, pk
    email_tasks = EMAIL_RECEIVED.findall(log)
    sent = sum(
        int(result_of(celery_worker_process.task_line(task_id, "succeeded", timeout=30)))
        for task_id in email_tasks
    )
    assert sent == len(recipients)


def test_a_broker_down_at_commit_loses_nothing_and_the_relay_delivers(
    world, celery_worker_process, monkeypatch, caplog
):
    author = CitizenFactory()
    proposal = submit(world, author, title=unique("Bins"))

    with broker_unreachable(monkeypatch):
        assert participation.proposal_mark_read(proposal=proposal, reader=world.mayor) is True

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.READ  # the change itself is committed
    event = Event.objects.get(proposal=proposal, kind=K.PROPOSAL_READ)
    assert "the relay will retry" in caplog.text
    assert Event.objects.get(pk=event.pk).dispatched_at is None
    assert not Notification.objects.filter(event=event).exists()

    # The broker is back; the beat's relay runs once the event is old enough.
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    relay = relay_undispatched.delay().id
    assert result_of(celery_worker_process.task_line(relay, "succeeded", timeout=20)) == "1"

    wait_dispatched(event)
    assert list(Notification.objects.filter(event=event).values_list("recipient", flat=True)) == [
        author.pk
    ]
    assert selectors.unread_count(author) == 1


# --- a digest through a real SMTP server -----------------------------------------------------


class Inbox:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(integration_services, settings):
    """A local SMTP server, and this process's email settings pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield inbox
    finally:
        controller.stop()


def test_a_digest_goes_through_smtp_with_its_unsubscribe_headers(world, smtp_server):
    follower = CitizenFactory(display_name="Flora", email="flora@example.org")
    follow_add(citizen=follower, space=world.places.paris)
    title = unique("Fountains")
    participation.proposal_mark_read(
        proposal=submit(world, CitizenFactory(), title=title), reader=world.mayor
    )
    participation.proposal_mark_read(
        proposal=submit(world, CitizenFactory(), title=unique("Trees")), reader=world.mayor
    )

    # In this process (the worker has its own email settings): the task is one call to it.
    assert digest_send(citizen_id=follower.pk, frequency="weekly") is True

    envelope = next(e for e in smtp_server.envelopes if e.rcpt_tos == ["flora@example.org"])
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == (
        "[civic] Your weekly digest: 2 updates from the places you follow"
    )
    # A long header is folded onto the next line: unfolded, its value starts with a space.
    unsubscribe = message["List-Unsubscribe"].strip()
    assert re.fullmatch(r"<https?://[^>]+/notifications/unsubscribe/[^/>]+/>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    assert f"A proposal was read in Paris: “{title}”." in text
    html = message.get_body(("html",)).get_content()
    assert f"“{title}”" in html
    # A second run for the same period sends nothing more.
    assert digest_send(citizen_id=follower.pk, frequency="weekly") is False
    assert [e.rcpt_tos for e in smtp_server.envelopes].count(["flora@example.org"]) == 1
