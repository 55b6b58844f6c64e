"""Shared fixtures for the participation tests: the small world, personas and a proposal.

The world is ``tests/jurisdictions/builders.build_world()`` (France › Île-de-France › Paris,
Lyon, Montréal, the Métropole du Grand Paris, topics, who-is-responsible rules, bodies and
Anne Mairesse, the mayor of Paris). On top of it:

Personas (every protected action gets a test for the outsider)::

    author         Alice Author, lives in Paris (home set through ``home_set``)
    other_citizen  Oscar Other, lives in Lyon
    paris_dm       Anne Mairesse, mayor of Paris: a decision maker of Paris (the city)
    lyon_dm        Louis Lyonnais, mayor of Lyon: a decision maker of Lyon only
    staff          Sam Staff, platform staff (acts everywhere), no mandate
    people         all of them as attributes (``people.author``, ``people.lyon_dm``…)

Proposals::

    proposal       Alice's submitted proposal to Paris about household waste
    draft          Alice's draft to Paris (private to her)
    make_proposal  make_proposal(author, space=None, submit=True, **fields) → Proposal,
                   through ``services.proposal_create`` (valid fields by default)

Clients::

    client_as      client_as(user) → a new test ``Client`` logged in as ``user``

A test module may define a fixture of the same name to override one of these.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from jurisdictions.models import Mandate
from jurisdictions.services import home_set, mandate_assign
from proposals import services
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.builders import build_world


@pytest.fixture
def world(db):
    return build_world()


# --- places, organisations and topics -------------------------------------------------------
@pytest.fixture
def france(world):
    return world.places.france


@pytest.fixture
def ile_de_france(world):
    return world.places.ile_de_france


@pytest.fixture
def paris(world):
    """Paris, the city (under the county of Paris)."""
    return world.places.paris


@pytest.fixture
def lyon(world):
    return world.places.lyon


@pytest.fixture
def metropole(world):
    """Métropole du Grand Paris: responsible for household waste in Paris."""
    return world.organisations.metropole


@pytest.fixture
def household_waste(world):
    return world.topics.household_waste


@pytest.fixture
def motorways(world):
    return world.topics.motorways


@pytest.fixture
def interest_rates(world):
    return world.topics.interest_rates


# --- personas -------------------------------------------------------------------------------
@pytest.fixture
def author(world):
    """Alice Author, a citizen living in Paris."""
    citizen = CitizenFactory(display_name="Alice Author", email="alice@example.org")
    home_set(citizen=citizen, city=world.places.paris)
    return citizen


@pytest.fixture
def other_citizen(world):
    """Oscar Other, a citizen living in Lyon (no mandate)."""
    citizen = CitizenFactory(display_name="Oscar Other", email="oscar@example.org")
    home_set(citizen=citizen, city=world.places.lyon)
    return citizen


@pytest.fixture
def paris_dm(world):
    """Anne Mairesse, mayor of Paris: current mandate at Mairie de Paris."""
    return world.mayor


@pytest.fixture
def lyon_dm(world):
    """Louis Lyonnais, mayor of Lyon: current mandate at Mairie de Lyon, nothing in Paris."""
    citizen = CitizenFactory(display_name="Louis Lyonnais", email="louis@example.org")
    mandate_assign(
        citizen=citizen,
        body=world.bodies.lyon_city_hall,
        role=Mandate.Role.ELECTED,
        title="Mayor of Lyon",
    )
    return citizen


@pytest.fixture
def staff(db):
    """Sam Staff: platform staff, no mandate anywhere."""
    return CitizenFactory(
        display_name="Sam Staff", email="staff@example.org", platform_staff=True
    )


@pytest.fixture
def people(author, other_citizen, paris_dm, lyon_dm, staff):
    return SimpleNamespace(
        author=author, other=other_citizen, paris_dm=paris_dm, lyon_dm=lyon_dm, staff=staff
    )


# --- proposals ------------------------------------------------------------------------------
def proposal_fields(world, **overrides) -> dict:
    """Valid fields for ``services.proposal_create`` (household waste by default)."""
    fields = dict(
        topic=world.topics.household_waste,
        title="More recycling bins",
        text="Put **more** bins in every street.",
        impact_citizens=1,
        impact_citizens_text="Cleaner streets for everyone.",
        impact_collectivities=2,
        impact_collectivities_text="Less waste to collect.",
        impact_governments=0,
        impact_governments_text="No change for the government.",
        freedom_statement="Nobody is forced to recycle.",
    )
    fields.update(overrides)
    return fields


@pytest.fixture
def make_proposal(world):
    """make_proposal(author, space=None, submit=True, **fields): addressed to Paris by default."""

    def make(author, space=None, *, submit=True, **overrides):
        return services.proposal_create(
            author=author,
            space=space or world.places.paris,
            submit=submit,
            **proposal_fields(world, **overrides),
        )

    return make


@pytest.fixture
def proposal(make_proposal, author):
    """Alice's submitted proposal to Paris about household waste."""
    return make_proposal(author)


@pytest.fixture
def draft(make_proposal, author):
    """Alice's draft to Paris (visible to her only)."""
    return make_proposal(author, submit=False, title="My unfinished idea")


# --- clients --------------------------------------------------------------------------------
@pytest.fixture
def client_as(db):
    """client_as(user) → a new test Client logged in as ``user`` (one per persona)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
