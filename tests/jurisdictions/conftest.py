"""Thin fixtures over ``tests/jurisdictions/builders.py`` (see its docstring for the world).

``world`` builds everything once per test; the other fixtures pick one piece of it, so a
test asks only for what it reads: ``def test_x(paris, household_waste): ...``.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.civic.factories import CitizenFactory
from tests.jurisdictions.builders import build_world


@pytest.fixture
def world(db):
    return build_world()


# --- places ---------------------------------------------------------------------------------
@pytest.fixture
def france(world):
    return world.places.france


@pytest.fixture
def ile_de_france(world):
    return world.places.ile_de_france


@pytest.fixture
def paris_county(world):
    return world.places.paris_county


@pytest.fixture
def paris(world):
    """Paris, the city (under the county of Paris)."""
    return world.places.paris


@pytest.fixture
def rhone(world):
    return world.places.rhone


@pytest.fixture
def lyon(world):
    return world.places.lyon


@pytest.fixture
def canada(world):
    return world.places.canada


@pytest.fixture
def montreal(world):
    return world.places.montreal


# --- organisations --------------------------------------------------------------------------
@pytest.fixture
def european_union(world):
    return world.organisations.european_union


@pytest.fixture
def ecb(world):
    return world.organisations.ecb


@pytest.fixture
def metropole(world):
    """Métropole du Grand Paris, covering Paris (city)."""
    return world.organisations.metropole


# --- topics ---------------------------------------------------------------------------------
@pytest.fixture
def household_waste(world):
    return world.topics.household_waste


@pytest.fixture
def motorways(world):
    return world.topics.motorways


@pytest.fixture
def interest_rates(world):
    return world.topics.interest_rates


# --- people ---------------------------------------------------------------------------------
@pytest.fixture
def citizen(db):
    return CitizenFactory()


@pytest.fixture
def mayor(world):
    """A decision maker of Paris (city): current mandate at Mairie de Paris."""
    return world.mayor


@pytest.fixture
def staff(db):
    return CitizenFactory(is_staff=True)


# --- API clients ----------------------------------------------------------------------------
@pytest.fixture
def api_client():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def citizen_api(citizen):
    """An API client signed in as ``citizen``."""
    client = APIClient()
    client.force_login(citizen)
    return client
