"""Forms of the decision makers' dashboard: inbox filters and bulk selections.

Filters read GET parameters and never fail: an invalid value is ignored (a stale bookmark
still shows the inbox). The answer, status and transfer forms are the proposal page's
(``proposals.forms``); moderation uses ``proposals.forms_consultations.ModerateForm``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jurisdictions.models import Body, Jurisdiction
from proposals.forms import SpaceChoiceField, grouped_topic_choices, resolve_typed_space
from proposals.models import Contribution, Proposal
from proposals.selectors_dashboard import CONTRIBUTION_SORTS, PROPOSAL_SORTS, DashboardScope

S = Proposal.Status

AGE_CHOICES = [
    ("", _("Any age")),
    ("7", _("Older than 7 days")),
    ("30", _("Older than 30 days")),
    ("90", _("Older than 90 days")),
]
PROPOSAL_SORT_LABELS = {
    "unread": _("Unread first, then oldest"),
    "oldest": _("Oldest first"),
    "newest": _("Newest first"),
    "supported": _("Most supported"),
}
CONTRIBUTION_SORT_LABELS = {
    "unread": _("Unread first, then oldest"),
    "oldest": _("Oldest first"),
    "newest": _("Newest first"),
    "agreed": _("Most agreed with"),
}
# The most items one bulk action takes (a page of the inbox is 25).
BULK_LIMIT = 100


class _ScopedFilterForm(forms.Form):
    """The space filter of a dashboard list, offered according to the scope.

    A decision maker picks among the spaces they serve (a ``<select>``); staff, who act
    everywhere, type a place in the accessible picker (``space`` carries its id and ``q``
    its text when JavaScript is off).
    """

    space = forms.ChoiceField(label=_("Space"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    age = forms.ChoiceField(label=_("Age"), required=False, choices=AGE_CHOICES)

    def __init__(self, data=None, *, scope: DashboardScope, **kwargs):
        super().__init__(data, **kwargs)
        self.scope = scope
        self.uses_picker = scope.everywhere
        if self.uses_picker:
            self.fields["space"] = SpaceChoiceField(label=_("Space"))
        else:
            self.fields["space"].choices = [("", _("All my spaces"))] + [
                (str(space.pk), space.label) for space in scope.spaces
            ]
        self.fields["topic"].choices = grouped_topic_choices(_("Any topic"))

    def _cleaned(self) -> dict:
        """The valid fields only (a bad value in one filter leaves the others working)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def chosen_space(self) -> Jurisdiction | None:
        """The space filtered on, or None (resolved once: the picker's text costs queries)."""
        if not hasattr(self, "_chosen_space"):
            self._chosen_space = self._resolve_space()
        return self._chosen_space

    def _resolve_space(self) -> Jurisdiction | None:
        data = self._cleaned()
        if self.uses_picker:
            space = data.get("space")
            if space is None and (self.data.get("q") or "").strip():
                try:
                    space = resolve_typed_space(None, self.data.get("q"))
                except ValidationError:
                    space = None
            return space
        value = data.get("space")
        return next((s for s in self.scope.spaces if str(s.pk) == value), None)

    def common_filters(self) -> dict:
        data = self._cleaned()
        age = data.get("age") or ""
        return {
            "space": self.chosen_space(),
            "topic": data.get("topic") or "",
            "older_than": int(age) if age.isdigit() else None,
        }


class ProposalInboxForm(_ScopedFilterForm):
    STATUS_CHOICES = [
        ("open", _("Awaiting an answer")),
        ("unread", _("Unread")),
        ("all", _("Any status")),
    ] + [(value, label) for value, label in S.choices if value != S.DRAFT]

    body = forms.ChoiceField(label=_("Body"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    min_support = forms.IntegerField(
        label=_("At least this many supports"), required=False, min_value=0, max_value=10**9
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, PROPOSAL_SORT_LABELS[key]) for key in PROPOSAL_SORTS],
    )
    field_order = ["space", "body", "topic", "status", "age", "min_support", "sort"]

    def __init__(self, data=None, *, scope: DashboardScope, **kwargs):
        super().__init__(data, scope=scope, **kwargs)
        self.bodies = self._offered_bodies()
        if self.bodies:
            self.fields["body"].choices = [("", _("Any body"))] + [
                (str(body.pk), body.name if len(scope.spaces) == 1 else str(body))
                for body in self.bodies
            ]
        else:
            del self.fields["body"]

    def _offered_bodies(self) -> list[Body]:
        """The bodies of the spaces served, or of the space staff picked (one query)."""
        if not self.uses_picker:
            return list(self.scope.bodies().select_related("space"))
        space = self.chosen_space()
        if space is None:
            return []
        return list(Body.objects.filter(space=space).select_related("space"))

    def filters(self) -> dict:
        """Keyword arguments for ``selectors_dashboard.inbox_proposals``."""
        data = self._cleaned()
        body_id = data.get("body") or ""
        return {
            **self.common_filters(),
            "body": next((b for b in self.bodies if str(b.pk) == body_id), None),
            "status": data.get("status") or "open",
            "min_support": data.get("min_support") or None,
            "sort": data.get("sort") or "unread",
        }


class ContributionInboxForm(_ScopedFilterForm):
    STATE_CHOICES = [
        ("", _("All")),
        ("unread", _("Unread")),
        ("read", _("Read")),
        ("helped", _("Helped shape policy")),
    ]

    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, CONTRIBUTION_SORT_LABELS[key]) for key in CONTRIBUTION_SORTS],
    )
    field_order = ["space", "topic", "state", "age", "sort"]

    def filters(self) -> dict:
        """Keyword arguments for ``selectors_dashboard.inbox_contributions``."""
        data = self._cleaned()
        return {
            **self.common_filters(),
            "state": data.get("state") or "",
            "sort": data.get("sort") or "unread",
        }


class _BulkForm(forms.Form):
    """A selection of items by id (checkboxes named ``items``)."""

    model: type
    empty_message = _("Select at least one item.")

    items = forms.TypedMultipleChoiceField(coerce=int, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].error_messages["required"] = self.empty_message

    def full_clean(self):
        # The choices are whatever ids were sent: the view checks each one's permission.
        values = self.data.getlist("items") if hasattr(self.data, "getlist") else []
        self.fields["items"].choices = [(v, v) for v in values if str(v).isdigit()]
        super().full_clean()
        if self.is_bound and not self.errors:
            ids = self.cleaned_data["items"]
            if len(ids) > BULK_LIMIT:
                self.add_error(
                    "items",
                    ngettext(
                        "Select at most %(n)d item at a time.",
                        "Select at most %(n)d items at a time.",
                        BULK_LIMIT,
                    )
                    % {"n": BULK_LIMIT},
                )

    def objects(self) -> list:
        """The selected rows that exist, in the order sent (one query)."""
        ids = list(dict.fromkeys(self.cleaned_data["items"]))
        found = self.model.objects.select_related(*self.related).in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


class ProposalSelectionForm(_BulkForm):
    model = Proposal
    related = ("space",)
    empty_message = _("Select at least one proposal.")


class ContributionSelectionForm(_BulkForm):
    model = Contribution
    related = ("consultation__space",)
    empty_message = _("Select at least one contribution.")
