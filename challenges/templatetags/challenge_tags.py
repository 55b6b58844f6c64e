"""Display helpers of the practice and challenge pages."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from challenges.forms import DIMENSIONS

register = template.Library()

MINUS = "\u2212"


@register.filter
def signed_mean(value) -> str:
    """A mean rating as "+1.2", "−0.4" or "0.0" (localised decimal separator)."""
    if value is None:
        return "—"
    rounded = round(float(value), 1)
    sign = "+" if rounded > 0 else (MINUS if rounded < 0 else "")
    return sign + number_format(abs(rounded), 1)


@register.simple_tag
def practice_aggregates(practice) -> list[dict]:
    """The practice's three means, each with its label and the phrase the page reads out:
    "+1.2 on citizens' development and integration"."""
    rows = []
    for name, label in DIMENSIONS:
        mean = getattr(practice, name.replace("rating_", "mean_"))
        rows.append(
            {
                "label": label,
                "mean": mean,
                "text": _("%(mean)s on %(dimension)s")
                % {"mean": signed_mean(mean), "dimension": str(label)[:1].lower() + str(label)[1:]},
                "positive": mean is not None and mean > 0,
            }
        )
    return rows


@register.filter
def percent_of(part, whole) -> int:
    try:
        return round(100 * int(part) / int(whole)) if int(whole) else 0
    except (TypeError, ValueError):
        return 0


@register.simple_tag
def chapter_url(chapter) -> str:
    """The chapter's page, or "" while the chapters pages are not mounted (the name is then
    shown without a link rather than breaking the challenge page)."""
    try:
        return chapter.get_absolute_url()
    except NoReverseMatch:
        return ""
