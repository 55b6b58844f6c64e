"""Shapes of the jurisdictions API. Citizens appear by public name only: never email or gender."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from civic.api.fields import NullableEmailField, NullableURLField
from jurisdictions.models import Body, Follow, Jurisdiction, Mandate, Responsibility, Topic
from jurisdictions.selectors import ResponsibleAnswer, topic_by_slug

CHILDREN_PAGE = 50  # children listed inline on a detail; the rest via ``children_url``


def space_lookup(value) -> dict:
    """ORM lookup for a space given by id (digits) or by slug.

    Digits are read as an id: slugs come from labels and are never only digits.
    """
    value = str(value).strip()
    # isascii: str.isdigit() also accepts "²", which int() refuses.
    return {"pk": int(value)} if value.isascii() and value.isdigit() else {"slug": value}


@extend_schema_field(OpenApiTypes.STR)
class SpaceField(serializers.Field):
    """Input: a space's id or slug (see ``space_lookup``). Output: its id."""

    default_error_messages = {
        # DRF formats these with str.format().
        "unknown": gettext_lazy("No place or organisation “{value}”."),
        "invalid": gettext_lazy("Give the id or the slug of a place or organisation."),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid")
        value = str(data).strip()
        if not value:
            self.fail("invalid")
        try:
            return Jurisdiction.objects.get(**space_lookup(value))
        except Jurisdiction.DoesNotExist:
            self.fail("unknown", value=value)

    def to_representation(self, value) -> int:
        return value.pk


class JurisdictionRefSerializer(serializers.ModelSerializer):
    """A space in a list of related spaces (ancestors, children, organisations)."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:jurisdiction-detail", lookup_field="slug"
    )

    class Meta:
        model = Jurisdiction
        fields = ["id", "slug", "name", "label", "kind", "url"]
        read_only_fields = fields


class JurisdictionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:jurisdiction-detail", lookup_field="slug"
    )

    class Meta:
        model = Jurisdiction
        fields = ["id", "slug", "name", "label", "kind", "population", "follower_count", "url"]
        read_only_fields = fields


class OfficialSerializer(serializers.ModelSerializer):
    """A current mandate holder, as the public sees them."""

    name = serializers.CharField(source="citizen.public_name", read_only=True)

    class Meta:
        model = Mandate
        fields = ["name", "role", "title"]
        read_only_fields = fields


class BodySerializer(serializers.ModelSerializer):
    """A body with its contact and current officials.

    Expects bodies from ``selectors.bodies_of`` (``current_mandates`` prefetched).
    """

    officials = OfficialSerializer(source="current_mandates", many=True, read_only=True)
    contact_email = NullableEmailField()
    website = NullableURLField()

    class Meta:
        model = Body
        fields = ["id", "space", "name", "kind", "contact_email", "website", "officials"]
        read_only_fields = fields


class ResponsibilityOfSpaceSerializer(serializers.ModelSerializer):
    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    topic_name = serializers.CharField(source="topic.name", read_only=True)

    class Meta:
        model = Responsibility
        fields = ["topic", "topic_name", "body_kind", "source_note"]
        read_only_fields = fields


class JurisdictionDetailSerializer(JurisdictionSerializer):
    """A space with its surroundings. Needs ``context["page"]`` from ``selectors.space_page``."""

    website = NullableURLField()
    contact_email = NullableEmailField()
    ancestors = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()
    children_count = serializers.IntegerField(source="numchild", read_only=True)
    children_url = serializers.SerializerMethodField()
    organisations = serializers.SerializerMethodField()
    covered = serializers.SerializerMethodField()
    bodies = serializers.SerializerMethodField()
    responsibilities = serializers.SerializerMethodField()

    class Meta(JurisdictionSerializer.Meta):
        fields = [
            *JurisdictionSerializer.Meta.fields,
            "country_code",
            "website",
            "contact_email",
            "description",
            "ancestors",
            "children",
            "children_count",
            "children_url",
            "organisations",
            "covered",
            "bodies",
            "responsibilities",
        ]
        read_only_fields = fields

    def _refs(self, spaces) -> list[dict]:
        return JurisdictionRefSerializer(spaces, many=True, context=self.context).data

    @extend_schema_field(JurisdictionRefSerializer(many=True))
    def get_ancestors(self, space) -> list[dict]:
        """Nation first, parent last."""
        return self._refs(self.context["page"]["ancestors"])

    @extend_schema_field(JurisdictionRefSerializer(many=True))
    def get_children(self, space) -> list[dict]:
        """The first children by name; ``children_count`` says how many there are."""
        return self._refs(self.context["page"]["children"][:CHILDREN_PAGE])

    def get_children_url(self, space) -> str:
        """The paginated list of all children."""
        url = reverse("api:jurisdiction-list", request=self.context.get("request"))
        return f"{url}?{urlencode({'parent': space.pk})}"

    @extend_schema_field(JurisdictionRefSerializer(many=True))
    def get_organisations(self, space) -> list[dict]:
        """For a place: the organisations covering it or a place above it."""
        return self._refs(self.context["page"]["organisations"])

    @extend_schema_field(JurisdictionRefSerializer(many=True))
    def get_covered(self, space) -> list[dict]:
        """For an organisation: the places it covers."""
        return self._refs(self.context["page"]["covered"])

    @extend_schema_field(BodySerializer(many=True))
    def get_bodies(self, space) -> list[dict]:
        return BodySerializer(self.context["page"]["bodies"], many=True, context=self.context).data

    @extend_schema_field(ResponsibilityOfSpaceSerializer(many=True))
    def get_responsibilities(self, space) -> list[dict]:
        """Topics this space answers for (general rules of its level, or naming it)."""
        return ResponsibilityOfSpaceSerializer(
            self.context["page"]["responsibilities"], many=True, context=self.context
        ).data


class TopicSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")
    domain_label = serializers.CharField(source="get_domain_display", read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "domain", "domain_label"]
        read_only_fields = fields


# --- Who is responsible -----------------------------------------------------------------------
class ResponsibleQuerySerializer(serializers.Serializer):
    topic = serializers.SlugField(help_text="A topic's slug, from /api/v1/topics/.")
    jurisdiction = SpaceField(help_text="A place's id or slug.")

    def validate_topic(self, slug: str) -> Topic:
        try:
            return topic_by_slug(slug)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["topic"]) from None


class SpaceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Jurisdiction
        fields = ["id", "slug", "label", "kind"]
        read_only_fields = fields


class MatchedRuleSerializer(serializers.ModelSerializer):
    """The rule that decided the answer."""

    scope = SpaceBriefSerializer(read_only=True)
    responsible_organisation = SpaceBriefSerializer(source="organisation", read_only=True)
    inherited = serializers.SerializerMethodField()
    override = serializers.SerializerMethodField()

    class Meta:
        model = Responsibility
        fields = [
            "scope",
            "level",
            "responsible_organisation",
            "body_kind",
            "source_note",
            "inherited",
            "override",
        ]
        read_only_fields = fields

    def get_inherited(self, rule) -> bool:
        """The rule is scoped above the place asked about (e.g. a national rule)."""
        return rule.scope_id != self.context["place"].pk

    def get_override(self, rule) -> bool:
        """The rule is scoped below a nation: it overrides the national rule there."""
        return _is_override(rule)


def _is_override(rule: Responsibility) -> bool:
    return rule.scope.kind != Jurisdiction.Kind.NATION


class ResponsibleAnswerSerializer(serializers.Serializer):
    topic = TopicSerializer(read_only=True)
    place = SpaceBriefSerializer(read_only=True)
    space = SpaceBriefSerializer(read_only=True, allow_null=True)
    bodies = BodySerializer(many=True, read_only=True)
    rule = serializers.SerializerMethodField()
    message = serializers.SerializerMethodField()

    @extend_schema_field(MatchedRuleSerializer)
    def get_rule(self, answer: ResponsibleAnswer) -> dict:
        return MatchedRuleSerializer(
            answer.rule, context={**self.context, "place": answer.place}
        ).data

    def get_message(self, answer: ResponsibleAnswer) -> str:
        """One sentence for the citizen, in the request's language."""
        values = {"topic": answer.topic.name, "place": answer.place.name}
        if answer.space is None:
            values["level"] = answer.rule.get_level_display().lower()
            message = _(
                "“%(topic)s” is decided by each %(level)s in %(place)s: "
                "pick one to see who is responsible."
            )
        elif _is_override(answer.rule):
            values["space"] = answer.space.name
            message = _(
                "In %(place)s, %(space)s is responsible for “%(topic)s”, "
                "an exception to the national rule."
            )
        else:
            values["space"] = answer.space.name
            message = _("%(space)s is responsible for “%(topic)s” in %(place)s.")
        return message % values


# --- Follows ------------------------------------------------------------------------------------
class FollowSerializer(serializers.ModelSerializer):
    space = JurisdictionRefSerializer(read_only=True)

    class Meta:
        model = Follow
        fields = ["space", "automatic", "created_at"]
        read_only_fields = fields


class FollowCreateSerializer(serializers.Serializer):
    space = SpaceField(help_text="The id or slug of a place or organisation to follow.")


class HomeSerializer(serializers.Serializer):
    # Any space is accepted here; ``home_set`` says why a region or an organisation won't do.
    city = SpaceField(help_text="The id or slug of a city.")


class HomeResultSerializer(serializers.Serializer):
    home = JurisdictionRefSerializer(read_only=True)
    following = JurisdictionRefSerializer(
        many=True, read_only=True, help_text="Followed automatically, home first."
    )


# --- Bodies and mandates ------------------------------------------------------------------------
class MandateSerializer(serializers.ModelSerializer):
    official = serializers.CharField(source="citizen.public_name", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    space = SpaceBriefSerializer(source="body.space", read_only=True)
    active = serializers.SerializerMethodField()

    class Meta:
        model = Mandate
        fields = [
            "id",
            "official",
            "role",
            "title",
            "body",
            "body_name",
            "space",
            "start_date",
            "end_date",
            "active",
        ]
        read_only_fields = fields

    def get_active(self, mandate) -> bool:
        """In force today."""
        return mandate.is_active()
