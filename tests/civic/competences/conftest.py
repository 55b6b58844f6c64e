"""Fixtures of the competence tests: personas (the same as the challenges tests', whose
chapters and best practices the study circles and woven links use); the small world
(``world``) and ``client_as`` come from ``tests/conftest.py``.

Personas (every protected action gets a test for the outsider)::

    citizen     Chloé Citoyenne, a signed-in citizen
    staff       Sam Staff (platform staff)
    organiser   Olga Organiser, organiser of ``chapter`` (a local chapter of Lyon)
    outsider    Otto Outsider, an ordinary member of ``chapter`` (not an organiser)

Objects::

    chapter           the Lyon chapter Olga organises
    global_best       a practice declared global by staff and assessed positively

The framework itself (areas, competences, quizzes) is built by ``factories``.
"""

from __future__ import annotations

import pytest

from chapters.models import Membership
from tests.challenges import factories as challenge_factories
from tests.civic.factories import CitizenFactory


@pytest.fixture
def citizen(db):
    return CitizenFactory(display_name="Chloé Citoyenne")


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
def global_best(db, staff):
    practice = challenge_factories.make_practice(title="Mixed Territorial Representation (MTR)")
    return challenge_factories.make_global_best(practice, staff)


@pytest.fixture
def chapter(world, organiser, outsider):
    chapter = challenge_factories.make_chapter(
        world.places.lyon, organiser=organiser, name="Lyon 50/50"
    )
    Membership.objects.create(chapter=chapter, citizen=outsider)
    return chapter

