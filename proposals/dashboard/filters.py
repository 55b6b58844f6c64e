"""The filters of the dashboard's lists: one ``FilterSet`` per list, shared by the dashboard
pages and the dashboard API, with the same parameter names (``space``, ``body``, ``topic``,
``status``, ``state``, ``age``, ``min_support``, ``ordering``).

Filters never fail on a page: an invalid value is ignored (a stale bookmark still shows the
inbox), and ``space`` is offered according to the scope — a decision maker picks among the
spaces they serve (a ``<select>``); staff, who act everywhere, type a place in the accessible
picker (``space`` carries its id and ``q`` its text when JavaScript is off).
"""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, When
from django.db.models import Value as V
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jurisdictions.forms import SpaceChoiceField, grouped_topic_choices, resolve_typed_space
from jurisdictions.models import Body, Jurisdiction
from proposals.dashboard.selectors import AWAITING_STATUSES, DashboardScope
from proposals.models import Proposal

S = Proposal.Status

AGE_CHOICES = [
    ("7", _("Older than 7 days")),
    ("30", _("Older than 30 days")),
    ("90", _("Older than 90 days")),
]
PROPOSAL_ORDERINGS = {
    # Unread first, then the longest waiting first: an inbox is worked through oldest first.
    "unread": (_("Unread first, then oldest"), ("unread_rank", "submitted_at", "id")),
    "oldest": (_("Oldest first"), ("submitted_at", "id")),
    "newest": (_("Newest first"), ("-submitted_at", "-id")),
    "supported": (_("Most supported"), ("-support_count", "submitted_at", "id")),
}
CONTRIBUTION_ORDERINGS = {
    "unread": (_("Unread first, then oldest"), ("unread_rank", "created_at", "id")),
    "oldest": (_("Oldest first"), ("created_at", "id")),
    "newest": (_("Newest first"), ("-created_at", "-id")),
    "agreed": (_("Most agreed with"), ("-agree_count", "created_at", "id")),
}


def unread_first(unread: Q) -> Case:
    """0 for the rows matching ``unread``, 1 for the others: ``ORDER BY`` it to put them first."""
    return Case(When(unread, then=V(0)), default=V(1), output_field=IntegerField())


class SpaceFilter(django_filters.Filter):
    """A space picked with the accessible autocomplete (staff): its hidden input."""

    field_class = SpaceChoiceField


