"""Factories of the discussions app: a factory per model (comments and flags).

Threads and moderation in tests go through ``proposals.discussions.services``; these write
one row directly, for tests that need *a* comment or *a* flag.
"""

from __future__ import annotations

import factory

from proposals.discussions.models import Comment, Flag
from tests.civic.factories import CitizenFactory
from tests.proposals.factories import ProposalFactory


class CommentFactory(factory.django.DjangoModelFactory):
    """A top-level comment on a proposal."""

    class Meta:
        model = Comment

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(CitizenFactory)
    text = "Good idea."
    depth = 1


class FlagFactory(factory.django.DjangoModelFactory):
    """A citizen's flag on a comment (spam)."""

    class Meta:
        model = Flag

    comment = factory.SubFactory(CommentFactory)
    citizen = factory.SubFactory(CitizenFactory)
    reason = Flag.Reason.SPAM
