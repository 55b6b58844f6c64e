"""Reads of the decision makers' dashboard: what is addressed to the spaces they serve.

Everything starts from a ``DashboardScope``: the spaces where the citizen holds a mandate in
force today (``jurisdictions.rules.served_spaces``, which every permission check of the
request reuses), or every space for platform staff. Lists filter on that scope in the
database, so a page never runs one permission query per row; actions on one item still ask
``rules.has_perm`` (the services do it again), so the scope only decides what is *shown*.

Each list is one query whatever the number of rows (plus one per prefetch).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    When,
)
from django.db.models import Value as V
from django.utils import timezone

from civic.rules import is_platform_staff
from jurisdictions.models import Body, Jurisdiction
from jurisdictions.rules import served_spaces
from proposals.consultations.models import Consultation, Contribution
from proposals.discussions.models import Comment
from proposals.discussions.selectors import open_flags
from proposals.models import Proposal

S = Proposal.Status

# Addressed and not answered yet: what the "awaiting an answer" count and filter mean.
AWAITING_STATUSES = (S.SUBMITTED, S.TRANSFERRED, S.READ, S.UNDER_CONSIDERATION)


@dataclass(frozen=True)
class DashboardScope:
    """Where a dashboard user acts: ``everywhere`` (staff) or the ``spaces`` they serve."""

    everywhere: bool
    spaces: tuple[Jurisdiction, ...] = field(default_factory=tuple)

    @property
    def space_ids(self) -> list[int]:
        return [space.pk for space in self.spaces]

    def covers(self, space: Jurisdiction | None) -> bool:
        return space is not None and (self.everywhere or space.pk in self.space_ids)

    def _within(self, queryset: QuerySet, lookup: str) -> QuerySet:
        if self.everywhere:
            return queryset
        return queryset.filter(**{f"{lookup}__in": self.space_ids})

    def proposals(self) -> QuerySet:
        return self._within(Proposal.objects.public(), "space")

    def contributions(self) -> QuerySet:
        return self._within(Contribution.objects.all(), "consultation__space")

    def consultations(self) -> QuerySet:
        return self._within(Consultation.objects.all(), "space")

    def comments(self) -> QuerySet:
        if self.everywhere:
            return Comment.objects.all()
        ids = self.space_ids
        return Comment.objects.filter(
            Q(proposal__space__in=ids) | Q(contribution__consultation__space__in=ids)
        )

    def audit_entries(self) -> QuerySet:
        """Who did what in the spaces served, newest first (the audit log of civic.audit)."""
        from civic.audit.models import AuditEntry

        entries = self._within(AuditEntry.objects.all(), "space")
        return entries.select_related("actor", "space").order_by("-created_at", "-id")

    def bodies(self) -> QuerySet:
        return self._within(Body.objects.all(), "space").order_by("space__label", "kind", "name")


def dashboard_scope(user) -> DashboardScope:
    """The scope of ``user``'s dashboard: everywhere for platform staff, else the spaces of
    their mandates in force today — the same ``served_spaces`` every permission check of
    the request reads (no query of its own). Callers check ``jurisdictions.use_dashboard``.
    """
    if is_platform_staff(user):
        return DashboardScope(everywhere=True)
    return DashboardScope(everywhere=False, spaces=served_spaces(user))


def dashboard_counts(scope: DashboardScope) -> dict:
    """Unread and awaiting proposals, unread contributions and flagged content (3 queries)."""
    proposals = scope.proposals().aggregate(
        unread=Count("pk", filter=Q(status__in=Proposal.UNREAD_STATUSES)),
        awaiting=Count("pk", filter=Q(status__in=AWAITING_STATUSES)),
    )
    contributions = scope.contributions().aggregate(
        unread=Count("pk", filter=Q(read_at__isnull=True)),
        flagged=Count("pk", filter=Q(Exists(open_flags().filter(contribution=OuterRef("pk"))))),
    )
    flagged_comments = (
        scope.comments().filter(Exists(open_flags().filter(comment=OuterRef("pk")))).count()
    )
    return {
        "unread": proposals["unread"],
        "awaiting": proposals["awaiting"],
        "unread_contributions": contributions["unread"],
        "flagged": contributions["flagged"] + flagged_comments,
    }


def inbox_proposals(scope: DashboardScope) -> QuerySet:
    """The proposals addressed to the scope, with what the inbox shows (one query); the
    inbox's filters and orderings are ``filters.InboxProposalFilter``."""
    return scope.proposals().select_related("author", "space", "topic", "body")


