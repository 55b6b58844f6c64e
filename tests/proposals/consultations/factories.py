"""Factories of the consultations app: consultations and contributions through the services,
and a factory per model.

``open_consultation(world, actor)`` opens "How should we collect bio-waste?" in Paris, open
since an hour ago and for a week; ``contribute(consultation, author)`` posts a contribution.
The ``consultation`` and ``contribution`` fixtures of ``tests/proposals/conftest.py`` use them.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.urls import reverse
from django.utils import timezone

from proposals.consultations import services as consultation_services
from proposals.consultations.models import Agreement, Consultation, ConsultationFollow, Contribution
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import JurisdictionFactory, TopicFactory


def open_consultation(world, actor, *, space=None, **overrides) -> Consultation:
    """A consultation of Paris (or ``space``) opened by ``actor``, through the service."""
    now = timezone.now()
    fields = dict(
        question="How should we collect bio-waste?",
        context="The city wants **weekly** collection.",
        topic=world.topics.household_waste,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )
    fields.update(overrides)
    return consultation_services.consultation_open(
        actor=actor, space=space or world.places.paris, **fields
    )


def contribute(consultation, author, text="Weekly collection, with composters in parks."):
    return consultation_services.contribution_post(
        consultation=consultation, author=author, text=text
    )


def focused(contribution) -> str:
    """The page the views send citizens back to after acting on ``contribution``."""
    url = reverse("consultations:detail", args=[contribution.consultation_id])
    return f"{url}?contribution={contribution.pk}"


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation (since yesterday, for a month)."""

    class Meta:
        model = Consultation

    space = factory.SubFactory(JurisdictionFactory)
    topic = factory.SubFactory(TopicFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    context = "We want to know what you think."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    created_by = factory.SubFactory(CitizenFactory)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    consultation = factory.SubFactory(ConsultationFactory)
    author = factory.SubFactory(CitizenFactory)
    text = "Collect on Saturdays."


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    contribution = factory.SubFactory(ContributionFactory)
    citizen = factory.SubFactory(CitizenFactory)


class ConsultationFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationFollow

    consultation = factory.SubFactory(ConsultationFactory)
    citizen = factory.SubFactory(CitizenFactory)
