"""Shapes of the participation API: proposals, consultations, contributions, comments, flags.

Output serializers are read-only; input serializers only parse and bound what the client
sends. ``proposals/api.py`` hands their ``validated_data`` to ``proposals.services``: no
serializer here saves anything.

Citizens appear by public name only (never their email). ``text`` fields come back as the
author wrote them (Markdown); the ``*_html`` fields are that Markdown rendered and sanitised
by ``civic.markdown.render_markdown``, as the web pages show it. A hidden or deleted comment,
and a hidden contribution, have no text, sources or author in any response, moderators'
included: only ``hidden: true`` and the moderator's public reason.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from civic.markdown import render_markdown
from jurisdictions.models import Body, Topic
from jurisdictions.serializers import JurisdictionRefSerializer, SpaceField, TopicSerializer
from proposals.models import (
    Comment,
    Consultation,
    Contribution,
    Flag,
    Proposal,
    ProposalTransition,
)
from proposals.services import MAX_SOURCES

S = Proposal.Status


def _markdown(text: str) -> str:
    return str(render_markdown(text)) if text else ""


def _action_url(name: str, obj, context: dict) -> str:
    return reverse(name, kwargs={"pk": obj.pk}, request=context.get("request"))


class TopicSlugField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown topic “{value}”: see /api/v1/topics/."),
        "invalid": _("Give a topic's slug."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("A topic's slug, from /api/v1/topics/."))
        super().__init__(slug_field="slug", queryset=Topic.objects.all(), **kwargs)


class BodyField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": _("No body with the id {pk_value}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Optional: a body (office) of the space, by id."))
        super().__init__(queryset=Body.objects.all(), required=False, allow_null=True, **kwargs)


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
            "impact_citizens",
            "impact_citizens_text",
            "impact_collectivities",
            "impact_collectivities_text",
            "impact_governments",
            "impact_governments_text",
            "freedom_statement",
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
        return _markdown(proposal.text)

    def get_answer_html(self, proposal) -> str:
        """``answer_text`` rendered from Markdown and sanitised."""
        return _markdown(proposal.answer_text)

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
        return _action_url("api:proposal-comments", proposal, self.context)


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
            "impact_citizens",
            "impact_citizens_text",
            "impact_collectivities",
            "impact_collectivities_text",
            "impact_governments",
            "impact_governments_text",
            "freedom_statement",
            "submit",
        ]


class ProposalUpdateSerializer(ProposalWriteSerializer):
    """Changes to a draft (PATCH: any subset of the fields)."""

    class Meta(ProposalWriteSerializer.Meta):
        fields = [name for name in ProposalWriteSerializer.Meta.fields if name != "submit"]


class WithdrawSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=_("Optional: why.")
    )


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000, help_text=_("The answer (Markdown)."))
    outcome = serializers.ChoiceField(
        choices=[(value, S(value).label) for value in Proposal.ANSWER_OUTCOMES]
    )
    link = serializers.URLField(
        required=False, allow_blank=True, max_length=200, help_text=_("Optional: more details.")
    )


class TransferSerializer(serializers.Serializer):
    to_space = SpaceField(help_text=_("The id or slug of the space really responsible."))
    reason = serializers.CharField(max_length=2000, help_text=_("Why it belongs there."))


class StatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=S.choices,
        help_text=_(
            "Usually under_consideration, or implemented once accepted; the lifecycle "
            "refuses impossible steps with a message."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SupportStateSerializer(serializers.Serializer):
    supported = serializers.BooleanField(read_only=True)
    support_count = serializers.IntegerField(read_only=True)


# --- Consultations and contributions --------------------------------------------------------


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
        return _markdown(consultation.context)

    def get_summary_html(self, consultation) -> str:
        """What was decided, once closed (Markdown rendered and sanitised)."""
        return _markdown(consultation.summary)

    def get_contributions_url(self, consultation) -> str:
        return _action_url("api:consultation-contributions", consultation, self.context)


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
        max_length=10000, help_text=_("What you heard and what was decided (Markdown).")
    )


class ModeratedSerializer(serializers.ModelSerializer):
    """Common output of moderated content: nothing of hidden content but the reason."""

    author = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_reason = serializers.SerializerMethodField()

    def _removed(self, item) -> bool:
        return item.is_hidden

    def get_author(self, item) -> str | None:
        """The author's public name (null when hidden or deleted)."""
        return None if self._removed(item) else item.author.public_name

    def get_text(self, item) -> str:
        """As written (empty when hidden or deleted)."""
        return "" if self._removed(item) else item.text

    def get_hidden_reason(self, item) -> str:
        """The moderator's public reason (empty unless hidden)."""
        return item.hidden_reason if item.is_hidden else ""


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
        return _action_url("api:contribution-comments", contribution, self.context)


class ContributionWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class OutcomeSerializer(serializers.Serializer):
    outcome_note = serializers.CharField(
        max_length=2000, help_text=_("How this contribution helped shape policy.")
    )


class AgreementStateSerializer(serializers.Serializer):
    agreed = serializers.BooleanField(read_only=True)
    agree_count = serializers.IntegerField(read_only=True)


# --- Comments, flags, moderation ------------------------------------------------------------


class CommentSerializer(ModeratedSerializer):
    """A comment, flat: ``parent`` and ``depth`` (1 to 3) let a client rebuild the thread."""

    url = serializers.HyperlinkedIdentityField(view_name="api:comment-detail")
    sources = serializers.SerializerMethodField()
    deleted = serializers.BooleanField(source="is_deleted", read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "url",
            "proposal",
            "contribution",
            "parent",
            "depth",
            "author",
            "text",
            "sources",
            "created_at",
            "edited_at",
            "deleted",
            "hidden",
            "hidden_reason",
        ]
        read_only_fields = fields

    def _removed(self, comment) -> bool:
        return comment.is_hidden or comment.is_deleted

    def get_sources(self, comment) -> list[str]:
        """Web addresses backing the comment (empty when hidden or deleted)."""
        return [] if self._removed(comment) else list(comment.sources)


def _sources_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=500),
        required=False,
        # The service says how many are allowed; this only bounds the input.
        max_length=MAX_SOURCES * 4,
        help_text=_("Optional: up to %(n)d web addresses (http or https).") % {"n": MAX_SOURCES},
        **kwargs,
    )


class CommentCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Reply to this comment (of the same thread; three levels at most)."),
    )
    sources = _sources_field()


class CommentEditSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    sources = _sources_field()


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Flag
        fields = ["id", "reason", "details", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"details": {"required": False, "allow_blank": True}}


class ModerateSerializer(serializers.Serializer):
    ACTIONS = [
        ("hide", _("Hide it, with a public reason")),
        ("restore", _("Show it again")),
        ("dismiss", _("Dismiss its open flags")),
    ]

    action = serializers.ChoiceField(choices=ACTIONS)
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text=_("The public reason (required to hide)."),
    )


class ModerationResultSerializer(serializers.Serializer):
    action = serializers.CharField(read_only=True)
    changed = serializers.BooleanField(
        read_only=True, help_text=_("false: it was already in that state (or had no flags).")
    )
    dismissed_flags = serializers.IntegerField(read_only=True)
    hidden = serializers.BooleanField(read_only=True)
    hidden_reason = serializers.CharField(read_only=True)
