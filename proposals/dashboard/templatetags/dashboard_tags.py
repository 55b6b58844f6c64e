"""``{% can_use_dashboard as show_dashboard %}``: whether to offer the dashboard link.

The same permission the dashboard views check (``jurisdictions.use_dashboard``), without its
queries where the answer is already known: none for anonymous visitors, superusers and
citizens whose ``holds_mandate`` came with their row (``civic.backends``); dashboard pages
(whose context carries the ``scope``) skip it. Only staff without a mandate are asked
whether they are platform staff (one query).
"""

from __future__ import annotations

import rules
from django import template

from proposals.dashboard.selectors import DashboardScope

register = template.Library()


@register.simple_tag(takes_context=True)
def can_use_dashboard(context) -> bool:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return False
    if isinstance(context.get("scope"), DashboardScope):
        return True  # a dashboard page: its view already checked the same permission
    if user.is_superuser:
        return True
    holds_mandate = getattr(user, "holds_mandate", None)  # loaded with the user: no query
    if holds_mandate:
        return True
    if holds_mandate is False and not user.is_staff:
        return False  # no mandate, and not staff: cannot be platform staff either
    return rules.has_perm("jurisdictions.use_dashboard", user)
