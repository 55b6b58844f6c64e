"""Fixtures of the chapter tests: the small world, personas, two chapters and a meeting.

The world is ``tests/jurisdictions/factories.build_world()`` (France › Île-de-France › Paris,
Lyon (520,000 people), Montréal, Anne Mairesse the mayor of Paris…). On top of it:

Personas (every protected action gets a test for the outsider)::

    organiser     Olga Organiser: organises the Paris chapter
    organiser_b   Bruno Bertin: organises the Lyon chapter (chapter B: none of Olga's business)
    member        Marie Membre: an active member of the Paris chapter
    outsider      Oscar Outsider: signed in, member of nothing
    staff         Sam Staff: ``is_staff`` (as decision makers are), no chapters permission
    superuser     Susan Super: a superuser

Chapters and meetings::

    paris_chapter  the local chapter of Paris: open to all
    lyon_chapter   the local chapter of Lyon: organisers approve each request
    meeting        a meeting of the Paris chapter next week (no capacity)

Notifications::

    delivered      ``with delivered(): …`` dispatches the events recorded inside

Clients::

    client_as      client_as(user) → a test Client logged in as ``user``
    api_as         api_as(user) → an APIClient logged in as ``user`` (None: anonymous)
"""

from __future__ import annotations

import pytest

from chapters.models import Chapter
from tests.chapters.factories import member_of, schedule, start_chapter
from tests.civic.factories import CitizenFactory


@pytest.fixture
def organiser(db):
    return CitizenFactory(display_name="Olga Organiser", email="olga@example.org")


@pytest.fixture
def organiser_b(db):
    return CitizenFactory(display_name="Bruno Bertin", email="bruno@example.org")


@pytest.fixture
def outsider(db):
    return CitizenFactory(display_name="Oscar Outsider", email="oscar@example.org")


@pytest.fixture
def staff(db):
    return CitizenFactory(display_name="Sam Staff", email="staff@example.org", is_staff=True)


@pytest.fixture
def superuser(db):
    return CitizenFactory(
        display_name="Susan Super", email="susan@example.org", is_staff=True, is_superuser=True
    )


@pytest.fixture
def paris_chapter(paris, organiser):
    return start_chapter(paris, organiser, name="Paris chapter")


@pytest.fixture
def lyon_chapter(lyon, organiser_b):
    return start_chapter(lyon, organiser_b, name="Lyon chapter", policy=Chapter.Policy.APPROVAL)


@pytest.fixture
def member(paris_chapter):
    return member_of(paris_chapter, display_name="Marie Membre", email="marie@example.org")


@pytest.fixture
def meeting(paris_chapter, organiser):
    return schedule(paris_chapter, organiser, title="First meeting")

