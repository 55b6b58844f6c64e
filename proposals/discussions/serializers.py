"""Shapes of the discussions API: comments, flags and moderation.

Citizens appear by public name only. A hidden or deleted comment, and a hidden contribution,
have no text, sources or author in any response, moderators' included: only
``hidden: true`` and the moderator's public reason.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from proposals.discussions.models import Comment, Flag
from proposals.discussions.services import ACTIONS, DISMISS, HIDE, MAX_SOURCES, RESTORE

TEXT_MAX_LENGTH = Comment._meta.get_field("text").max_length


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


class CommentEditSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    sources = _sources_field()


class CommentCreateSerializer(CommentEditSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Reply to this comment (of the same thread; three levels at most)."),
    )


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Flag
        fields = ["id", "reason", "details", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"details": {"required": False, "allow_blank": True}}


ACTION_LABELS = {
    HIDE: _("Hide it, with a public reason"),
    RESTORE: _("Show it again"),
    DISMISS: _("Dismiss its open flags"),
}


class ModerateSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[(name, ACTION_LABELS[name]) for name in ACTIONS])
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
