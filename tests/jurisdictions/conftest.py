"""Thin fixtures over ``tests/jurisdictions/factories.py`` (see its docstring for the world).

``world`` builds everything once per test; the other fixtures pick one piece of it, so a
test asks only for what it reads: ``def test_x(paris, household_waste): ...``.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.civic.factories import CitizenFactory


# --- places ---------------------------------------------------------------------------------
# --- organisations --------------------------------------------------------------------------
# --- topics ---------------------------------------------------------------------------------
# --- people ---------------------------------------------------------------------------------
@pytest.fixture
def citizen(db):
    return CitizenFactory()


@pytest.fixture
def staff(db):
    return CitizenFactory(is_staff=True)


# --- API clients ----------------------------------------------------------------------------
@pytest.fixture
def citizen_api(citizen):
    """An API client signed in as ``citizen``."""
    client = APIClient()
    client.force_login(citizen)
    return client
