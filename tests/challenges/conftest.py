"""Fixtures of the challenges tests, on top of ``tests/conftest.py`` (the small world and the
people the competence tests share: ``citizen``, ``staff``, ``organiser``, ``outsider``, the
Lyon ``chapter`` and the ``global_best`` practice)::

    author      Alice Author, who proposed ``practice``
    practice    Alice's practice (not yet assessed, not global)
    challenge   a 50/50 challenge on ``global_best`` (goal 50)
"""

from __future__ import annotations

import pytest

from tests.challenges import factories
from tests.civic.factories import CitizenFactory


@pytest.fixture
def author(db):
    return CitizenFactory(display_name="Alice Author")


@pytest.fixture
def practice(db, author):
    return factories.make_practice(author)


@pytest.fixture
def challenge(global_best, staff):
    return factories.make_challenge(global_best, staff)
