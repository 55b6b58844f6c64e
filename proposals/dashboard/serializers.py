"""Shapes of the dashboard API. The moderation queue is the one response that carries the
text of hidden content: it is for moderators only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from jurisdictions.serializers import JurisdictionRefSerializer, TopicSerializer
from proposals.consultations.models import Contribution
from proposals.dashboard.forms import BULK_LIMIT
from proposals.discussions.models import Comment, Flag
from proposals.models import Proposal

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
