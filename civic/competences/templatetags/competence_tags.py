"""Display helpers of the competence pages, and the links that weave competences into the
rest of the platform (``{% competence_link "constructive-dialogue" %}``)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()

# The competences other pages point to, by slug (civic/competences/content/competences.yaml
# holds them; their texts may change, not their slugs).
LEVELS_OF_GOVERNMENT = "who-is-responsible"
PROPOSAL_TO_POLICY = "proposal-to-policy"
CONSTRUCTIVE_DIALOGUE = "constructive-dialogue"
MTR = "elections-and-mtr"


@register.filter
def tr(item, field: str) -> str:
    """``item.tr(field)``: the French or English text, in the active language."""
    return item.tr(field) if item is not None else ""


@register.filter
def link_label(link) -> str:
    """A further-reading link's label in the active language (``label_fr`` when French)."""
    if not isinstance(link, dict):
        return ""
    if (get_language() or "en").startswith("fr") and link.get("label_fr"):
        return link["label_fr"]
    return link.get("label") or link.get("url") or ""


def _published_titles(request) -> dict:
    """slug → competence of every published competence, read once per request."""
    cached = getattr(request, "_competence_links", None) if request is not None else None
    if cached is None:
        from civic.competences.selectors import published_competences

        cached = {c.slug: c for c in published_competences().only("slug", "title_en", "title_fr")}
        if request is not None:
            request._competence_links = cached
    return cached


@register.inclusion_tag("competences/_learn_link.html", takes_context=True)
def competence_link(context, slug: str, lead: str = ""):
    """ "Learn: <competence>" pointing to a published competence; nothing if it is not.

    One query per request however many times a page uses it (a comment form under each
    contribution of a consultation).
    """
    competence = _published_titles(context.get("request")).get(slug)
    return {"competence": competence, "lead": lead}
