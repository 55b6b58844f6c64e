"""Shapes of the chapters API: chapters, memberships, meetings and RSVPs.

Output serializers are read-only; input serializers only parse and bound what the client
sends — ``chapters/api.py`` hands their ``validated_data`` to ``chapters.services``.

Citizens appear by public name only. A member's email appears in one place: the member list
an organiser reads, and only for members who agreed to share it (``share_email``). The
video-call link of an online meeting is given to the chapter's members only.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from chapters.models import Chapter, Meeting, Membership
from civic.api.fields import markdown_html
from jurisdictions.serializers import JurisdictionRefSerializer, SpaceField


@extend_schema_field(OpenApiTypes.URI)
class WebUrlField(serializers.Field):
    """The object's page on the website (absolute)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        return settings.SITE_URL + value.get_absolute_url()


# --- Chapters -------------------------------------------------------------------------------


class ChapterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:chapter-detail", lookup_field="slug")
    web_url = WebUrlField()
    space = JurisdictionRefSerializer(read_only=True)

    class Meta:
        model = Chapter
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "policy",
            "space",
            "member_count",
            "created_at",
            "url",
            "web_url",
        ]
        read_only_fields = fields


class MyMembershipSerializer(serializers.ModelSerializer):
    """The signed-in citizen's own membership of a chapter."""

    class Meta:
        model = Membership
        fields = ["id", "role", "status", "share_email", "created_at", "decided_at"]
        read_only_fields = fields


class ChallengeRefSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class ChapterDetailSerializer(ChapterSerializer):
    """A chapter with its description, organisers, the challenges it joined and, for a
    signed-in citizen, their own membership (null when they have none)."""

    description_html = serializers.SerializerMethodField()
    organisers = serializers.SerializerMethodField()
    challenges = ChallengeRefSerializer(many=True, read_only=True, source="joined_challenges")
    my_membership = MyMembershipSerializer(read_only=True, allow_null=True)
    calendar_url = serializers.SerializerMethodField()

    class Meta(ChapterSerializer.Meta):
        fields = [
            *ChapterSerializer.Meta.fields,
            "description",
            "description_html",
            "organisers",
            "challenges",
            "my_membership",
            "calendar_url",
        ]
        read_only_fields = fields

    def get_description_html(self, chapter) -> str:
        return markdown_html(chapter.description)

    def get_organisers(self, chapter) -> list[str]:
        """Public names of its active organisers."""
        return [citizen.public_name for citizen in chapter.organiser_list]

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, chapter) -> str:
        return settings.SITE_URL + reverse("chapters:calendar", kwargs={"slug": chapter.slug})


class ChapterCreateSerializer(serializers.Serializer):
    space = SpaceField(help_text=_("The city (local chapter) or nation (national), by id or slug."))
    kind = serializers.ChoiceField(
        choices=Chapter.Kind.choices,
        required=False,
        help_text=_("Optional: deduced from the place (a city: local, a nation: national)."),
    )
    name = serializers.CharField(
        max_length=Chapter._meta.get_field("name").max_length, required=False, allow_blank=True
    )
    description = serializers.CharField(
        max_length=Chapter._meta.get_field("description").max_length,
        required=False,
        allow_blank=True,
    )
    policy = serializers.ChoiceField(
        choices=Chapter.Policy.choices, required=False, default=Chapter.Policy.OPEN
    )


# --- Memberships ----------------------------------------------------------------------------


class ChapterSlugField(serializers.SlugRelatedField):
    default_error_messages = {
        "does_not_exist": _("No chapter “{value}”: see /api/v1/chapters/."),
        "invalid": _("Give a chapter's slug."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("A chapter's slug, from /api/v1/chapters/."))
        super().__init__(slug_field="slug", queryset=Chapter.objects.all(), **kwargs)


class MembershipSerializer(serializers.ModelSerializer):
    """One of the signed-in citizen's memberships."""

    chapter = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    chapter_name = serializers.CharField(source="chapter.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "chapter",
            "chapter_name",
            "role",
            "status",
            "share_email",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    """A membership as the chapter's organisers see it (``email`` only if shared)."""

    citizen = serializers.IntegerField(source="citizen_id", read_only=True)
    name = serializers.CharField(source="citizen.public_name", read_only=True)
    email = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "citizen", "name", "role", "status", "email", "created_at", "decided_at"]
        read_only_fields = fields

    def get_email(self, membership) -> str | None:
        """The member's email if they agreed to share it with the organisers, else null."""
        return membership.citizen.email if membership.share_email else None


class JoinSerializer(serializers.Serializer):
    chapter = ChapterSlugField()


class ShareEmailSerializer(serializers.Serializer):
    share_email = serializers.BooleanField(
        help_text=_("Share your email with the chapter's organisers (their member export).")
    )


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


# --- Meetings -------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:meeting-detail")
    web_url = WebUrlField()
    chapter = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    description_html = serializers.SerializerMethodField()
    online_url = serializers.SerializerMethodField()
    going = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "chapter",
            "title",
            "description",
            "description_html",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "rsvp_count",
            "going",
            "url",
            "web_url",
        ]
        read_only_fields = fields

    def get_description_html(self, meeting) -> str:
        return markdown_html(meeting.description)

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_online_url(self, meeting) -> str | None:
        """The video-call link: for the chapter's members only (null otherwise, or none)."""
        if not meeting.online_url:
            return None
        member_of = self.context.get("member_of", set())
        return meeting.online_url if meeting.chapter_id in member_of else None

    def get_going(self, meeting) -> bool | None:
        """Whether the signed-in citizen said they will come (null when anonymous)."""
        going = self.context.get("going")
        return None if going is None else meeting.pk in going


class RSVPStateSerializer(serializers.Serializer):
    going = serializers.BooleanField()
    rsvp_count = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True)
