"""Factories of the notifications app: builders of what notifications are about (through the
services), and a factory per model at the end."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from notifications import selectors
from notifications.models import AudienceRead, Channel, Event, InboxState, Notification, Preference
from proposals import services as participation
from proposals.consultations import services as consultation_services
from proposals.notifications import PROPOSAL_SUBMITTED
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import JurisdictionFactory


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


# --- one factory per model: a row, directly -------------------------------------------------
class EventFactory(factory.django.DjangoModelFactory):
    """Something that happened (a proposal submitted, by default), not yet dispatched."""

    class Meta:
        model = Event

    kind = str(PROPOSAL_SUBMITTED)
    actor = factory.SubFactory(CitizenFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread notification of ``event`` for ``recipient``."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(CitizenFactory)
    event = factory.SubFactory(EventFactory)
    kind = factory.SelfAttribute("event.kind")
    space = factory.SubFactory(JurisdictionFactory)


class InboxStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboxState
        django_get_or_create = ("citizen",)

    citizen = factory.SubFactory(CitizenFactory)


class AudienceReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceRead

    citizen = factory.SubFactory(CitizenFactory)
    event = factory.SubFactory(EventFactory)


class PreferenceFactory(factory.django.DjangoModelFactory):
    """The citizen turned emails of submitted proposals off."""

    class Meta:
        model = Preference

    citizen = factory.SubFactory(CitizenFactory)
    kind = str(PROPOSAL_SUBMITTED)
    channel = Channel.EMAIL
    enabled = False
