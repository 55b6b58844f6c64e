"""Thin Celery tasks of the consultations (``civic.tasks.civic_task``)."""

from __future__ import annotations

from civic.tasks import civic_task


@civic_task(name="consultations.remind_closing")
def remind_closing_consultations() -> int:
    """Announce, once, the consultations closing within 48 hours (run by Celery beat)."""
    from proposals.consultations.services import consultations_remind_closing

    return consultations_remind_closing()


@civic_task(name="consultations.agreements_of_the_day")
def agreements_of_the_day() -> int:
    """Once a day: each contributor hears how many citizens agreed with them."""
    from proposals.consultations.services import agreements_of_the_day_record

    return agreements_of_the_day_record()
