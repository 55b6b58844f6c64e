"""The inbox, the navigation badge and the preferences page."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jurisdictions.models import Follow
from jurisdictions.services import follow_add
from notifications import selectors, services
from notifications.models import Channel, Event, InboxState, Notification, Preference
from proposals import services as participation
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import open_consultation, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(world):
    """Follows Paris and Lyon; wrote a proposal to Paris that the mayor read."""
    citizen = CitizenFactory(display_name="Clara")
    follow_add(citizen=citizen, space=world.places.paris)
    follow_add(citizen=citizen, space=world.places.lyon)
    return citizen


def read_receipt(world, delivered, author, title="More bins", space=None):
    proposal = submit(world, author, title=title, space=space)
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    return proposal


def move_to(event_kind_or_event, moment: datetime):
    events = (
        Event.objects.filter(pk=event_kind_or_event.pk)
        if isinstance(event_kind_or_event, Event)
        else Event.objects.filter(kind=event_kind_or_event)
    )
    events.update(created_at=moment)
    Notification.objects.filter(event__in=events).update(created_at=moment)


def test_the_inbox_needs_a_signed_in_citizen(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_inbox_groups_items_by_day_in_the_local_time_zone(
    world, delivered, citizen, client_as, settings
):
    settings.TIME_ZONE = "Europe/Paris"
    proposal = read_receipt(world, delivered, citizen)
    with delivered():
        open_consultation(world)
    paris = timezone.get_fixed_timezone(60)  # CET, the dates below are in winter
    # Followers see what happened since they followed: they followed before all this.
    Follow.objects.filter(citizen=citizen).update(created_at=datetime(2024, 1, 1, tzinfo=paris))
    # 00:30 in Paris on 15 January is still 14 January in UTC.
    move_to(K.CONSULTATION_OPENED, datetime(2025, 1, 15, 0, 30, tzinfo=paris))
    move_to(K.PROPOSAL_READ, datetime(2025, 1, 13, 18, 0, tzinfo=paris))

    page = client_as(citizen).get("/notifications/").text

    assert page.index("Wednesday 15 January 2025") < page.index("opened a consultation")
    assert page.index("opened a consultation") < page.index("Monday 13 January 2025")
    assert page.index("Monday 13 January 2025") < page.index("Your proposal “More bins”")
    assert "Tuesday 14 January 2025" not in page
    assert "00:30" in page
    assert f'href="/notifications/{proposal.events.get(kind=K.PROPOSAL_READ).pk}/"' in page
    assert "2 unread" in page


def test_the_inbox_filters_by_place_and_kind(world, delivered, citizen, client_as):
    read_receipt(world, delivered, citizen, title="Paris bins")
    lyon_mayor = CitizenFactory()
    from jurisdictions.models import Mandate
    from jurisdictions.services import mandate_assign

    mandate_assign(
        citizen=lyon_mayor,
        body=world.bodies.lyon_city_hall,
        role=Mandate.Role.ELECTED,
        title="Mayor of Lyon",
    )
    proposal = submit(world, CitizenFactory(), title="Lyon trams", space=world.places.lyon)
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=lyon_mayor)
        open_consultation(world)
    client = client_as(citizen)

    everything = client.get("/notifications/").text
    assert "Lyon trams" in everything and "Paris bins" in everything
    in_lyon = client.get("/notifications/", {"space": world.places.lyon.pk}).text
    assert "Lyon trams" in in_lyon
    assert "Paris bins" not in in_lyon and "opened a consultation" not in in_lyon
    reads = client.get("/notifications/", {"kind": K.PROPOSAL_READ}).text
    assert "Lyon trams" in reads and "Paris bins" in reads
    assert "opened a consultation" not in reads
    # A place one does not follow, or nonsense, is ignored rather than an error.
    assert client.get("/notifications/", {"space": world.places.montreal.pk}).status_code == 200
    assert client.get("/notifications/", {"kind": "x", "before": "²"}).status_code == 200


def test_older_items_are_a_page_away(world, delivered, citizen, client_as):
    with delivered():
        for n in range(22):
            open_consultation(world, question=f"Question {n:02d}?")
    client = client_as(citizen)
    first = client.get("/notifications/").text
    assert "Question 21?" in first and "Question 02?" in first
    assert "Question 01?" not in first
    oldest_shown = Event.objects.get(consultation__question="Question 02?").pk
    assert f"before={oldest_shown}" in first
    second = client.get("/notifications/", {"before": oldest_shown}).text
    assert "Question 01?" in second and "Question 00?" in second
    assert "Question 02?" not in second
    assert "Older notifications" not in second


def test_marking_one_read_then_all(world, delivered, citizen, client_as):
    read_receipt(world, delivered, citizen)
    with delivered():
        open_consultation(world)
    client = client_as(citizen)
    audience = Event.objects.get(kind=K.CONSULTATION_OPENED)

    response = client.post(
        f"/notifications/{audience.pk}/read/", {"next": "/notifications/?kind=consultation.opened"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/notifications/?kind=consultation.opened"
    assert selectors.unread_count(citizen) == 1

    response = client.post("/notifications/read-all/", follow=True)
    assert "All notifications are marked as read." in response.text
    assert selectors.unread_count(citizen) == 0
    assert "Mark all as read" not in response.text


def test_marking_read_never_redirects_elsewhere(world, delivered, citizen, client_as):
    read_receipt(world, delivered, citizen)
    event = Event.objects.get(kind=K.PROPOSAL_READ)
    response = client_as(citizen).post(
        f"/notifications/{event.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/notifications/"


def test_marking_read_with_htmx_answers_the_new_badge(world, delivered, citizen, client_as):
    read_receipt(world, delivered, citizen)
    read_receipt(world, delivered, citizen, title="Second")
    event = Event.objects.filter(kind=K.PROPOSAL_READ).latest("id")
    response = client_as(citizen).post(f"/notifications/{event.pk}/read/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "1 unread notification" in response.text


def test_opening_an_item_marks_it_read_and_goes_to_its_page(world, delivered, citizen, client_as):
    proposal = read_receipt(world, delivered, citizen)
    event = Event.objects.get(kind=K.PROPOSAL_READ)
    response = client_as(citizen).get(f"/notifications/{event.pk}/")
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert selectors.unread_count(citizen) == 0
    # Someone else's notification is not theirs to open.
    assert client_as(CitizenFactory()).get(f"/notifications/{event.pk}/").status_code == 404


def test_the_badge_counts_unread_items(world, delivered, citizen, client, client_as):
    read_receipt(world, delivered, citizen)
    with delivered():
        open_consultation(world)
    badge = client_as(citizen).get("/notifications/badge/")
    assert badge.status_code == 200
    assert '<span class="badge" aria-hidden="true">2</span>' in badge.text
    assert "2 unread notifications" in badge.text

    services.inbox_mark_all_read(citizen=citizen)
    assert "No unread notification" in client_as(citizen).get("/notifications/badge/").text

    # Signed out meanwhile: htmx is told to stop polling (286), not sent to the login page.
    assert client.get("/notifications/badge/").status_code == 286


def test_the_preferences_page_saves_choices_and_digest(world, client_as):
    citizen = CitizenFactory()
    client = client_as(citizen)
    page = client.get("/notifications/preferences/").text
    assert 'name="proposal.read:email" checked' in page
    assert "Someone replied to my comment" in page

    # Everything as it is, except: no email for read receipts, emails for restorations.
    checked = {
        f"{row['kind']}:{channel}": "on"
        for row in selectors.preferences_of(citizen)
        for channel in Channel.values
        if row[channel]
    }
    del checked["proposal.read:email"]
    checked["content.restored:email"] = "on"
    response = client.post("/notifications/preferences/", {**checked, "digest": "daily"})

    assert response.status_code == 302
    assert set(Preference.objects.values_list("kind", "channel", "enabled")) == {
        (K.PROPOSAL_READ, Channel.EMAIL, False),
        (K.CONTENT_RESTORED, Channel.EMAIL, True),
    }
    assert InboxState.objects.get(citizen=citizen).digest == InboxState.Digest.DAILY
    page = client.get(response["Location"]).text
    assert "Your notification preferences were saved." in page
    assert 'name="proposal.read:email" checked' not in page


def test_an_invalid_digest_is_a_form_error_and_saves_nothing(world, client_as):
    citizen = CitizenFactory()
    response = client_as(citizen).post("/notifications/preferences/", {"digest": "hourly"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.text
    assert not Preference.objects.exists()


def test_the_inbox_page_costs_the_same_queries_for_3_or_30_items(
    world, delivered, citizen, client_as
):
    client = client_as(citizen)

    def queries_for_inbox() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/").status_code == 200
        return len(queries)

    for n in range(3):
        read_receipt(world, delivered, citizen, title=f"Few {n}")
    few = queries_for_inbox()
    with delivered():
        for n in range(27):
            open_consultation(world, question=f"Many {n}?")
    assert queries_for_inbox() == few
    # Session, citizen, followed places, then the inbox (4) and the unread count (4).
    assert few <= 12  # session, citizen, the inbox (5), its unread count (4), filters


def test_the_inbox_and_the_unread_count_are_bounded(
    world, delivered, citizen, django_assert_num_queries
):
    for n in range(4):
        read_receipt(world, delivered, citizen, title=f"Mine {n}")
    with delivered():
        for n in range(6):
            open_consultation(world, question=f"Q{n}?")
    # Preferences, cursor, follows, the id page, the events; on PostgreSQL the follows are
    # joined into the id page (notifications/pg.py).
    with django_assert_num_queries(5 if connection.vendor == "sqlite" else 4):
        items, _next = selectors.inbox_page(citizen)
        assert [item.message.text for item in items]
    with django_assert_num_queries(4 if connection.vendor == "sqlite" else 3):
        assert selectors.unread_count(citizen) == 10


def test_the_navigation_polls_the_badge_for_signed_in_citizens(world, client, client_as):
    page = client_as(CitizenFactory()).get("/notifications/preferences/").text
    assert '<a href="/notifications/">Notifications<span id="notification-badge"' in page
    assert 'hx-get="/notifications/badge/" hx-trigger="load, every 30s"' in page
    assert 'hx-get="/notifications/badge/"' not in client.get("/").text
