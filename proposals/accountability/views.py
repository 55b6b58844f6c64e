"""The public accountability page of a place or organisation."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from jurisdictions.models import Jurisdiction
from proposals.accountability.charts import chart_geometry, humanize_duration
from proposals.accountability.selectors import accountability_of


@require_GET
def space_accountability(request, slug):
    """How a place or organisation reads and answers citizens over the last 12 months."""
    space = get_object_or_404(Jurisdiction, slug=slug)
    figures = accountability_of(space)
    share = figures.share_answered_within_30_days
    return render(
        request,
        "accountability/space.html",
        {
            "space": space,
            "figures": figures,
            "median": humanize_duration(figures.median_time_to_read),
            "share": None if share is None else round(share * 100),
            "chart": chart_geometry(figures.months),
        },
    )
