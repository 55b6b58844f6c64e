"""Shapes of the consultations API. Output serializers are read-only; input serializers
only parse and bound what the client sends (``proposals.consultations.api`` hands their data
to the services). A hidden contribution has no text or author in any response."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civic.api.fields import BodyField, TopicSlugField, action_url, markdown_html
from jurisdictions.serializers import JurisdictionRefSerializer, SpaceField, TopicSerializer
from proposals.consultations.models import Consultation, Contribution
from proposals.discussions.serializers import ModeratedSerializer


class ConsultationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:consultation-detail")
    space = JurisdictionRefSerializer(read_only=True)
    topic = TopicSerializer(read_only=True)
    context_html = serializers.SerializerMethodField()
    summary_html = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)
    created_by = serializers.CharField(source="created_by.public_name", read_only=True)
    contributions_url = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "url",
            "space",
            "body",
            "topic",
            "question",
            "context",
            "context_html",
            "opens_at",
            "closes_at",
            "is_open",
            "closed_at",
            "summary",
            "summary_html",
            "created_by",
            "created_at",
            "contribution_count",
            "contributions_url",
        ]
        read_only_fields = fields

    def get_context_html(self, consultation) -> str:
        return markdown_html(consultation.context)

    def get_summary_html(self, consultation) -> str:
        """What was decided, once closed (Markdown rendered and sanitised)."""
        return markdown_html(consultation.summary)

    def get_contributions_url(self, consultation) -> str:
        return action_url("api:consultation-contributions", consultation, self.context)


class ConsultationWriteSerializer(serializers.ModelSerializer):
    space = SpaceField(help_text=_("The id or slug of the space you serve."))
    topic = TopicSlugField()
    body = BodyField()

    class Meta:
        model = Consultation
        fields = ["space", "topic", "body", "question", "context", "opens_at", "closes_at"]

    def validate(self, attrs: dict) -> dict:
        """The dates, as the web form checks them (``ConsultationForm.clean``).

        On an update (``instance`` given, partial input) the missing date is the current one.
        """
        if "opens_at" in attrs or "closes_at" in attrs:
            opens_at = attrs.get("opens_at", getattr(self.instance, "opens_at", None))
            closes_at = attrs.get("closes_at", getattr(self.instance, "closes_at", None))
            if opens_at and closes_at and closes_at <= opens_at:
                message = _("The closing date must come after the opening date.")
                raise serializers.ValidationError({"closes_at": [message]})
            if closes_at and closes_at <= timezone.now():
                message = _("The closing date must be in the future.")
                raise serializers.ValidationError({"closes_at": [message]})
        return attrs


class ConsultationUpdateSerializer(ConsultationWriteSerializer):
    class Meta(ConsultationWriteSerializer.Meta):
        fields = [name for name in ConsultationWriteSerializer.Meta.fields if name != "space"]


class ConsultationCloseSerializer(serializers.Serializer):
    summary = serializers.CharField(
        max_length=Consultation._meta.get_field("summary").max_length,
        help_text=_("What you heard and what was decided (Markdown)."),
    )


class ContributionSerializer(ModeratedSerializer):
    """Expects ``agreed`` set by the view (None when anonymous)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:contribution-detail")
    agreed = serializers.SerializerMethodField()
    comments_url = serializers.SerializerMethodField()

    class Meta:
        model = Contribution
        fields = [
            "id",
            "url",
            "consultation",
            "author",
            "text",
            "hidden",
            "hidden_reason",
            "created_at",
            "read_at",
            "helped_shape_policy",
            "outcome_note",
            "agree_count",
            "agreed",
            "comment_count",
            "comments_url",
        ]
        read_only_fields = fields

    def get_agreed(self, contribution) -> bool | None:
        """Whether the signed-in citizen agrees with it (null when anonymous)."""
        return getattr(contribution, "agreed", None)

    def get_comments_url(self, contribution) -> str:
        return action_url("api:contribution-comments", contribution, self.context)


class ContributionWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=Contribution._meta.get_field("text").max_length)


class OutcomeSerializer(serializers.Serializer):
    outcome_note = serializers.CharField(
        max_length=Contribution._meta.get_field("outcome_note").max_length,
        help_text=_("How this contribution helped shape policy."),
    )


class AgreementStateSerializer(serializers.Serializer):
    agreed = serializers.BooleanField(read_only=True)
    agree_count = serializers.IntegerField(read_only=True)
