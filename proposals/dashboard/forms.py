"""Forms of the decision makers' dashboard: the bulk selections ("mark as read").

The inbox filters are ``proposals.dashboard.filters``; the answer, status and transfer
forms are the proposal page's (``proposals.forms``, through ``proposals.views.act_on``);
moderation is the discussions' (``proposals.discussions.views.moderation_posted``).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from proposals.dashboard.selectors import contributions_for_bulk, proposals_for_bulk

# The most items one bulk action takes (a page of the inbox is 25).
BULK_LIMIT = 100


class _BulkForm(forms.Form):
    """A selection of items by id (checkboxes named ``items``)."""

    select: Callable[[list[int]], tuple[list, list[int]]]  # the selector of the rows
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
        return self.select(self.cleaned_data["items"])[0]


class ProposalSelectionForm(_BulkForm):
    select = staticmethod(proposals_for_bulk)
    empty_message = _("Select at least one proposal.")


class ContributionSelectionForm(_BulkForm):
    select = staticmethod(contributions_for_bulk)
    empty_message = _("Select at least one contribution.")
