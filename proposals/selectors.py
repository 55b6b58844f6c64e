"""Reads of the proposals: what a visitor may see, lists, one proposal's page, who is
responsible for a topic, and "my activity" across participation."""

from __future__ import annotations

import rules
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from jurisdictions.models import Jurisdiction
from jurisdictions.selectors import responsible_space
from proposals.filters import SORTS
from proposals.models import Proposal, ProposalFollow, ProposalTransition, Support


def proposals_visible_to(user) -> QuerySet:
    """Public proposals plus the user's own drafts (drafts are private to their author)."""
    qs = Proposal.objects.with_author_and_space()
    if user is not None and user.is_authenticated:
        return qs.filter(~Q(status=Proposal.Status.DRAFT) | Q(author=user))
    return qs.public()


def with_supported(queryset: QuerySet, user) -> QuerySet:
    """``supported`` on each proposal: whether the signed-in ``user`` supports it."""
    if user is None or not user.is_authenticated:
        return queryset
    mine = Support.objects.filter(proposal=OuterRef("pk"), citizen=user)
    return queryset.annotate(supported=Exists(mine))


def proposal_list(
    *, user=None, space: Jurisdiction | None = None, descendants: bool = False
) -> QuerySet:
    """Public proposals, newest first, with ``supported`` for a signed-in ``user``; of
    ``space`` (and the places within it with ``descendants``) when given. One query
    whatever the number of rows; the list filters (``filters.ProposalFilter``) narrow it."""
    qs = with_supported(proposals_visible_to(user).public(), user)
    if space is not None:
        qs = qs.in_space(space, descendants=descendants)
    return qs.order_by(*SORTS["newest"])


def history_prefetch() -> Prefetch:
    """A proposal's history with who did each step and between which spaces (one query)."""
    return Prefetch(
        "transitions",
        queryset=ProposalTransition.objects.select_related("actor", "from_space", "to_space"),
    )


def proposal_for_page(pk: int, *, user=None) -> Proposal:
    """The proposal with everything its page, its dashboard panel and its API detail show,
    in two queries; with ``supported`` and ``followed`` for a signed-in ``user``. Raises
    ``Proposal.DoesNotExist``."""
    qs = Proposal.objects.select_related(
        "author",
        "space",
        "topic",
        "body",
        "read_by",
        "read_by_space",
        "answered_by",
        "practice",
    ).prefetch_related(history_prefetch())
    if user is not None and user.is_authenticated:
        mine = ProposalFollow.objects.filter(proposal=OuterRef("pk"), citizen=user)
        qs = qs.annotate(followed=Exists(mine))
    return with_supported(qs, user).get(pk=pk)


def visible_proposal(pk: int, user) -> Proposal | None:
    """``proposal_for_page``, or None if unknown or not for ``user``'s eyes (someone else's
    draft: ``proposals.see_proposal``)."""
    try:
        proposal = proposal_for_page(pk, user=user)
    except Proposal.DoesNotExist:
        return None
    return proposal if rules.has_perm("proposals.see_proposal", user, proposal) else None


def suggested_space(*, topic, home: Jurisdiction | None):
    """Who-is-responsible for ``topic`` where the citizen lives (None when unknown)."""
    if topic is None or home is None:
        return None
    try:
        return responsible_space(topic=topic, place=home)
    except ValidationError:
        return None


def activity_of(user) -> dict:
    """My activity: proposals (drafts included), supports, contributions and comments."""
    from proposals.consultations.models import Contribution
    from proposals.discussions.models import Comment

    return {
        "proposals": Proposal.objects.filter(author=user)
        .select_related("space", "topic")
        .order_by("-created_at")[:50],
        "supports": Support.objects.filter(citizen=user)
        .select_related("proposal__space")
        .order_by("-created_at")[:50],
        "contributions": Contribution.objects.filter(author=user)
        .select_related("consultation__space")
        .order_by("-created_at")[:50],
        "comments": Comment.objects.filter(author=user, deleted_at__isnull=True)
        .select_related("proposal", "contribution__consultation")
        .order_by("-created_at")[:50],
    }
