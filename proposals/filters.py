"""Query-string filters of the participation API (django-filter).

They parse the query and apply the same chainable reads as ``proposals.selectors``
(``in_space``, ``text_search``, ``SORTS``, ``open_now``), so a list in the API and the
matching web page select the same rows in the same order.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jurisdictions.models import Jurisdiction
from jurisdictions.serializers import space_lookup
from proposals.models import Consultation, Proposal
from proposals.selectors import SORTS, text_search

# The keys of ``selectors.SORTS``, with labels for the API documentation.
SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("supported", _("Most supported first")),
    ("discussed", _("Most discussed first")),
]


class SpaceFilterMixin:
    """``space`` (an id or a slug) with ``descendants=true`` for the places within it.

    An unknown space gives an empty list, as in the jurisdictions API's filters.
    """

    def filter_space(self, queryset, name, value):
        space = Jurisdiction.objects.filter(**space_lookup(value)).first()
        if space is None:
            return queryset.none()
        descendants = bool(self.form.cleaned_data.get("descendants"))
        return queryset.in_space(space, descendants=descendants)


class ProposalFilter(SpaceFilterMixin, django_filters.FilterSet):
    space = django_filters.CharFilter(
        method="filter_space", label=_("The addressed space's id or slug.")
    )
    descendants = django_filters.BooleanFilter(
        method="filter_nothing",
        label=_("With space: include the places within it (a region's cities, …)."),
    )
    topic = django_filters.CharFilter(field_name="topic__slug", label=_("A topic's slug."))
    status = django_filters.ChoiceFilter(choices=Proposal.Status.choices)
    search = django_filters.CharFilter(
        method="filter_search", label=_("Words in the title or the text.")
    )
    ordering = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_ordering", label=_("Newest (default) first, …")
    )
    mine = django_filters.BooleanFilter(
        method="filter_mine", label=_("true: only my proposals, my drafts included.")
    )

    class Meta:
        model = Proposal
        fields = ["space", "descendants", "topic", "status", "search", "ordering", "mine"]

    def filter_queryset(self, queryset):
        # Drafts are private: listed only to their author, and only when asking for ``mine``.
        if not self.form.cleaned_data.get("mine"):
            queryset = queryset.public()
        return super().filter_queryset(queryset)

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_space

    def filter_search(self, queryset, name, value):
        return text_search(queryset, value, ("title", "text"))

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])

    def filter_mine(self, queryset, name, value):
        user = self.request.user if self.request is not None else None
        if not value:
            return queryset
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(author=user)


class ConsultationFilter(SpaceFilterMixin, django_filters.FilterSet):
    space = django_filters.CharFilter(method="filter_space", label=_("The space's id or slug."))
    descendants = django_filters.BooleanFilter(
        method="filter_nothing", label=_("With space: include the places within it.")
    )
    topic = django_filters.CharFilter(field_name="topic__slug", label=_("A topic's slug."))
    open = django_filters.BooleanFilter(
        method="filter_open", label=_("true: only consultations open now.")
    )
    search = django_filters.CharFilter(
        method="filter_search", label=_("Words in the question or the context.")
    )

    class Meta:
        model = Consultation
        fields = ["space", "descendants", "topic", "open", "search"]

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_space

    def filter_open(self, queryset, name, value):
        return queryset.open_now() if value else queryset

    def filter_search(self, queryset, name, value):
        return text_search(queryset, value, ("question", "context"))
