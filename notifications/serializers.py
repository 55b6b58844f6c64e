"""Serializers of the notifications API (``notifications/api.py``).

Items are ``notifications.selectors.InboxItem``s: the text is ``describe()`` rendered in the
request's language, so the API, the inbox page and the emails say the same thing.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from jurisdictions.serializers import SpaceBriefSerializer, SpaceField
from notifications import registry
from notifications.models import InboxState


def _notifiable_choices() -> list[tuple[str, str]]:
    return [(str(kind), kind.preference) for kind in registry.notifiable()]


class InboxQuerySerializer(serializers.Serializer):
    """The query string of the list: filters and the cursor."""

    space = SpaceField(
        required=False, help_text=_("Only this place or organisation (its id or slug).")
    )
    # Choices set per instance: the kinds are declared once every app is loaded.
    kind = serializers.ChoiceField(
        choices=[], required=False, help_text=_("Only this kind of event.")
    )
    before = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text=_("Cursor: items older than this event id (take it from “next”)."),
    )
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=100, default=20, help_text=_("At most 100.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = registry.choices()


class NotificationSerializer(serializers.Serializer):
    """One inbox item: a personal notification or an event of a followed place."""

    id = serializers.IntegerField(
        source="event.pk", help_text=_("The event's id: mark the item read with it.")
    )
    kind = serializers.CharField(source="event.kind", help_text=_("The kind of event."))
    text = serializers.CharField(
        source="message.text", help_text=_("What happened, in the request's language.")
    )
    url = serializers.SerializerMethodField(help_text=_("The page to open."))
    space = SpaceBriefSerializer(source="event.space", allow_null=True)
    created_at = serializers.DateTimeField()
    read = serializers.BooleanField()
    personal = serializers.BooleanField(
        help_text=_("True when it concerns you personally; false for news of a followed place.")
    )

    def get_url(self, item) -> str:
        request = self.context.get("request")
        url = item.message.url
        return request.build_absolute_uri(url) if request is not None else url


# One page object, not a list of them (drf-spectacular would wrap a list action's answer).
@extend_schema_serializer(many=False)
class InboxPageSerializer(serializers.Serializer):
    next = serializers.URLField(
        allow_null=True, help_text=_("The next (older) page, or null on the last one.")
    )
    results = NotificationSerializer(many=True)


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text=_("Exactly how many items are unread."))


class MarkReadSerializer(UnreadSerializer):
    changed = serializers.BooleanField(help_text=_("False when it was already read."))


class KindPreferenceSerializer(serializers.Serializer):
    # The kinds one can be told about (a subset of the registry's); as its own choice set it
    # also gets its own schema enum, so "kind" names no two sets in one component.
    kind = serializers.ChoiceField(choices=[])
    label = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField(required=False, help_text=_("Shown in the inbox."))
    email = serializers.BooleanField(required=False, help_text=_("Emailed right away."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _notifiable_choices()


class PreferencesSerializer(serializers.Serializer):
    """Per kind and channel, and the digest of followed places.

    In a PUT, list only the kinds (and channels) to change; the others stay as they are.
    """

    digest = serializers.ChoiceField(choices=InboxState.Digest.choices, required=False)
    kinds = KindPreferenceSerializer(many=True, required=False)

    def validate_kinds(self, value: list[dict]) -> list[dict]:
        kinds = [row["kind"] for row in value]
        if len(kinds) != len(set(kinds)):
            raise serializers.ValidationError(_("Give each kind once."))
        return value

    def choices(self) -> dict[tuple[str, str], bool]:
        """The validated choices as ``services.preferences_save`` takes them."""
        return {
            (row["kind"], channel): row[channel]
            for row in self.validated_data.get("kinds", [])
            for channel in ("in_app", "email")
            if channel in row
        }
