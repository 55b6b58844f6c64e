"""``{% can_use_dashboard as show_dashboard %}``: whether to offer the dashboard link.

``rules.has_perm`` (not ``user.has_perm``, whose model backend would add two permission
queries for every citizen): no query for anonymous visitors and staff, one (the mandate
``EXISTS``) for anyone else — the same predicate the dashboard views check, so dashboard
pages (whose context carries the ``scope``) skip it.
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
    if user.is_staff:
        return True
    holds_mandate = getattr(user, "holds_mandate", None)  # loaded with the user: no query
    if holds_mandate is not None:
        return holds_mandate
    return rules.has_perm("jurisdictions.use_dashboard", user)
