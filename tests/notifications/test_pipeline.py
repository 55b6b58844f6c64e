"""From domain events to inboxes: who is told, exactly once, and what they read."""

import pytest
from django.db import connection

from jurisdictions.services import follow_add, follow_remove, home_set
from notifications import selectors, services
from notifications.models import Event, Notification
from proposals import services as participation
from proposals.models import Proposal
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import submit, texts

pytestmark = pytest.mark.django_db


def test_a_read_receipt_reaches_the_author_and_each_follower_once(
    world, django_capture_on_commit_callbacks
):
    author, follower, bystander = CitizenFactory(), CitizenFactory(), CitizenFactory()
    home_set(citizen=author, city=world.places.paris)  # the author follows Paris too
    home_set(citizen=follower, city=world.places.paris)
    home_set(citizen=bystander, city=world.places.lyon)
    proposal = submit(world, author)

    with django_capture_on_commit_callbacks(execute=True):
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)

    assert texts(author) == ["Your proposal “More bins” was read by Paris."]
    assert texts(follower) == ["A proposal was read in Paris: “More bins”."]
    assert texts(bystander) == []
    assert texts(world.mayor) == []  # the actor is never told
    assert selectors.unread_count(author) == 1
    assert selectors.unread_count(follower) == 1
    assert Notification.objects.count() == 1  # followers cost no row
    assert Event.objects.get(kind=K.PROPOSAL_READ).dispatched_at is not None


def test_dispatching_again_adds_nothing(world, django_capture_on_commit_callbacks):
    author = CitizenFactory()
    proposal = submit(world, author)
    with django_capture_on_commit_callbacks(execute=True):
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    event = Event.objects.get(kind=K.PROPOSAL_READ)
    services.event_dispatch(event_id=event.pk)
    services.event_dispatch(event_id=event.pk)
    assert Notification.objects.filter(event=event).count() == 1


def test_unfollowing_stops_audience_notifications_at_once(
    world, django_capture_on_commit_callbacks
):
    author, follower = CitizenFactory(), CitizenFactory()
    follow_add(citizen=follower, space=world.places.paris)
    proposal = submit(world, author)
    with django_capture_on_commit_callbacks(execute=True):
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    assert selectors.unread_count(follower) == 1
    follow_remove(citizen=follower, space=world.places.paris)
    assert selectors.unread_count(follower) == 0 and texts(follower) == []


def test_mark_one_and_mark_all_read_keep_counts_exact(world, django_capture_on_commit_callbacks):
    author, follower = CitizenFactory(), CitizenFactory()
    follow_add(citizen=follower, space=world.places.paris)
    first, second = submit(world, author), submit(world, author)
    with django_capture_on_commit_callbacks(execute=True):
        participation.proposal_mark_read(proposal=first, reader=world.mayor)
        participation.proposal_mark_read(proposal=second, reader=world.mayor)
    assert selectors.unread_count(follower) == 2
    newest = Event.objects.filter(kind=K.PROPOSAL_READ).order_by("-id").first()
    assert services.notification_mark_read(citizen=follower, event_id=newest.pk) is True
    assert selectors.unread_count(follower) == 1
    services.inbox_mark_all_read(citizen=follower)
    assert selectors.unread_count(follower) == 0
    assert selectors.unread_count(author) == 2
    services.inbox_mark_all_read(citizen=author)
    assert selectors.unread_count(author) == 0
    assert all(item.read for item in selectors.inbox_page(author)[0])


def test_supporters_hear_the_answer(world, django_capture_on_commit_callbacks):
    author, supporter = CitizenFactory(), CitizenFactory()
    proposal = submit(world, author)
    participation.support_add(proposal=proposal, citizen=supporter)
    with django_capture_on_commit_callbacks(execute=True):
        participation.proposal_answer(
            proposal=proposal, actor=world.mayor, text="Yes", outcome=Proposal.Status.ACCEPTED
        )
    assert "“More bins” was answered by Paris: accepted." in texts(supporter)
    assert texts(author)[0] == "“More bins” was answered by Paris: accepted."


def test_a_muted_kind_is_not_shown(world, django_capture_on_commit_callbacks):
    author = CitizenFactory()
    services.preference_set(citizen=author, kind=K.PROPOSAL_READ, channel="in_app", enabled=False)
    proposal = submit(world, author)
    with django_capture_on_commit_callbacks(execute=True):
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    assert texts(author) == [] and selectors.unread_count(author) == 0


