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


is_staff = rules.is_staff
can_act_for_space = is_staff | is_decision_maker_for

rules.add_perm("jurisdictions.act_for_space", can_act_for_space)
rules.add_perm("jurisdictions.use_dashboard", is_staff | is_decision_maker)
