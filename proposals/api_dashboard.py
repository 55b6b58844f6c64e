"""The decision makers' dashboard in the API, and the public accountability of a space.

Mounted under ``/api/v1/`` by ``proposals/api_urls.py``:

``GET  dashboard/``                           the spaces served and the counts
``GET  dashboard/proposals/``                 the inbox (filters as on the web page)
``POST dashboard/proposals/mark-read/``       bulk read receipts ``{"proposals": [ids]}``
``GET  dashboard/contributions/``             contributions to the spaces' consultations
``POST dashboard/contributions/mark-read/``   ``{"contributions": [ids]}``
``GET  dashboard/moderation/``                flagged (or ``?show=hidden``) content
``GET  jurisdictions/<slug>/accountability/`` public figures of a space

The dashboard endpoints follow the web pages' rules: signed-in citizens holding a mandate in
force today, or staff (``jurisdictions.use_dashboard``, else 403); the lists are limited to
the spaces they serve (every space for staff); a bulk action is refused as a whole (403) if
one item belongs to a space they do not serve, and each item then goes through the same
service as on the web (``proposal_mark_read``, ``contribution_mark_read``: once per item).
Answering, changing the status, transferring and moderating one item are the existing
endpoints (``api:proposal-answer``, ``api:contribution-moderate``…). The moderation queue is
the one response that carries the text of hidden content: it is for moderators only.
"""

from __future__ import annotations

import rules
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse

from civic.api.throttling import WRITE_THROTTLES
from jurisdictions.models import Jurisdiction
from jurisdictions.serializers import JurisdictionRefSerializer, TopicSerializer
from proposals import services
from proposals.accountability import accountability_of
from proposals.forms_dashboard import BULK_LIMIT, ContributionInboxForm, ProposalInboxForm
from proposals.models import Comment, Contribution, Flag, Proposal
from proposals.selectors_dashboard import (
    dashboard_counts,
    dashboard_scope,
    inbox_contributions,
    inbox_proposals,
    moderation_queue,
)

# --- Permissions ----------------------------------------------------------------------------


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
    throttle_classes = WRITE_THROTTLES
    filter_backends = []  # the filters are the web page's form (forms_dashboard)

    @property
    def scope(self):
        if not hasattr(self, "_scope"):
            self._scope = dashboard_scope(self.request.user)
        return self._scope


# --- Serializers ----------------------------------------------------------------------------


class CountsSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text=_("Proposals not read yet."))
    awaiting = serializers.IntegerField(help_text=_("Proposals awaiting an answer."))
    unread_contributions = serializers.IntegerField()
    flagged = serializers.IntegerField(help_text=_("Comments and contributions with open flags."))


class DashboardSerializer(serializers.Serializer):
    everywhere = serializers.BooleanField(help_text=_("true for staff: every space."))
    spaces = JurisdictionRefSerializer(many=True, help_text=_("The spaces you serve."))
    counts = CountsSerializer()