def test_the_inbox_costs_a_fixed_number_of_queries(
    world, django_capture_on_commit_callbacks, django_assert_num_queries
):
    author = CitizenFactory()
    follow_add(citizen=author, space=world.places.paris)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            participation.proposal_mark_read(proposal=submit(world, author), reader=world.mayor)
    # On PostgreSQL the follows are joined into the id page (notifications/pg.py).
    with django_assert_num_queries(5 if connection.vendor == "sqlite" else 4):
        items, _next = selectors.inbox_page(author)
        [item.message for item in items]
    # Preferences, cursor, personal count, audience count.
    with django_assert_num_queries(4 if connection.vendor == "sqlite" else 3):
        assert selectors.unread_count(author) == 5


def test_marking_read_what_is_not_in_the_inbox_changes_nothing(
    world, django_capture_on_commit_callbacks
):
    from notifications.models import AudienceRead

    author, outsider = CitizenFactory(), CitizenFactory()
    with django_capture_on_commit_callbacks(execute=True):
        participation.proposal_mark_read(proposal=submit(world, author), reader=world.mayor)
    event = Event.objects.get(kind=K.PROPOSAL_READ)
    # Someone else's personal item, and an id that does not exist (a row for it would break
    # the foreign key at commit).
    assert services.notification_mark_read(citizen=outsider, event_id=event.pk) is False
    assert services.notification_mark_read(citizen=outsider, event_id=987654) is False
    assert not AudienceRead.objects.exists()
    assert selectors.unread_count(author) == 1


def test_an_email_queue_failure_leaves_the_event_to_the_relay(
    world, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    author = CitizenFactory()
    proposal = submit(world, author)
    with django_capture_on_commit_callbacks(execute=False):
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    event = Event.objects.get(kind=K.PROPOSAL_READ)

    def broker_gone(ids):
        assert ids  # the author's "read" email is due
        raise OperationalError("broker gone")

    with pytest.raises(OperationalError):
        services.event_dispatch(event_id=event.pk, queue_emails=broker_gone)
    event.refresh_from_db()
    assert event.dispatched_at is None  # the relay will pick it up
    assert Notification.objects.filter(event=event).count() == 1

    sent = []
    services.event_dispatch(event_id=event.pk, queue_emails=sent.extend)
    event.refresh_from_db()
    assert event.dispatched_at is not None
    assert len(sent) == 1 and Notification.objects.filter(event=event).count() == 1


def _implemented(world, supporters: int):
    """A proposal with ``supporters`` supporters, set implemented (all of them are told),
    the event recorded but not dispatched."""
    proposal = submit(world, CitizenFactory())
    for _ in range(supporters):
        participation.support_add(proposal=proposal, citizen=CitizenFactory())
    participation.proposal_set_status(
        proposal=proposal, actor=world.mayor, status="implemented", note="Done."
    )
    return Event.objects.get(proposal=proposal, kind=K.PROPOSAL_STATUS_CHANGED)


def test_a_large_audience_is_dispatched_one_slice_per_task(world, settings, monkeypatch):
    from notifications import tasks

    settings.NOTIFICATIONS_DISPATCH_CHUNK = 2
    event = _implemented(world, 4)  # the author and 4 supporters
    runs = []
    real = services.event_dispatch
    monkeypatch.setattr(
        services, "event_dispatch", lambda **kw: runs.append(kw["after"]) or real(**kw)
    )

    tasks.dispatch_event.delay(event.pk)

    assert len(runs) == 3  # 2 + 2 + 1 recipients
    assert Notification.objects.filter(event=event).count() == 5
    assert Event.objects.get(pk=event.pk).dispatched_at is not None


def test_a_lost_slice_leaves_the_event_to_the_relay_once_the_dispatch_stalls(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    from notifications.tasks import relay_undispatched

    settings.NOTIFICATIONS_DISPATCH_CHUNK = 2
    event = _implemented(world, 4)
    Event.objects.filter(pk=event.pk).update(created_at=timezone.now() - timedelta(hours=1))

    services.event_dispatch(event_id=event.pk, continue_with=lambda after: None)  # lost

    assert Notification.objects.filter(event=event).count() == 2
    assert relay_undispatched() == 0  # under way a moment ago: left alone
    Event.objects.filter(pk=event.pk).update(
        dispatch_progress_at=timezone.now() - timedelta(minutes=5)
    )
    assert relay_undispatched() == 1
    assert Notification.objects.filter(event=event).count() == 5
    assert Event.objects.get(pk=event.pk).dispatched_at is not None
