"""Template tags of the consultation pages.

``{% space_consultations space %}``
    The open consultations of a space, for its page (one query, plus one permission check
    for a signed-in visitor).
"""

from __future__ import annotations

import rules
from django import template

from proposals.consultations.selectors import consultation_list

register = template.Library()

SPACE_PAGE_LIMIT = 5


@register.inclusion_tag("consultations/_space_consultations.html", takes_context=True)
def space_consultations(context, space, limit: int = SPACE_PAGE_LIMIT):
    user = context.get("user")
    return {
        "space": space,
        "consultations": list(consultation_list(space=space, state="open")[:limit]),
        "can_open": user is not None
        and rules.has_perm("consultations.open_consultation", user, space),
    }