class InboxProposalSerializer(serializers.ModelSerializer):
    """A proposal as the inbox lists it (``unread``: no read receipt from its space yet)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:proposal-detail")
    space = JurisdictionRefSerializer(read_only=True)
    topic = TopicSerializer(read_only=True)
    author = serializers.CharField(source="author.public_name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id", "url", "title", "status", "status_label", "unread", "space", "body", "topic",
            "author", "support_count", "comment_count", "submitted_at", "read_at", "answered_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_unread(self, proposal) -> bool:
        return proposal.status in Proposal.UNREAD_STATUSES


class InboxContributionSerializer(serializers.ModelSerializer):
    """A contribution as the dashboard lists it (a hidden one has no text here)."""

    consultation = serializers.IntegerField(source="consultation_id", read_only=True)
    question = serializers.CharField(source="consultation.question", read_only=True)
    space = JurisdictionRefSerializer(source="consultation.space", read_only=True)
    author = serializers.CharField(source="author.public_name", read_only=True)
    text = serializers.SerializerMethodField()
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)

    class Meta:
        model = Contribution
        fields = [
            "id", "consultation", "question", "space", "author", "text", "hidden",
            "hidden_reason", "created_at", "read_at", "helped_shape_policy", "outcome_note",
            "agree_count",
        ]  # fmt: skip
        read_only_fields = fields

    def get_text(self, contribution) -> str:
        return "" if contribution.is_hidden else contribution.text


class OpenFlagSerializer(serializers.ModelSerializer):
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)

    class Meta:
        model = Flag
        fields = ["reason", "reason_label", "details", "created_at"]
        read_only_fields = fields


class ModerationItemSerializer(serializers.Serializer):
    """Flagged or hidden content, text included (moderators only)."""

    id = serializers.IntegerField()
    space = JurisdictionRefSerializer()
    author = serializers.CharField(source="author.public_name")
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    hidden = serializers.BooleanField(source="is_hidden")
    hidden_reason = serializers.CharField()
    flags = OpenFlagSerializer(source="open_flag_list", many=True)
    moderate_url = serializers.SerializerMethodField()

    def get_moderate_url(self, item) -> str:
        name = "api:comment-moderate" if isinstance(item, Comment) else "api:contribution-moderate"
        return reverse(name, kwargs={"pk": item.pk}, request=self.context.get("request"))


class ModerationQueueSerializer(serializers.Serializer):
    comments = ModerationItemSerializer(many=True)
    contributions = ModerationItemSerializer(many=True)


def _ids_field(help_text):
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=BULK_LIMIT,
        help_text=help_text,
    )


class ProposalSelectionSerializer(serializers.Serializer):
    proposals = _ids_field(_("The ids of the proposals to mark as read (100 at most)."))


class ContributionSelectionSerializer(serializers.Serializer):
    contributions = _ids_field(_("The ids of the contributions to mark as read (100 at most)."))


class BulkResultSerializer(serializers.Serializer):
    read = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Marked as read by this request.")
    )
    unchanged = serializers.ListField(
        child=serializers.IntegerField(),
        help_text=_("Already read, or no receipt from you (staff leave none)."),
    )
    unknown = serializers.ListField(child=serializers.IntegerField(), help_text=_("No such id."))


# --- Views ----------------------------------------------------------------------------------

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
            OpenApiParameter(
                "sort", OpenApiTypes.STR, enum=["unread", "oldest", "newest", "supported"]
            ),
        ],
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def get_queryset(self):
        form = ProposalInboxForm(self.request.query_params, scope=self.scope)
        return inbox_proposals(self.scope, **form.filters())


def _bulk(request, *, model, ids: list[int], perm: str, mark) -> dict:
    """Check every item first (403 as a whole), then mark each once."""
    ids = list(dict.fromkeys(ids))
    related = "space" if model is Proposal else "consultation__space"
    found = model.objects.select_related(related).in_bulk(ids)
    items = [found[pk] for pk in ids if pk in found]
    for item in items:
        if not rules.has_perm(perm, request.user, item):
            raise PermissionDenied(_("You are not allowed to do this."))
    result = {"read": [], "unchanged": [], "unknown": [pk for pk in ids if pk not in found]}
    for item in items:
        result["read" if mark(item) else "unchanged"].append(item.pk)
    return result


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
        selection = ProposalSelectionSerializer(data=request.data)
        selection.is_valid(raise_exception=True)
        result = _bulk(
            request,
            model=Proposal,
            ids=selection.validated_data["proposals"],
            perm="proposals.answer_proposal",
            mark=lambda p: services.proposal_mark_read(proposal=p, reader=request.user),
        )
        return Response(BulkResultSerializer(result).data)


class DashboardContributionsView(mixins.ListModelMixin, DashboardAPIView):
    """Contributions to the consultations of the spaces you serve, unread first."""

    serializer_class = InboxContributionSerializer

    @extend_schema(
        summary="Dashboard: contributions to the consultations of the spaces you serve",
        parameters=[
            *FILTERS,
            OpenApiParameter("state", OpenApiTypes.STR, enum=["unread", "read", "helped"]),
            OpenApiParameter(
                "sort", OpenApiTypes.STR, enum=["unread", "oldest", "newest", "agreed"]
            ),
        ],
    )
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def get_queryset(self):
        form = ContributionInboxForm(self.request.query_params, scope=self.scope)
        return inbox_contributions(self.scope, **form.filters())


class MarkContributionsReadView(DashboardAPIView):
    serializer_class = ContributionSelectionSerializer
    write_scope = "api:dashboard.contributions_read"

    @extend_schema(
        summary="Mark contributions as read (decision makers of their spaces, staff)",
        request=ContributionSelectionSerializer,
        responses={200: BulkResultSerializer},
    )
    def post(self, request):
        selection = ContributionSelectionSerializer(data=request.data)
        selection.is_valid(raise_exception=True)
        result = _bulk(
            request,
            model=Contribution,
            ids=selection.validated_data["contributions"],
            perm="proposals.review_contribution",
            mark=lambda c: services.contribution_mark_read(contribution=c, actor=request.user),
        )
        return Response(BulkResultSerializer(result).data)


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


# --- Accountability -------------------------------------------------------------------------


class MonthSerializer(serializers.Serializer):
    month = serializers.SerializerMethodField()
    received = serializers.IntegerField()
    answered = serializers.IntegerField()

    def get_month(self, month) -> str:
        """The month as YYYY-MM."""
        return month.start.strftime("%Y-%m")


class AccountabilitySerializer(serializers.Serializer):
    space = JurisdictionRefSerializer()
    since = serializers.DateTimeField(help_text=_("Start of the period (12 calendar months)."))
    until = serializers.DateTimeField()
    received = serializers.IntegerField(
        help_text=_("Proposals that reached the space in the period (submitted or transferred).")
    )
    read = serializers.IntegerField()
    unread = serializers.IntegerField(help_text=_("Still waiting for the first read."))
    median_hours_to_first_read = serializers.SerializerMethodField()
    due = serializers.IntegerField(help_text=_("Received at least 30 days ago, not withdrawn."))
    answered_within_30_days = serializers.IntegerField()
    share_answered_within_30_days = serializers.FloatField(allow_null=True)
    answered = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    accepted = serializers.IntegerField()
    implemented = serializers.IntegerField()
    transferred_elsewhere = serializers.IntegerField()
    contributions = serializers.IntegerField()
    contributions_helped = serializers.IntegerField(
        help_text=_("Contributions of the period that helped shape policy.")
    )
    months = MonthSerializer(many=True)

    def get_median_hours_to_first_read(self, figures) -> float | None:
        median = figures.median_time_to_read
        return None if median is None else round(median.total_seconds() / 3600, 2)


class AccountabilityView(GenericAPIView):
    """How a place or organisation reads and answers citizens (public).

    Definitions: ``proposals/accountability.py`` (the page says the same in plain words).
    """

    permission_classes = [permissions.AllowAny]
    serializer_class = AccountabilitySerializer

    @extend_schema(summary="Accountability of a space over the last 12 months")
    def get(self, request, slug):
        space = get_object_or_404(Jurisdiction, slug=slug)
        figures = accountability_of(space)
        return Response(AccountabilitySerializer(figures, context={"request": request}).data)
