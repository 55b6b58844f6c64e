"""Fields and helpers every app's serializers share: a topic by slug, a body by id, the
Markdown of a text rendered and sanitised, the URL of an action."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.reverse import reverse

from civic.markdown import render_markdown
from jurisdictions.models import Body, Topic


def markdown_html(text: str) -> str:
    """``text`` (Markdown) rendered and sanitised, as the web pages show it; "" for none."""
    return str(render_markdown(text)) if text else ""


def action_url(name: str, obj, context: dict) -> str:
    """The absolute URL of route ``name`` for ``obj`` (its ``pk``)."""
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


class FollowStateSerializer(serializers.Serializer):
    """Whether the citizen follows it now: the answer of every follow endpoint."""

    followed = serializers.BooleanField(read_only=True)


class _EmptyAsNull:
    """A read-only field that answers ``null`` rather than "" (a blank email or address is
    no valid ``email``/``uri``: the schema says the value may be null)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class NullableEmailField(_EmptyAsNull, serializers.EmailField):
    pass


class NullableURLField(_EmptyAsNull, serializers.URLField):
    pass
