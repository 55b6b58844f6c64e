"""Plain functions that make the things notifications are about, through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from notifications import selectors
from proposals import services as participation
from proposals.consultations import services as consultation_services


def submit(world, author, *, space=None, title="More bins"):
    """A proposal by ``author`` to Paris (or ``space``), submitted."""
    return participation.proposal_create(
        author=author,
        space=space or world.places.paris,
        submit=True,
        topic=world.topics.household_waste,
        title=title,
        text="Please.",
        impact_citizens=1,
        impact_citizens_text="a",
        impact_collectivities=1,
        impact_collectivities_text="b",
        impact_governments=0,
        impact_governments_text="c",
        freedom_statement="d",
    )


def open_consultation(world, *, question="How should we collect bio-waste?", closes_in=None):
    """A consultation the mayor opens in Paris, open now (for a week unless ``closes_in``)."""
    now = timezone.now()
    return consultation_services.consultation_open(
        actor=world.mayor,
        space=world.places.paris,
        topic=world.topics.household_waste,
        question=question,
        context="We are listening.",
        opens_at=now - timedelta(hours=1),
        closes_at=now + (closes_in or timedelta(days=7)),
    )


def inbox(citizen, **filters) -> list:
    items, _next = selectors.inbox_page(citizen, **filters)
    return items


def texts(citizen, **filters) -> list[str]:
    return [item.message.text for item in inbox(citizen, **filters)]


def told(citizen) -> list[tuple[str, bool]]:
    """(kind, personal) of each item in the citizen's inbox, newest first."""
    return [(item.event.kind, item.personal) for item in inbox(citizen)]
