"""Thin Celery tasks: take ids, call the services, retry with backoff (civic.tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from civic.tasks import civic_task


@civic_task(name="notifications.dispatch_event")
def dispatch_event(event_id: int) -> int:
    """Fan an event out to its personal recipients and queue their emails (idempotent)."""
    from notifications.services import event_dispatch

    def queue_emails(notification_ids: list[int]) -> None:
        for notification_id in notification_ids:
            send_notification_email.delay(notification_id)

    return len(event_dispatch(event_id=event_id, queue_emails=queue_emails))


@civic_task(name="notifications.send_notification_email")
def send_notification_email(notification_id: int) -> bool:
    from notifications.emails import notification_email_send

    return notification_email_send(notification_id=notification_id)


@civic_task(name="notifications.relay_undispatched")
def relay_undispatched(limit: int = 500) -> int:
    """Re-enqueue events still undispatched after a short delay (broker down at commit,
    worker killed mid-way). Safe because dispatching is idempotent."""
    from notifications.models import Event
    from notifications.services import enqueue_dispatch

    older_than = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_RELAY_DELAY)
    ids = list(
        Event.objects.undispatched()
        .filter(created_at__lte=older_than)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for event_id in ids:
        if not enqueue_dispatch(event_id):
            break  # the broker is still down: the next run tries again
        sent += 1
    return sent


@civic_task(name="notifications.send_digests")
def send_digests(frequency: str) -> int:
    """Queue one digest per citizen whose daily or weekly digest is due."""
    from notifications.emails import citizens_due_for_digest

    count = 0
    for citizen_id in citizens_due_for_digest(frequency):
        send_digest.delay(citizen_id, frequency)
        count += 1
    return count


@civic_task(name="notifications.send_digest")
def send_digest(citizen_id: int, frequency: str) -> bool:
    from notifications.emails import digest_send

    return digest_send(citizen_id=citizen_id, frequency=frequency)
