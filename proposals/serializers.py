"""Shapes of the proposals API.

Output serializers are read-only; input serializers only parse and bound what the client
sends, with the services' limits and messages. ``proposals/api.py`` hands their
``validated_data`` to ``proposals.services``: no serializer here saves anything.

Citizens appear by public name only (never their email). ``text`` fields come back as the
author wrote them (Markdown); the ``*_html`` fields are that Markdown rendered and sanitised
(``civic.api.fields.markdown_html``), as the web pages show it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civic.api.fields import (
    BodyField,
    NullableURLField,
    TopicSlugField,
    action_url,
    markdown_html,
)
from jurisdictions.serializers import JurisdictionRefSerializer, SpaceField, TopicSerializer
from proposals.models import Proposal, ProposalTransition
from proposals.services import (
    ANSWER_MAX_LENGTH,
    ANSWER_TOO_LONG,
    LINK_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    NOTE_TOO_LONG,
)

S = Proposal.Status


def _note(**kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=NOTE_MAX_LENGTH, error_messages={"max_length": NOTE_TOO_LONG}, **kwargs
    )


# --- Proposals ------------------------------------------------------------------------------


class TransitionSerializer(serializers.ModelSerializer):
    """One step of a proposal's history."""

    actor = serializers.CharField(source="actor.public_name", allow_null=True, read_only=True)
    from_space = serializers.CharField(source="from_space.name", allow_null=True, read_only=True)
    to_space = serializers.CharField(source="to_space.name", allow_null=True, read_only=True)

    class Meta:
        model = ProposalTransition
        fields = [
            "from_status",
            "to_status",
            "actor",
            "note",
            "from_space",
            "to_space",
            "created_at",
        ]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal as a list shows it. Expects ``supported`` set by the view (None when
    anonymous) and ``author``, ``space``, ``topic``, ``read_by_space`` and ``answered_by``
    selected with it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:proposal-detail")
    author = serializers.CharField(
        source="author.public_name", read_only=True, help_text=_("The author's public name.")
    )
    space = JurisdictionRefSerializer(read_only=True)
    topic = TopicSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    text_html = serializers.SerializerMethodField()
    supported = serializers.SerializerMethodField()
    answer_link = NullableURLField(help_text=_("A page with more on the answer, if any."))
    read_by_space = serializers.CharField(
        source="read_by_space.name",
        allow_null=True,
        read_only=True,
        help_text=_("The space whose decision maker read it (the read receipt)."),
    )
    answer_html = serializers.SerializerMethodField()
    answered_by = serializers.CharField(
        source="answered_by.public_name", allow_null=True, read_only=True
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "url",
            "title",
            "text",
            "text_html",
            "status",
            "status_label",
            "author",
            "space",
            "body",
            "topic",
            *Proposal.IMPACT_FIELDS,
            "support_count",
            "comment_count",
            "supported",
            "created_at",
            "updated_at",
            "submitted_at",
            "read_at",
            "read_by_space",
            "answer_text",
            "answer_html",
            "answer_link",
            "answered_at",
            "answered_by",
        ]
        read_only_fields = fields

    def get_text_html(self, proposal) -> str:
        """``text`` rendered from Markdown and sanitised."""
        return markdown_html(proposal.text)

    def get_answer_html(self, proposal) -> str:
        """``answer_text`` rendered from Markdown and sanitised."""
        return markdown_html(proposal.answer_text)

    def get_supported(self, proposal) -> bool | None:
        """Whether the signed-in citizen supports it (null when anonymous)."""
        return getattr(proposal, "supported", None)


class ProposalDetailSerializer(ProposalSerializer):
    """A proposal with its history. Expects ``selectors.proposal_for_page``'s prefetches."""

    history = TransitionSerializer(source="transitions", many=True, read_only=True)
    comments_url = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "history", "comments_url"]
        read_only_fields = fields

    def get_comments_url(self, proposal) -> str:
        return action_url("api:proposal-comments", proposal, self.context)


class ProposalWriteSerializer(serializers.ModelSerializer):
    """A new proposal. ``submit: true`` sends it at once; otherwise it stays a private draft."""

    space = SpaceField(help_text=_("The id or slug of the place or organisation addressed."))
    topic = TopicSlugField()
    body = BodyField()
    submit = serializers.BooleanField(
        default=False, help_text=_("true: submit now; false (default): save a draft.")
    )

    class Meta:
        model = Proposal
        fields = [
            "space",
            "topic",
            "body",
            "title",
            "text",
            *Proposal.IMPACT_FIELDS,
            "submit",
        ]


class ProposalUpdateSerializer(ProposalWriteSerializer):
    """Changes to a draft (PATCH: any subset of the fields)."""

    class Meta(ProposalWriteSerializer.Meta):
        fields = [name for name in ProposalWriteSerializer.Meta.fields if name != "submit"]


class WithdrawSerializer(serializers.Serializer):
    note = _note(required=False, allow_blank=True, help_text=_("Optional: why."))


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=ANSWER_MAX_LENGTH,
        error_messages={"max_length": ANSWER_TOO_LONG},
        help_text=_("The answer (Markdown)."),
    )
    outcome = serializers.ChoiceField(
        choices=[(value, S(value).label) for value in Proposal.ANSWER_OUTCOMES]
    )
    link = serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=LINK_MAX_LENGTH,
        help_text=_("Optional: more details."),
    )


class TransferSerializer(serializers.Serializer):
    to_space = SpaceField(help_text=_("The id or slug of the space really responsible."))
    reason = _note(help_text=_("Why it belongs there."))


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=S.choices,
        help_text=_(
            "Usually under_consideration, or implemented once accepted; the lifecycle "
            "refuses impossible steps with a message."
        ),
    )
    note = _note(required=False, allow_blank=True)


class SupportStateSerializer(serializers.Serializer):
    supported = serializers.BooleanField(read_only=True)
    support_count = serializers.IntegerField(read_only=True)
