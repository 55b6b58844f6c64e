"""Thin Celery tasks of the proposals (``civic.tasks.civic_task``)."""

from __future__ import annotations

from civic.tasks import civic_task


@civic_task(name="proposals.supports_of_the_day")
def supports_of_the_day() -> int:
    """Once a day: each author hears how many new supports their proposals got."""
    from proposals.services import supports_of_the_day_record

    return supports_of_the_day_record()
