"""Factories of the proposals app: valid fields for the services, and a factory per model.

``proposal_fields(world)`` gives what ``proposals.services.proposal_create`` needs (household
waste by default); the ``make_proposal`` fixture of ``tests/proposals/conftest.py`` uses it.
The factory_boy factories write rows directly, for tests that need *a* proposal.
"""

from __future__ import annotations

import factory
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Proposal, ProposalFollow, ProposalTransition, Support
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import JurisdictionFactory, TopicFactory


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


def create_proposal(world, author, *, space=None, submit=True, **overrides) -> Proposal:
    """A proposal by ``author`` to Paris (or ``space``), through ``services.proposal_create``."""
    return services.proposal_create(
        author=author,
        space=space or world.places.paris,
        submit=submit,
        **proposal_fields(world, **overrides),
    )


def api_url(name: str, obj) -> str:
    """The API address ``name`` of ``obj`` (or of the id ``obj``)."""
    return reverse(f"api:{name}", kwargs={"pk": obj if isinstance(obj, int) else obj.pk})


def proposal_payload(world, **overrides) -> dict:
    """A valid API payload for a new proposal to Paris about household waste."""
    payload = {
        "space": world.places.paris.slug,
        "topic": "household-waste",
        "title": "More recycling bins",
        "text": "Put **more** bins in every street.",
        "impact_citizens": 1,
        "impact_citizens_text": "Cleaner streets for everyone.",
        "impact_collectivities": 2,
        "impact_collectivities_text": "Less waste to collect.",
        "impact_governments": 0,
        "impact_governments_text": "No change for the government.",
        "freedom_statement": "Nobody is forced to recycle.",
    }
    payload.update(overrides)
    return payload


def titles(response) -> list[str]:
    """The titles of a (successful) API list response."""
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


class ProposalFactory(factory.django.DjangoModelFactory):
    """A submitted proposal (``status=Proposal.Status.DRAFT`` for a draft)."""

    class Meta:
        model = Proposal

    author = factory.SubFactory(CitizenFactory)
    space = factory.SubFactory(JurisdictionFactory)
    topic = factory.SubFactory(TopicFactory)
    title = factory.Sequence(lambda n: f"Proposal {n}")
    text = "Put **more** bins in every street."
    impact_citizens = 1
    impact_citizens_text = "Cleaner streets for everyone."
    impact_collectivities = 2
    impact_collectivities_text = "Less waste to collect."
    impact_governments = 0
    impact_governments_text = "No change for the government."
    freedom_statement = "Nobody is forced to recycle."
    status = Proposal.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ProposalTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalTransition

    proposal = factory.SubFactory(ProposalFactory)
    from_status = Proposal.Status.DRAFT
    to_status = Proposal.Status.SUBMITTED
    actor = factory.SelfAttribute("proposal.author")
    from_space = factory.SelfAttribute("proposal.space")
    to_space = factory.SelfAttribute("proposal.space")


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    citizen = factory.SubFactory(CitizenFactory)


class ProposalFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalFollow

    proposal = factory.SubFactory(ProposalFactory)
    citizen = factory.SubFactory(CitizenFactory)