def inbox_contributions(scope: DashboardScope) -> QuerySet:
    """Contributions to the scope's consultations, with what the list shows (one query);
    its filters and orderings are ``filters.InboxContributionFilter``."""
    return scope.contributions().select_related(
        "author", "consultation__space", "consultation__topic"
    )


def _with_open_flags(queryset: QuerySet) -> QuerySet:
    """Each item gets ``open_flag_list``: its flags not dismissed yet, oldest first."""
    return queryset.prefetch_related(
        Prefetch("flags", queryset=open_flags().order_by("created_at", "id"),
                 to_attr="open_flag_list")
    )  # fmt: skip


MODERATION_LIMIT = 100


def moderation_queue(scope: DashboardScope, *, show: str = "flagged") -> dict:
    """Comments and contributions of the scope for moderators (four queries).

    ``show="flagged"``: content with open flags, most flagged first; ``show="hidden"``:
    content hidden by a moderator, most recently hidden first (to restore it). The items
    carry their text even when hidden: the moderation queue is the one page that shows it.
    """
    comments = scope.comments().select_related(
        "author", "hidden_by", "proposal__space", "contribution__consultation__space"
    )
    contributions = scope.contributions().select_related(
        "author", "hidden_by", "consultation__space"
    )
    if show == "hidden":
        comments = comments.filter(hidden_at__isnull=False).order_by("-hidden_at", "-id")
        contributions = contributions.filter(hidden_at__isnull=False).order_by("-hidden_at", "-id")
    else:
        comments = comments.filter(Exists(open_flags().filter(comment=OuterRef("pk")))).order_by(
            "-flag_count", "created_at", "id"
        )
        contributions = contributions.filter(
            Exists(open_flags().filter(contribution=OuterRef("pk")))
        ).order_by("-flag_count", "created_at", "id")
    return {
        "comments": list(_with_open_flags(comments)[:MODERATION_LIMIT]),
        "contributions": list(_with_open_flags(contributions)[:MODERATION_LIMIT]),
    }


def moderation_item(*, comment: int | None = None, contribution: int | None = None):
    """One comment or contribution as the moderation queue shows it (None if unknown)."""
    if comment:
        qs = Comment.objects.filter(pk=comment).select_related(
            "author", "hidden_by", "proposal__space", "contribution__consultation__space"
        )
    else:
        qs = Contribution.objects.filter(pk=contribution).select_related(
            "author", "hidden_by", "consultation__space"
        )
    return _with_open_flags(qs).first()


def dashboard_consultations(scope: DashboardScope) -> QuerySet:
    """The scope's consultations, open ones first, with their unread contributions."""
    now = timezone.now()
    is_open = Q(closed_at__isnull=True, opens_at__lte=now, closes_at__gt=now)
    return (
        scope.consultations()
        .select_related("space", "topic", "body")
        .annotate(
            open_rank=Case(When(is_open, then=V(0)), default=V(1), output_field=IntegerField()),
            unread_count=Count("contributions", filter=Q(contributions__read_at__isnull=True)),
        )
        .order_by("open_rank", "-opens_at", "-id")
    )


def _in_order(rows, ids) -> tuple[list, list[int]]:
    """The rows of ``ids`` (in the order sent, once each) and the ids not among them."""
    ids = list(dict.fromkeys(ids))
    found = rows.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found], [pk for pk in ids if pk not in found]


def proposals_for_bulk(ids) -> tuple[list, list[int]]:
    """The proposals of a bulk action (drafts are not among them, as if they did not exist)
    and the unknown ids. One query; the page's form and the API select through this."""
    return _in_order(Proposal.objects.public().select_related("space"), ids)


def contributions_for_bulk(ids) -> tuple[list, list[int]]:
    """The contributions of a bulk action and the unknown ids. One query."""
    return _in_order(Contribution.objects.select_related("consultation__space"), ids)
