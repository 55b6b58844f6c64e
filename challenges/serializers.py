"""Shapes of the practices and challenges API.

Output serializers are read-only; input serializers only parse and bound what the client
sends, and ``challenges/api.py`` hands their ``validated_data`` to ``challenges.services``.
Assessors appear nowhere: a practice shows aggregates, and a citizen reads only their own
assessment. ``description`` comes back as written (Markdown); ``description_html`` is that
Markdown rendered and sanitised as the web pages show it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from challenges.models import Assessment, Challenge, Participation, Practice
from challenges.services import MAX_EVIDENCE_LINKS, MAX_LINK_LENGTH
from civic.api.fields import markdown_html
from jurisdictions.models import Jurisdiction, Topic
from jurisdictions.serializers import JurisdictionRefSerializer
from proposals.models import IMPACT_CHOICES


class PracticeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:practice-detail")
    web_url = serializers.SerializerMethodField()
    domain_label = serializers.CharField(source="get_domain_display", read_only=True)

    class Meta:
        model = Practice
        fields = [
            "id",
            "slug",
            "title",
            "domain",
            "domain_label",
            *Practice.FIGURES,
            "declared_global",
            "created_at",
            "url",
            "web_url",
        ]
        read_only_fields = fields

    def get_web_url(self, practice: Practice) -> str:
        request = self.context.get("request")
        path = practice.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class PracticeChallengeSerializer(serializers.Serializer):
    """A challenge a practice became, by reference."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()


class PracticeDetailSerializer(PracticeSerializer):
    description_html = serializers.SerializerMethodField()
    implemented_in = JurisdictionRefSerializer(many=True, read_only=True)
    challenges = serializers.SerializerMethodField()

    class Meta(PracticeSerializer.Meta):
        fields = [
            *PracticeSerializer.Meta.fields,
            "description",
            "description_html",
            "evidence_links",
            "implemented_in",
            "challenges",
        ]
        read_only_fields = fields

    def get_description_html(self, practice: Practice) -> str:
        return markdown_html(practice.description)

    @extend_schema_field(PracticeChallengeSerializer(many=True))
    def get_challenges(self, practice: Practice) -> list:
        request = self.context.get("request")
        return [
            {
                "id": challenge.pk,
                "title": challenge.title,
                "url": reverse(
                    "api:challenge-detail", kwargs={"pk": challenge.pk}, request=request
                ),
            }
            for challenge in practice.challenges.all()
        ]


class PracticeWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=Practice._meta.get_field("title").max_length)
    domain = serializers.ChoiceField(choices=Topic.Domain.choices)
    description = serializers.CharField(
        max_length=Practice._meta.get_field("description").max_length,
        help_text=_("Markdown is allowed; HTML is not."),
    )
    evidence_links = serializers.ListField(
        child=serializers.URLField(max_length=MAX_LINK_LENGTH),
        max_length=MAX_EVIDENCE_LINKS,
        required=False,
        default=list,
        help_text=_("http(s) addresses of studies, evaluations or official reports."),
    )
    implemented_in = serializers.PrimaryKeyRelatedField(
        queryset=Jurisdiction.objects.all(),
        many=True,
        required=False,
        default=list,
        help_text=_("Ids of the places where it is implemented (see /api/v1/jurisdictions/)."),
    )


class AssessmentSerializer(serializers.ModelSerializer):
    """The signed-in citizen's own assessment of a practice."""

    rating_citizens = serializers.ChoiceField(choices=IMPACT_CHOICES)
    rating_collectivities = serializers.ChoiceField(choices=IMPACT_CHOICES)
    rating_governments = serializers.ChoiceField(choices=IMPACT_CHOICES)
    freedom = serializers.ChoiceField(choices=Assessment.Freedom.choices)
    comment = serializers.CharField(
        max_length=Assessment._meta.get_field("comment").max_length,
        required=False,
        allow_blank=True,
        default="",
    )

    class Meta:
        model = Assessment
        fields = list(Assessment.ANSWER_FIELDS)
        read_only_fields = ["created_at", "updated_at"]


class AssessmentResultSerializer(serializers.Serializer):
    """What an assessment save answers: the assessment and the practice's new aggregates."""

    assessment = AssessmentSerializer()
    practice = PracticeSerializer()


class ChallengeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:challenge-detail")
    web_url = serializers.SerializerMethodField()
    practice = serializers.PrimaryKeyRelatedField(read_only=True)
    practice_title = serializers.CharField(source="practice.title", read_only=True)
    progress_percent = serializers.IntegerField(read_only=True)
    progress_text = serializers.SerializerMethodField()
    followed = serializers.SerializerMethodField(
        help_text=_("Whether you follow it; null when not signed in.")
    )

    class Meta:
        model = Challenge
        fields = [
            "id",
            "slug",
            "title",
            "kind",
            "practice",
            "practice_title",
            "goal",
            "deadline",
            "participant_count",
            "progress_percent",
            "progress_text",
            "milestone_announced",
            "followed",
            "created_at",
            "url",
            "web_url",
        ]
        read_only_fields = fields

    def get_web_url(self, challenge: Challenge) -> str:
        request = self.context.get("request")
        path = challenge.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_progress_text(self, challenge: Challenge) -> str:
        from django.utils.translation import ngettext

        return ngettext(
            "%(count)d of %(goal)d community group (%(percent)d %%)",
            "%(count)d of %(goal)d community groups (%(percent)d %%)",
            challenge.goal,
        ) % {
            "count": challenge.participant_count,
            "goal": challenge.goal,
            "percent": challenge.progress_percent,
        }

    def get_followed(self, challenge: Challenge) -> bool | None:
        value = getattr(challenge, "followed", None)
        return None if value is None else bool(value)


class ParticipantSerializer(serializers.ModelSerializer):
    chapter = serializers.IntegerField(source="chapter.pk", read_only=True)
    name = serializers.CharField(source="chapter.name", read_only=True)
    kind = serializers.CharField(source="chapter.kind", read_only=True)
    place = serializers.CharField(source="chapter.space.label", read_only=True)

    class Meta:
        model = Participation
        fields = ["chapter", "name", "kind", "place", "joined_at"]
        read_only_fields = fields


class ChallengeDetailSerializer(ChallengeSerializer):
    description_html = serializers.SerializerMethodField()
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta(ChallengeSerializer.Meta):
        fields = [
            *ChallengeSerializer.Meta.fields,
            "description",
            "description_html",
            "participants",
        ]
        read_only_fields = fields

    def get_description_html(self, challenge: Challenge) -> str:
        return markdown_html(challenge.description)


class ChapterChoiceSerializer(serializers.Serializer):
    chapter = serializers.IntegerField(
        min_value=1, help_text=_("The id of a chapter you organise.")
    )


class ParticipationStateSerializer(serializers.Serializer):
    chapter = serializers.IntegerField()
    taking_part = serializers.BooleanField()
    participant_count = serializers.IntegerField()
    progress_percent = serializers.IntegerField()
