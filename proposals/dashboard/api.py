"""The decision makers' dashboard in the API.

Mounted under ``/api/v1/`` by ``proposals/dashboard/api_urls.py``:

``GET  dashboard/``                           the spaces served and the counts
``GET  dashboard/proposals/``                 the inbox (the web page's filters)
``POST dashboard/proposals/mark-read/``       bulk read receipts ``{"proposals": [ids]}``
``GET  dashboard/contributions/``             contributions to the spaces' consultations
``POST dashboard/contributions/mark-read/``   ``{"contributions": [ids]}``
``GET  dashboard/moderation/``                flagged (or ``?show=hidden``) content

The dashboard endpoints follow the web pages' rules: signed-in citizens holding a mandate in
force today, or staff (``jurisdictions.use_dashboard``, else 403); the lists are limited to
the spaces they serve (every space for staff) and filtered by the pages' ``FilterSet``s
(``proposals.dashboard.filters``); a bulk action goes through the page's door
(``views.mark_each_read``: once per item they may act on; a draft or another area's item is
reported as an unknown id is). Answering, changing the status, transferring and moderating one
item are the item's own endpoints (``api:proposal-answer``, ``api:contribution-moderate``…).
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from civic.api.helpers import parse_input
from proposals import services as proposal_services
from proposals.consultations import services as consultation_services
from proposals.dashboard.filters import (
    CONTRIBUTION_ORDERINGS,
    PROPOSAL_ORDERINGS,
    InboxContributionFilter,
    InboxProposalFilter,
)
from proposals.dashboard.selectors import (
    contributions_for_bulk,
    dashboard_counts,
    dashboard_scope,
    inbox_contributions,
    inbox_proposals,
    moderation_queue,
    proposals_for_bulk,
)
from proposals.dashboard.serializers import (
    BulkResultSerializer,
    ContributionSelectionSerializer,
    DashboardSerializer,
    InboxContributionSerializer,
    InboxProposalSerializer,
    ModerationQueueSerializer,
    ProposalSelectionSerializer,
)
from proposals.dashboard.views import mark_each_read


class UsesDashboard(permissions.BasePermission):
    """Signed in and allowed to use the dashboard (``jurisdictions.use_dashboard``)."""

    message = _("The dashboard is for decision makers in office.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated) and rules.has_perm(
            "jurisdictions.use_dashboard", user
        )


class DashboardAPIView(GenericAPIView):
    permission_classes = [UsesDashboard]
    filter_backends = []  # the lists are filtered by their FilterSet, built with the scope
    filterset_class = None

    @property
    def scope(self):
        if not hasattr(self, "_scope"):
            self._scope = dashboard_scope(self.request.user)
        return self._scope

    def get_queryset(self):
        filters = self.filterset_class(
            self.request.query_params, scope=self.scope, queryset=self.base_queryset()
        )
        return filters.qs


FILTERS = [
    OpenApiParameter("space", OpenApiTypes.INT, description="A space you serve, by id."),
    OpenApiParameter("topic", OpenApiTypes.STR, description="A topic's slug."),
    OpenApiParameter("age", OpenApiTypes.INT, enum=[7, 30, 90], description="Older than."),
]


class DashboardView(DashboardAPIView):
    """The spaces you serve and what needs your attention."""

    serializer_class = DashboardSerializer

    @extend_schema(summary="Dashboard: the spaces you serve and the counts")
    def get(self, request):
        scope = self.scope
        data = {"everywhere": scope.everywhere, "spaces": scope.spaces,
                "counts": dashboard_counts(scope)}  # fmt: skip
        return Response(DashboardSerializer(data, context={"request": request}).data)


class DashboardProposalsView(mixins.ListModelMixin, DashboardAPIView):
    """Proposals addressed to the spaces you serve: unread first, then the oldest."""

    serializer_class = InboxProposalSerializer
    filterset_class = InboxProposalFilter

    @extend_schema(
        summary="Dashboard inbox: proposals to the spaces you serve",
        parameters=[
            *FILTERS,
            OpenApiParameter("body", OpenApiTypes.INT, description="A body, by id."),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                description="open (default: awaiting an answer), unread, all, or a status.",
            ),
            OpenApiParameter("min_support", OpenApiTypes.INT),
            OpenApiParameter("ordering", OpenApiTypes.STR, enum=list(PROPOSAL_ORDERINGS)),
        ],
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def base_queryset(self):
        return inbox_proposals(self.scope)


def _bulk_result(marked, unchanged, refused, unknown) -> dict:
    # Those one may not act on are reported as unknown: nothing tells whose area they lie in.
    return {
        "read": [item.pk for item in marked],
        "unchanged": [item.pk for item in unchanged],
        "unknown": sorted([*unknown, *(item.pk for item in refused)]),
    }


class MarkProposalsReadView(DashboardAPIView):
    """Bulk read receipts: one receipt and one event per proposal, exactly once."""

    serializer_class = ProposalSelectionSerializer
    write_scope = "api:dashboard.mark_read"

    @extend_schema(
        summary="Mark proposals as read (decision makers of their spaces)",
        request=ProposalSelectionSerializer,
        responses={200: BulkResultSerializer},
    )
    def post(self, request):
        data = parse_input(ProposalSelectionSerializer, request)
        items, unknown = proposals_for_bulk(data["proposals"])
        marked, unchanged, refused = mark_each_read(
            request.user,
            items,
            perm="proposals.answer_proposal",
            mark=lambda p: proposal_services.proposal_mark_read(proposal=p, reader=request.user),
        )
        return Response(
            BulkResultSerializer(_bulk_result(marked, unchanged, refused, unknown)).data
        )


class DashboardContributionsView(mixins.ListModelMixin, DashboardAPIView):
    """Contributions to the consultations of the spaces you serve, unread first."""

    serializer_class = InboxContributionSerializer
    filterset_class = InboxContributionFilter

    @extend_schema(
        summary="Dashboard: contributions to the consultations of the spaces you serve",
        parameters=[
            *FILTERS,
            OpenApiParameter("state", OpenApiTypes.STR, enum=["unread", "read", "helped"]),
            OpenApiParameter("ordering", OpenApiTypes.STR, enum=list(CONTRIBUTION_ORDERINGS)),
        ],
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def base_queryset(self):
        return inbox_contributions(self.scope)


class MarkContributionsReadView(DashboardAPIView):
    serializer_class = ContributionSelectionSerializer
    write_scope = "api:dashboard.contributions_read"

    @extend_schema(
        summary="Mark contributions as read (decision makers of their spaces, staff)",
        request=ContributionSelectionSerializer,
        responses={200: BulkResultSerializer},
    )
    def post(self, request):
        data = parse_input(ContributionSelectionSerializer, request)
        items, unknown = contributions_for_bulk(data["contributions"])
        marked, unchanged, refused = mark_each_read(
            request.user,
            items,
            perm="consultations.review_contribution",
            mark=lambda c: consultation_services.contribution_mark_read(
                contribution=c, actor=request.user
            ),
        )
        return Response(
            BulkResultSerializer(_bulk_result(marked, unchanged, refused, unknown)).data
        )


class ModerationQueueView(DashboardAPIView):
    """Flagged content of the spaces you serve, with the flag reasons (or hidden content)."""

    serializer_class = ModerationQueueSerializer

    @extend_schema(
        summary="Moderation queue: flagged (or hidden) comments and contributions",
        parameters=[OpenApiParameter("show", OpenApiTypes.STR, enum=["flagged", "hidden"])],
    )
    def get(self, request):
        show = "hidden" if request.query_params.get("show") == "hidden" else "flagged"
        queue = moderation_queue(self.scope, show=show)
        return Response(ModerationQueueSerializer(queue, context={"request": request}).data)
