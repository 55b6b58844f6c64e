"""Counters hold under concurrent requests: RSVPs never exceed the capacity, joins count once.

Each citizen acts from their own thread (their own database connection), all released at
once, against committed data (``transactional_db``). PostgreSQL only (as in CI).
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chapters import services
from chapters.models import RSVP, Membership
from tests.chapters.factories import member_of, schedule, start_chapter
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import build_places

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite locks the whole database for each writer: these races need PostgreSQL (CI's).
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def at_once(actions) -> list:
    """Run each action in its own thread, released together; return results or errors."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # reported to the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_concurrent_rsvps_never_exceed_the_capacity():
    places = build_places()
    organiser = CitizenFactory()
    chapter = start_chapter(places.paris, organiser)
    meeting = schedule(chapter, organiser, capacity=2)
    people = [member_of(chapter) for _ in range(6)]

    results = at_once([lambda p=p: services.rsvp_add(citizen=p, meeting=meeting) for p in people])

    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 4 and all("full" in r.messages[0] for r in refused)
    meeting.refresh_from_db()
    assert meeting.rsvp_count == 2 == RSVP.objects.filter(meeting=meeting).count()


def test_concurrent_double_joins_count_once():
    places = build_places()
    chapter = start_chapter(places.paris, CitizenFactory())
    citizen = CitizenFactory()

    results = at_once(
        [lambda: services.membership_join(citizen=citizen, chapter=chapter) for _ in range(4)]
    )

    assert not [r for r in results if isinstance(r, Exception)]
    chapter.refresh_from_db()
    assert chapter.member_count == 2 == Membership.objects.active().filter(chapter=chapter).count()
