"""Shared fixtures for the participation tests: the small world, personas and a proposal.

The world is ``tests/jurisdictions/factories.build_world()`` (France › Île-de-France › Paris,
Lyon, Montréal, the Métropole du Grand Paris, topics, who-is-responsible rules, bodies and
Anne Mairesse, the mayor of Paris). On top of it:

Personas (every protected action gets a test for the outsider)::

    author         Alice Author, lives in Paris (home set through ``home_set``)
    other_citizen  Oscar Other, lives in Lyon
    paris_dm       Anne Mairesse, mayor of Paris: a decision maker of Paris (the city)
    lyon_dm        Louis Lyonnais, mayor of Lyon: a decision maker of Lyon only
    staff          Sam Staff, platform staff (acts everywhere), no mandate
    people         all of them as attributes (``people.author``, ``people.lyon_dm``…)

Proposals, consultations and discussions::

    proposal       Alice's submitted proposal to Paris about household waste
    draft          Alice's draft to Paris (private to her)
    make_proposal  make_proposal(author, space=None, submit=True, **fields) → Proposal,
                   through ``services.proposal_create`` (valid fields by default)
    consultation   "How should we collect bio-waste?", open in Paris for a week
    contribution   Alice's contribution to it
    comment        Oscar's comment on Alice's proposal
    flagged_comment  Oscar's rude comment on it, flagged by Alice

The world's places, topics and the clients (``client_as``, ``api``, ``api_as``) come from
``tests/conftest.py``; builders and factories from ``tests/proposals/factories.py`` and
``tests/proposals/{consultations,discussions}/factories.py``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from jurisdictions.models import Mandate
from jurisdictions.services import home_set, mandate_assign
from proposals.discussions import services as discussion_services
from proposals.discussions.models import Flag
from tests.civic.factories import CitizenFactory
from tests.proposals.consultations.factories import contribute, open_consultation
from tests.proposals.factories import create_proposal


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
@pytest.fixture
def make_proposal(world):
    """make_proposal(author, space=None, submit=True, **fields): addressed to Paris by default."""

    def make(author, space=None, *, submit=True, **overrides):
        return create_proposal(world, author, space=space, submit=submit, **overrides)

    return make


@pytest.fixture
def proposal(make_proposal, author):
    """Alice's submitted proposal to Paris about household waste."""
    return make_proposal(author)


@pytest.fixture
def draft(make_proposal, author):
    """Alice's draft to Paris (visible to her only)."""
    return make_proposal(author, submit=False, title="My unfinished idea")




# --- consultations and discussions ----------------------------------------------------------
@pytest.fixture
def consultation(world, paris_dm):
    """"How should we collect bio-waste?", open in Paris (opened by its mayor) for a week."""
    return open_consultation(world, paris_dm)


@pytest.fixture
def contribution(consultation, author):
    """Alice's contribution to ``consultation``."""
    return contribute(consultation, author)


@pytest.fixture
def comment(proposal, other_citizen):
    """Oscar's comment on Alice's proposal."""
    return discussion_services.comment_post(
        author=other_citizen, text="Good idea.", proposal=proposal
    )


@pytest.fixture
def flagged_comment(proposal, other_citizen, author):
    """Oscar's rude comment on Alice's proposal to Paris, flagged by Alice."""
    comment = discussion_services.comment_post(
        author=other_citizen, text="You are an idiot.", proposal=proposal
    )
    discussion_services.flag_add(
        citizen=author, reason=Flag.Reason.PERSONAL_ATTACK, details="Insults me by name.",
        content=comment,
    )  # fmt: skip
    return comment
