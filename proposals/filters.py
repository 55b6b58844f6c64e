"""The filters of the participation lists: one ``FilterSet`` per list, shared by the web page
and the API, with the same parameter names (``search``, ``topic``, ``status``, ``space``,
``descendants``, ``ordering``…).

On a web page (``page=True``) the filters a page does not offer are dropped, the labels are
the form's and an invalid value is simply ignored (a stale bookmark still shows the list);
in the API an invalid value is a 400 naming the parameter (DRF's ``DjangoFilterBackend``).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from civic.search import text_search
from jurisdictions.forms import grouped_topic_choices
from jurisdictions.models import Jurisdiction, Topic
from jurisdictions.serializers import space_lookup
from proposals.models import Proposal

S = Proposal.Status

# The orderings of the proposal lists: key → ORDER BY.
SORTS = {
    "newest": ("-submitted_at", "-id"),
    "supported": ("-support_count", "-submitted_at", "-id"),
    "discussed": ("-comment_count", "-submitted_at", "-id"),
}
SORT_CHOICES = [
    ("newest", _("Newest")),
    ("supported", _("Most supported")),
    ("discussed", _("Most discussed")),
]


class SpaceItemFilter(django_filters.FilterSet):
    """What every list of items addressed to a space filters on: the space (an id or a slug;
    with ``descendants``, also the places within it), the topic and words.

    ``space=`` given to the constructor fixes the space (a space's own page): the ``space``
    parameter is then not offered, and ``descendants`` only where there are places within.
    """

    space = django_filters.CharFilter(
        method="filter_space", label=_("Space"), help_text=_("The space's id or slug.")
    )
    descendants = django_filters.BooleanFilter(
        widget=forms.CheckboxInput,
        method="filter_nothing",
        label=_("Include the places within"),
        help_text=_("With space: include the places within it (a region's cities, …)."),
    )
    topic = django_filters.ModelChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        label=_("Topic"),
        help_text=_("A topic's slug."),
    )
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))

    search_fields: tuple[str, ...] = ()
    search_help = ""
    page_drops: tuple[str, ...] = ("space",)  # filters a web page never offers
    descendants_label = _("Include the places within %(space)s")

    def __init__(self, data=None, *args, space: Jurisdiction | None = None, page=False, **kw):
        super().__init__(data, *args, **kw)
        self.fixed_space = space
        self.filters["search"].extra["help_text"] = self.search_help
        if space is not None:
            self.filters.pop("space")
            if space.is_place and space.numchild:  # treebeard: there are places within
                self.filters["descendants"].label = self.descendants_label % {"space": space.name}
            else:
                self.filters.pop("descendants")
        if page:
            for name in self.page_drops:
                self.filters.pop(name, None)
            if space is None:
                self.filters.pop("descendants", None)
            self.for_page()
            for filter_ in self.filters.values():
                filter_.extra.pop("help_text", None)
            if "topic" in self.filters:  # a <select> grouped by domain
                self.form.fields["topic"].widget.choices = grouped_topic_choices(_("Any topic"))

    def for_page(self) -> None:
        """Adjust the filters for a web page (before its form is built)."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.fixed_space is not None:
            descendants = bool(self.form.cleaned_data.get("descendants"))
            queryset = queryset.in_space(self.fixed_space, descendants=descendants)
        return queryset

    def filter_space(self, queryset, name, value):
        """An unknown space gives an empty list, as in the jurisdictions API's filters."""
        space = Jurisdiction.objects.filter(**space_lookup(value)).first()
        if space is None:
            return queryset.none()
        descendants = bool(self.form.cleaned_data.get("descendants"))
        return queryset.in_space(space, descendants=descendants)

    def filter_nothing(self, queryset, name, value):
        return queryset  # read by filter_space and filter_queryset

    def filter_search(self, queryset, name, value):
        return text_search(queryset, value, self.search_fields)

    def chosen(self) -> dict:
        """The valid values the visitor chose (what the page says it filters on)."""
        self.form.is_valid()
        return {k: v for k, v in getattr(self.form, "cleaned_data", {}).items() if v}


class ProposalFilter(SpaceItemFilter):
    """The proposal list: ``/proposals/``, a space's proposals and ``/api/v1/proposals/``."""

    status = django_filters.ChoiceFilter(
        choices=S.choices, label=_("Status"), empty_label=_("Any status")
    )
    ordering = django_filters.ChoiceFilter(
        choices=SORT_CHOICES,
        method="filter_ordering",
        label=_("Sort by"),
        empty_label=None,
        help_text=_("newest (default), supported or discussed."),
    )
    mine = django_filters.BooleanFilter(
        widget=forms.CheckboxInput,
        method="filter_mine",
        label=_("Mine"),
        help_text=_("true: only my proposals, my drafts included."),
    )

    search_fields = ("title", "text")
    search_help = _("Words in the title or the text.")
    page_drops = ("space", "mine")
    descendants_label = _("Include proposals to places within %(space)s")

    class Meta:
        model = Proposal
        fields = ["space", "descendants", "topic", "status", "search", "ordering", "mine"]

    def for_page(self) -> None:
        # Drafts are never listed on a page (their author finds them in "my activity").
        self.filters["status"].extra["choices"] = [c for c in S.choices if c[0] != S.DRAFT]

    def filter_queryset(self, queryset):
        # Drafts are private: listed only to their author, and only when asking for ``mine``.
        if not self.form.cleaned_data.get("mine"):
            queryset = queryset.public()
        return super().filter_queryset(queryset)

    def filter_ordering(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])

    def filter_mine(self, queryset, name, value):
        user = self.request.user if self.request is not None else None
        if not value:
            return queryset
        if user is None or not user.is_authenticated:
            return queryset.none()
        return queryset.filter(author=user)
