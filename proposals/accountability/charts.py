"""The accountability page's chart and durations, computed in Python for the template: a
server-rendered SVG (no JavaScript), and "2 days, 3 hours" in the reader's language."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CHART = {"width": 720, "height": 260, "left": 44, "right": 12, "top": 16, "bottom": 40}


def chart_geometry(months) -> dict:
    """Bars and ticks of the server-rendered SVG chart (received vs answered per month)."""
    top = max([1, *(m.received for m in months), *(m.answered for m in months)])
    step = max(1, -(-top // 4))  # four gridlines at most, on whole numbers
    ceiling = step * -(-top // step)
    plot_w = CHART["width"] - CHART["left"] - CHART["right"]
    plot_h = CHART["height"] - CHART["top"] - CHART["bottom"]
    slot = plot_w / len(months)
    bar = slot * 0.36

    def y(value):
        return CHART["top"] + plot_h - plot_h * value / ceiling

    bars = []
    for index, month in enumerate(months):
        x = CHART["left"] + slot * index + slot * 0.12
        bars.append(
            {
                "month": month,
                "label_x": round(CHART["left"] + slot * (index + 0.5), 1),
                "received": {"x": round(x, 1), "y": round(y(month.received), 1),
                             "h": round(plot_h * month.received / ceiling, 1)},
                "answered": {"x": round(x + bar + 2, 1), "y": round(y(month.answered), 1),
                             "h": round(plot_h * month.answered / ceiling, 1)},
            }
        )  # fmt: skip
    ticks = [{"value": v, "y": round(y(v), 1)} for v in range(0, ceiling + 1, step)]
    return {
        **CHART,
        "bars": bars,
        "bar_width": round(bar, 1),
        "ticks": ticks,
        "plot_right": CHART["width"] - CHART["right"],
        "baseline": CHART["top"] + plot_h,
        "label_y": CHART["height"] - CHART["bottom"] + 18,
    }


def humanize_duration(duration: timedelta | None) -> str:
    """ "2 days, 3 hours", "5 hours", "12 minutes" (two units at most); "" for None."""
    if duration is None:
        return ""
    minutes = max(0, int(duration.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    units = [
        (days, ngettext("%(n)d day", "%(n)d days", days)),
        (hours, ngettext("%(n)d hour", "%(n)d hours", hours)),
        (minutes, ngettext("%(n)d minute", "%(n)d minutes", minutes)),
    ]
    parts = [text % {"n": n} for n, text in units if n][:2]
    return ", ".join(parts) or _("less than a minute")
