"""Reads for participation: visible lists with filters, sorting and search; threads; activity."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from jurisdictions.models import Jurisdiction
from jurisdictions.selectors import responsible_for
from proposals.models import (
    Agreement,
    Comment,
    Consultation,
    Contribution,
    Proposal,
    ProposalTransition,
    Support,
)

SORTS = {
    "newest": ("-submitted_at", "-id"),
    "supported": ("-support_count", "-submitted_at", "-id"),
    "discussed": ("-comment_count", "-submitted_at", "-id"),
}


def text_search(queryset: QuerySet, term: str, fields: tuple[str, ...]) -> QuerySet:
    """Full-text search on PostgreSQL (French and English stemming); ``icontains`` elsewhere."""
    term = term.strip()
    if not term:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*fields, config="simple")
        query = SearchQuery(term, config="simple", search_type="websearch")
        # Stemmed matches in either language, plus the plain one for names.
        for config in ("english", "french"):
            vector = vector + SearchVector(*fields, config=config)
            query = query | SearchQuery(term, config=config, search_type="websearch")
        return queryset.annotate(search=vector).filter(search=query)
    condition = Q()
    for word in term.split():
        word_q = Q()
        for field in fields:
            word_q |= Q(**{f"{field}__icontains": word})
        condition &= word_q
    return queryset.filter(condition)


def proposals_visible_to(user) -> QuerySet:
    """Public proposals plus the user's own drafts."""
    qs = Proposal.objects.with_author_and_space()
    if user is not None and user.is_authenticated:
        return qs.filter(~Q(status=Proposal.Status.DRAFT) | Q(author=user))
    return qs.public()


def proposal_list(
    *,
    user=None,
    space: Jurisdiction | None = None,
    descendants: bool = False,
    topic: str = "",
    status: str = "",
    search: str = "",
    sort: str = "newest",
) -> QuerySet:
    """The proposals a list page shows; one query whatever the number of rows."""
    qs = proposals_visible_to(user).exclude(status=Proposal.Status.DRAFT)
    if space is not None:
        qs = qs.in_space(space, descendants=descendants)
    if topic:
        qs = qs.filter(topic__slug=topic)
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    qs = text_search(qs, search, ("title", "text"))
    if user is not None and user.is_authenticated:
        qs = qs.annotate(
            supported=Exists(Support.objects.filter(proposal=OuterRef("pk"), citizen=user))
        )
    return qs.order_by(*SORTS.get(sort, SORTS["newest"]))


def consultation_list(
    *, space: Jurisdiction | None = None, descendants: bool = False, topic: str = "",
    search: str = "", state: str = "",
) -> QuerySet:  # fmt: skip
    qs = Consultation.objects.select_related("space", "topic", "created_by")
    if space is not None:
        qs = qs.in_space(space, descendants=descendants)
    if topic:
        qs = qs.filter(topic__slug=topic)
    if state == "open":
        qs = qs.open_now()
    qs = text_search(qs, search, ("question", "context"))
    return qs.order_by("-opens_at", "-id")


def proposal_history(proposal: Proposal) -> QuerySet:
    return ProposalTransition.objects.filter(proposal=proposal).select_related(
        "actor", "from_space", "to_space"
    )


def comment_thread(
    *, proposal: Proposal | None = None, contribution: Contribution | None = None, chapter=None
):
    """Top-level comments with their replies (three levels), in two queries.

    The thread of a proposal, a contribution or a chapter's forum. Returns the roots; each
    comment has ``children`` (a list), built in Python from one flat query so the depth
    costs nothing.
    """
    qs = Comment.objects.select_related("author", "hidden_by")
    if proposal is not None:
        qs = qs.filter(proposal=proposal)
    elif chapter is not None:
        qs = qs.filter(chapter=chapter)
    else:
        qs = qs.filter(contribution=contribution)
    comments = list(qs.order_by("created_at", "id"))
    by_id = {c.pk: c for c in comments}
    roots = []
    for comment in comments:
        comment.children = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        (parent.children if parent else roots).append(comment)
    return roots


def contributions_of(consultation: Consultation, *, user=None) -> QuerySet:
    qs = consultation.contributions.select_related("author", "read_by", "hidden_by")
    if user is not None and user.is_authenticated:
        qs = qs.annotate(
            agreed=Exists(Agreement.objects.filter(contribution=OuterRef("pk"), citizen=user))
        )
    return qs.order_by("-helped_shape_policy", "-agree_count", "created_at", "id")


def suggested_space(*, topic, home: Jurisdiction | None):
    """Who-is-responsible for ``topic`` where the citizen lives (None when unknown)."""
    if topic is None or home is None:
        return None
    from django.core.exceptions import ValidationError

    try:
        return responsible_for(topic=topic, place=home).space
    except ValidationError:
        return None


def activity_of(user) -> dict:
    """My activity: proposals, supports, contributions and comments."""
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


def proposal_for_page(pk: int):
    return (
        Proposal.objects.select_related(
            "author",
            "space",
            "topic",
            "body",
            "read_by",
            "read_by_space",
            "answered_by",
            "practice",
        )
        .prefetch_related(
            Prefetch(
                "transitions",
                queryset=ProposalTransition.objects.select_related(
                    "actor", "from_space", "to_space"
                ),
            )
        )
        .get(pk=pk)
    )
