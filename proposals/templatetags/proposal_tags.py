"""Template tags of the proposal pages.

``{% space_proposals space %}``
    The five newest proposals addressed to a space, a link to all of them and a "Make a
    proposal to <space>" button, for the space page (one query).
``{% proposal_status proposal %}``
    The status as a text badge (the text carries the meaning, never the colour alone).
``{% proposal_impacts proposal as impacts %}``
    The three impact dimensions as (label, rating value, rating label, text) rows.
"""

from __future__ import annotations

from django import template

from proposals.forms import IMPACT_DIMENSIONS
from proposals.selectors import proposal_list

register = template.Library()

SPACE_PAGE_LIMIT = 5


@register.inclusion_tag("proposals/_space_proposals.html")
def space_proposals(space, limit: int = SPACE_PAGE_LIMIT):
    return {
        "space": space,
        "proposals": list(proposal_list(space=space)[:limit]),
        "offer_within": space.is_place and space.numchild > 0,
    }


@register.inclusion_tag("proposals/_status.html")
def proposal_status(proposal):
    return {"status": proposal.status, "label": proposal.get_status_display()}


@register.simple_tag
def proposal_impacts(proposal) -> list[dict]:
    return [
        {
            "label": label,
            "rating": getattr(proposal, name),
            "rating_label": getattr(proposal, f"get_{name}_display")(),
            "text": getattr(proposal, f"{name}_text"),
        }
        for name, label in IMPACT_DIMENSIONS
    ]
