"""Recording domain events (the outbox). Delivery lives in the notification pipeline."""

from __future__ import annotations

from typing import Any

from notifications.models import Event


def event_record(
    *, kind: str, actor=None, space=None, data: dict[str, Any] | None = None, **subjects
) -> Event:
    """Write an event row in the caller's transaction and return it.

    ``subjects`` are the event's objects: ``proposal=``, ``consultation=``,
    ``contribution=``, ``comment=``. Call it inside the service's ``transaction.atomic``
    so the event exists exactly when the change does.
    """
    return Event.objects.create(kind=kind, actor=actor, space=space, data=data or {}, **subjects)
