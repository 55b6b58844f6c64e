"""Fixtures of the challenges tests: the small world of ``tests/jurisdictions/factories``
and personas.

Personas (every protected action gets a test for the outsider)::

    citizen     Chloé Citoyenne, a signed-in citizen
    author      Alice Author, who proposed ``practice``
    staff       Sam Staff (``is_staff``)
    organiser   Olga Organiser, organiser of ``chapter`` (a local chapter of Lyon)
    outsider    Otto Outsider, an ordinary member of ``chapter`` (not an organiser)

Objects::

    practice          Alice's practice (not yet assessed, not global)
    global_best       a practice declared global by staff and assessed positively
    challenge         a 50/50 challenge on it (goal 50)
    chapter           the Lyon chapter Olga organises
"""

from __future__ import annotations

import pytest

from chapters.models import Membership
from tests.challenges import factories
from tests.civic.factories import CitizenFactory


@pytest.fixture
def citizen(db):
    return CitizenFactory(display_name="Chloé Citoyenne")


@pytest.fixture
def author(db):
    return CitizenFactory(display_name="Alice Author")


@pytest.fixture
def staff(db):
    return CitizenFactory(display_name="Sam Staff", platform_staff=True)


@pytest.fixture
def organiser(db):
    return CitizenFactory(display_name="Olga Organiser")


@pytest.fixture
def outsider(db):
    return CitizenFactory(display_name="Otto Outsider")


@pytest.fixture
def practice(db, author):
    return factories.make_practice(author)


@pytest.fixture
def global_best(db, staff):
    practice = factories.make_practice(title="Mixed Territorial Representation (MTR)")
    return factories.make_global_best(practice, staff)


@pytest.fixture
def challenge(global_best, staff):
    return factories.make_challenge(global_best, staff)


@pytest.fixture
def chapter(world, organiser, outsider):
    chapter = factories.make_chapter(world.places.lyon, organiser=organiser, name="Lyon 50/50")
    Membership.objects.create(chapter=chapter, citizen=outsider)
    return chapter

