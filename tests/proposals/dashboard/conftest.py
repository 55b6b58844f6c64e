"""Fixtures of the dashboard tests (on top of ``tests/proposals/conftest.py``).

former_dm      Bruno, whose mandate at Paris city hall ended yesterday
three          three unread proposals to Paris
lyon_proposal  Oscar's proposal to Lyon (none of Paris's business)
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from jurisdictions.models import Mandate
from tests.civic.factories import CitizenFactory


@pytest.fixture
def former_dm(world):
    """Bruno, whose mandate at Paris city hall ended yesterday."""
    citizen = CitizenFactory(display_name="Bruno Before", email="bruno@example.org")
    Mandate.objects.create(
        citizen=citizen,
        body=world.bodies.paris_city_hall,
        role=Mandate.Role.ELECTED,
        title="Deputy mayor",
        start_date=date(2020, 7, 3),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    return citizen


@pytest.fixture
def three(make_proposal, author):
    """Three unread proposals to Paris."""
    return [make_proposal(author, title=f"Idea number {n}") for n in (1, 2, 3)]


@pytest.fixture
def lyon_proposal(make_proposal, other_citizen, lyon):
    return make_proposal(other_citizen, space=lyon, title="Trams for Lyon")
