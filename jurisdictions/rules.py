"""Who may act for a space: the one place that decides (web, API and admin).

The spaces a citizen serves (where they hold a mandate in force today) are read once per
request (``served_spaces``) and reused by every check of the page: the dashboard's scope,
"may answer this proposal?", "may moderate this comment?"…
"""

from __future__ import annotations

import rules
from django.utils import timezone

from civic.rules import is_platform_staff
from jurisdictions.models import Jurisdiction, Mandate


def served_spaces(user) -> tuple[Jurisdiction, ...]:
    """The spaces where ``user`` holds a mandate in force today, by label (one query).

    Cached on the user object — each request has its own — the way Django caches
    permissions on it, and keyed by the date, so a mandate ending today stops counting at
    midnight. ``mandate_assign`` and ``mandate_end`` forget it for the citizen they change
    (``forget_served_spaces``).
    """
    if not getattr(user, "is_authenticated", False):
        return ()
    today = timezone.localdate()
    cached = getattr(user, "_served_spaces", None)
    if cached is None or cached[0] != today:
        mandates = Mandate.objects.active(today).filter(citizen=user)
        spaces = Jurisdiction.objects.filter(bodies__mandates__in=mandates).distinct()
        user._served_spaces = (today, tuple(spaces.order_by("label")))
    return user._served_spaces[1]


def forget_served_spaces(user) -> None:
    user.__dict__.pop("_served_spaces", None)


@rules.predicate
def is_decision_maker_for(user, space: Jurisdiction | None) -> bool:
    """The citizen holds a mandate in force today in a body of ``space``."""
    if space is None:
        return False
    return any(served.pk == space.pk for served in served_spaces(user))


@rules.predicate
def is_decision_maker(user) -> bool:
    """The citizen holds a mandate in force today somewhere."""
    return bool(served_spaces(user))


@rules.predicate
def serves_space_of(user, item) -> bool:
    """A decision maker of the space ``item`` belongs to (a proposal, a consultation, a
    contribution, a comment…: anything with a ``space``).

    A chapter's forum belongs to its citizens, not to the city: its comments are the
    organisers' to moderate (``chapters.moderate_forum``), never the place's.
    """
    if item is None or getattr(item, "chapter_id", None):
        return False
    return is_decision_maker_for(user, item.space)


# Open a consultation in a space: platform staff anywhere, decision makers in theirs.
can_act_for_space = is_platform_staff | is_decision_maker_for
# Answer, transfer, review, moderate an item: platform staff anywhere, decision makers in
# the space it is addressed to.
can_act_for_item = is_platform_staff | serves_space_of

rules.add_perm("jurisdictions.act_for_space", can_act_for_space)
rules.add_perm("jurisdictions.use_dashboard", is_platform_staff | is_decision_maker)
