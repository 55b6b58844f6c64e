"""Query-string filters of the jurisdictions API (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from jurisdictions.models import Body, Jurisdiction, Mandate, Topic


def space_condition(value: str, through: str) -> Q:
    """Match a space given by id (digits) or slug, through the relation ``through``."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return Q(**{f"{through}_id": int(value)})
    return Q(**{f"{through}__slug": value})


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id: an integer (NumberFilter alone would accept decimals)."""

    field_class = forms.IntegerField


class JurisdictionFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Name or full name contains; best match first (exact, then prefix, then larger)."),
    )
    kind = django_filters.ChoiceFilter(choices=Jurisdiction.Kind.choices)
    country = django_filters.CharFilter(
        field_name="country_code", method="filter_country", label=_("ISO 3166-1 alpha-2 code.")
    )
    parent = IdFilter(method="filter_parent", label=_("Children of the space with this id."))

    class Meta:
        model = Jurisdiction
        fields = ["search", "kind", "country", "parent"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(country_code=value.strip().upper())

    def filter_parent(self, queryset, name, value):
        # Children share the parent's path as a prefix, one level deeper (treebeard's
        # materialized path): one small query for the parent, then an indexed range.
        parent = Jurisdiction.objects.filter(pk=value).values("path", "depth").first()
        if parent is None:
            return queryset.none()
        return queryset.filter(path__startswith=parent["path"], depth=parent["depth"] + 1)


class TopicFilter(django_filters.FilterSet):
    domain = django_filters.ChoiceFilter(choices=Topic.Domain.choices)

    class Meta:
        model = Topic
        fields = ["domain"]


class BodyFilter(django_filters.FilterSet):
    space = django_filters.CharFilter(method="filter_space", label=_("A space's id or slug."))
    kind = django_filters.ChoiceFilter(choices=Body.Kind.choices)

    class Meta:
        model = Body
        fields = ["space", "kind"]

    def filter_space(self, queryset, name, value):
        return queryset.filter(space_condition(value, "space"))


class MandateFilter(django_filters.FilterSet):
    body = IdFilter(field_name="body_id", label=_("A body's id."))
    space = django_filters.CharFilter(method="filter_space", label=_("A space's id or slug."))
    role = django_filters.ChoiceFilter(choices=Mandate.Role.choices)
    active = django_filters.BooleanFilter(
        method="filter_active", label=_("true: in force today; false: ended or not started.")
    )

    class Meta:
        model = Mandate
        fields = ["body", "space", "role", "active"]

    def filter_space(self, queryset, name, value):
        return queryset.filter(space_condition(value, "body__space"))

    def filter_active(self, queryset, name, value):
        if value:
            return queryset.active()
        return queryset.exclude(pk__in=Mandate.objects.active().values("pk"))