class _ScopedFilter(django_filters.FilterSet):
    """What both dashboard lists filter on: the space, the topic, the age; and the order.

    The choices depend on the scope, so they are set on the form once it is built; the
    filtering itself is ``filter_queryset`` (all the values together, as one query).
    """

    space = django_filters.ChoiceFilter(label=_("Space"), empty_label=_("All my spaces"))
    topic = django_filters.ChoiceFilter(label=_("Topic"))
    age = django_filters.ChoiceFilter(label=_("Age"), choices=AGE_CHOICES, empty_label=_("Any age"))
    ordering = django_filters.ChoiceFilter(label=_("Sort by"), empty_label=None)

    orderings: dict = {}
    created_field = ""  # the date "age" counts from
    space_field = ""  # the lookup to the space of the item
    topic_field = ""  # the lookup to the topic's slug

    def __init__(self, data=None, *, scope: DashboardScope, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        self.scope = scope
        self.uses_picker = scope.everywhere
        if self.uses_picker:
            self.filters["space"] = SpaceFilter(field_name="space", label=_("Space"))
            self.filters["space"].parent = self
        form = self.form
        if not self.uses_picker:
            form.fields["space"].choices = [("", _("All my spaces"))] + [
                (str(space.pk), space.label) for space in scope.spaces
            ]
        form.fields["ordering"].choices = [
            (key, label) for key, (label, _order) in self.orderings.items()
        ]
        form.fields["topic"].choices = grouped_topic_choices(_("Any topic"))
        self.customize(form)
        # What the filter template reads (dashboard/_filters.html).
        form.uses_picker = self.uses_picker
        form.chosen_space = self.chosen_space()

    def customize(self, form) -> None:
        """Set the list's own choices on ``form`` (before it is validated)."""

    def cleaned(self) -> dict:
        """The valid values (a bad value in one filter leaves the others working)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def chosen_space(self) -> Jurisdiction | None:
        """The space filtered on, or None (resolved once: the picker's text costs queries)."""
        if not hasattr(self, "_chosen_space"):
            self._chosen_space = self._resolve_space()
        return self._chosen_space

    def _resolve_space(self) -> Jurisdiction | None:
        # Only the space field is cleaned here: the other choices (the bodies of the
        # chosen space) are not set yet.
        bound = self.form["space"]
        try:
            value = bound.field.clean(bound.data) if self.is_bound else None
        except ValidationError:
            value = None
        if self.uses_picker:
            typed = (self.data.get("q") or "").strip() if self.is_bound else ""
            if value is None and typed:
                try:
                    value = resolve_typed_space(None, typed)
                except ValidationError:
                    value = None
            return value
        return next((s for s in self.scope.spaces if str(s.pk) == value), None)

    def chosen(self) -> dict:
        """What the visitor filters on (the empty-inbox message reads it too)."""
        data = self.cleaned()
        age = data.get("age") or ""
        return {
            "space": self.chosen_space(),
            "topic": data.get("topic") or "",
            "older_than": int(age) if age.isdigit() else None,
            "ordering": data.get("ordering") or "unread",
        }

    def filter_queryset(self, queryset):
        chosen = self.chosen()
        if chosen["space"] is not None:
            queryset = queryset.filter(**{self.space_field: chosen["space"]})
        if chosen["topic"]:
            queryset = queryset.filter(**{self.topic_field: chosen["topic"]})
        if chosen["older_than"]:
            since = timezone.now() - timedelta(days=chosen["older_than"])
            queryset = queryset.filter(**{f"{self.created_field}__lte": since})
        queryset = self.narrow(queryset, chosen)
        _label, order = self.orderings.get(chosen["ordering"], self.orderings["unread"])
        return queryset.order_by(*order)

    def narrow(self, queryset, chosen: dict):
        """The list's own filters."""
        return queryset


class InboxProposalFilter(_ScopedFilter):
    """The proposals inbox (``/dashboard/``, ``/api/v1/dashboard/proposals/``)."""

    STATUS_CHOICES = [
        ("open", _("Awaiting an answer")),
        ("unread", _("Unread")),
        ("all", _("Any status")),
    ] + [(value, label) for value, label in S.choices if value != S.DRAFT]

    body = django_filters.ChoiceFilter(label=_("Body"), empty_label=_("Any body"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, empty_label=None
    )
    min_support = django_filters.NumberFilter(
        label=_("At least this many supports"), min_value=0, max_value=10**9
    )

    orderings = PROPOSAL_ORDERINGS
    created_field = "submitted_at"
    space_field = "space"
    topic_field = "topic__slug"

    def customize(self, form) -> None:
        self.bodies = self._offered_bodies()
        if self.bodies:
            several = len(self.scope.spaces) != 1
            form.fields["body"].choices = [("", _("Any body"))] + [
                (str(body.pk), str(body) if several else body.name) for body in self.bodies
            ]
        else:
            del form.fields["body"]

    def _offered_bodies(self) -> list[Body]:
        """The bodies of the spaces served, or of the space staff picked (one query)."""
        if not self.uses_picker:
            return list(self.scope.bodies().select_related("space"))
        space = self.chosen_space()
        if space is None:
            return []
        return list(Body.objects.filter(space=space).select_related("space"))

    def chosen(self) -> dict:
        data = self.cleaned()
        body_id = data.get("body") or ""
        return {
            **super().chosen(),
            "body": next((b for b in self.bodies if str(b.pk) == body_id), None),
            "status": data.get("status") or "open",
            "min_support": data.get("min_support") or None,
        }

    def narrow(self, queryset, chosen: dict):
        if chosen["body"] is not None:
            queryset = queryset.filter(body=chosen["body"])
        status = chosen["status"]
        if status == "open":
            queryset = queryset.filter(status__in=AWAITING_STATUSES)
        elif status == "unread":
            queryset = queryset.filter(status__in=Proposal.UNREAD_STATUSES)
        elif status in S.values:
            queryset = queryset.filter(status=status)
        if chosen["min_support"]:
            queryset = queryset.filter(support_count__gte=chosen["min_support"])
        return queryset.annotate(unread_rank=unread_first(Q(status__in=Proposal.UNREAD_STATUSES)))


class InboxContributionFilter(_ScopedFilter):
    """Contributions to the consultations of the scope (``/dashboard/contributions/``,
    ``/api/v1/dashboard/contributions/``)."""

    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[
            ("unread", _("Unread")),
            ("read", _("Read")),
            ("helped", _("Helped shape policy")),
        ],
        empty_label=_("All"),
    )

    orderings = CONTRIBUTION_ORDERINGS
    created_field = "created_at"
    space_field = "consultation__space"
    topic_field = "consultation__topic__slug"

    def narrow(self, queryset, chosen: dict):
        state = self.cleaned().get("state") or ""
        if state == "unread":
            queryset = queryset.filter(read_at__isnull=True)
        elif state == "read":
            queryset = queryset.filter(read_at__isnull=False)
        elif state == "helped":
            queryset = queryset.filter(helped_shape_policy=True)
        return queryset.annotate(unread_rank=unread_first(Q(read_at__isnull=True)))


class AuditFilter(django_filters.FilterSet):
    """The audit log of the spaces served: by action, by space, by day (page and CSV)."""

    action = django_filters.ChoiceFilter(label=_("Action"), empty_label=_("Every action"))
    space = django_filters.ModelChoiceFilter(
        label=_("Space"), queryset=Jurisdiction.objects.none(), empty_label=_("Every space")
    )
    since = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    until = django_filters.DateFilter(
        label=_("To"), field_name="created_at", lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip

    def __init__(self, data=None, *, scope: DashboardScope, queryset, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        actions = queryset.order_by().values_list("action", flat=True).distinct()
        self.filters["action"].extra["choices"] = [(a, a) for a in sorted(actions)]
        if scope.everywhere:
            self.form.fields.pop("space")
        else:
            self.filters["space"].queryset = Jurisdiction.objects.filter(pk__in=scope.space_ids)
