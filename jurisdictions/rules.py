"""Who may act for a space: the one place that decides (web, API and admin)."""

import rules
from django.utils import timezone

from jurisdictions.models import Jurisdiction, Mandate


@rules.predicate
def is_decision_maker_for(user, space: Jurisdiction | None) -> bool:
    """The citizen holds a mandate in force today in a body of ``space``."""
    if space is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        Mandate.objects.active(timezone.localdate())
        .filter(citizen=user, body__space=space)
        .exists()
    )


@rules.predicate
def is_decision_maker(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Mandate.objects.active().filter(citizen=user).exists()


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


is_staff = rules.is_staff
can_act_for_space = is_staff | is_decision_maker_for
# Answer, transfer, review, moderate an item: staff everywhere, decision makers in their space.
can_act_for_item = is_staff | serves_space_of

rules.add_perm("jurisdictions.act_for_space", can_act_for_space)
rules.add_perm("jurisdictions.use_dashboard", is_staff | is_decision_maker)
