"""The beat tasks: the closing reminder, the outbox relay; and the broker down at commit."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from jurisdictions.services import follow_add
from notifications import selectors
from notifications.models import Event, Notification
from notifications.tasks import dispatch_event, relay_undispatched
from proposals import services as participation
from proposals.consultations import services as consultation_services
from proposals.consultations.tasks import remind_closing_consultations
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import open_consultation, submit, texts

pytestmark = pytest.mark.django_db


def test_the_closing_reminder_is_recorded_once_per_consultation(world, delivered):
    follower = CitizenFactory()
    follow_add(citizen=follower, space=world.places.paris)
    closing = open_consultation(world, question="Closing soon?", closes_in=timedelta(hours=30))
    open_consultation(world, question="Plenty of time?", closes_in=timedelta(days=5))

    with delivered():
        assert remind_closing_consultations.delay().get() == 1
        assert remind_closing_consultations.delay().get() == 0

    [reminder] = Event.objects.filter(kind=K.CONSULTATION_CLOSING)
    assert reminder.consultation == closing
    assert reminder.dispatched_at is not None
    assert texts(follower, kind=K.CONSULTATION_CLOSING) == [
        "The consultation “Closing soon?” in Paris closes in 48 hours."
    ]


def test_a_closed_consultation_gets_no_reminder(world):
    consultation = open_consultation(world, closes_in=timedelta(hours=30))
    consultation_services.consultation_close(
        consultation=consultation, actor=world.mayor, summary="Done"
    )
    assert remind_closing_consultations.delay().get() == 0


def undispatched_read_receipt(world, *, age: timedelta) -> Event:
    """A read receipt whose dispatch was never enqueued (the on-commit hook did not run)."""
    proposal = submit(world, CitizenFactory(), title=f"Aged {age}")
    participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    event = Event.objects.filter(kind=K.PROPOSAL_READ).latest("id")
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - age)
    return event


def test_the_relay_re_enqueues_only_old_undispatched_events(world, settings):
    settings.NOTIFICATIONS_RELAY_DELAY = 30
    old = undispatched_read_receipt(world, age=timedelta(minutes=5))
    recent = undispatched_read_receipt(world, age=timedelta(seconds=5))
    done = undispatched_read_receipt(world, age=timedelta(minutes=10))
    dispatch_event.delay(done.pk)
    done.refresh_from_db()
    dispatched_at = done.dispatched_at

    assert relay_undispatched.delay().get() == 1

    assert Event.objects.get(pk=old.pk).dispatched_at is not None
    assert Notification.objects.filter(event=old).count() == 1
    assert Event.objects.get(pk=recent.pk).dispatched_at is None
    assert Event.objects.get(pk=done.pk).dispatched_at == dispatched_at
    assert Notification.objects.filter(event=done).count() == 1


def broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:9. Connection refused.")


def test_a_change_succeeds_when_the_broker_is_down_and_the_relay_delivers_later(
    world, delivered, monkeypatch
):
    author = CitizenFactory()
    proposal = submit(world, author)
    with monkeypatch.context() as patch:
        patch.setattr(dispatch_event, "delay", broker_down)
        with delivered():
            assert participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
        event = Event.objects.get(kind=K.PROPOSAL_READ)
        assert event.dispatched_at is None
        Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(hours=1))
        # Still down: the relay stops at the first failure and raises nothing.
        assert relay_undispatched.delay().get() == 0

    assert relay_undispatched.delay().get() == 1
    assert texts(author) == ["Your proposal “More bins” was read by Paris."]
    assert selectors.unread_count(author) == 1
