"""Thin Celery tasks: take ids, call the services, retry with backoff (civic.tasks)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from civic.tasks import civic_task


def queue_emails(notification_ids: list[int]) -> None:
    """One mail task per chunk of ``NOTIFICATIONS_EMAIL_CHUNK`` emails (one connection to
    the mail server each, well inside the task's time limits)."""
    size = settings.NOTIFICATIONS_EMAIL_CHUNK
    for start in range(0, len(notification_ids), size):
        send_notification_emails.delay(notification_ids[start : start + size])


@civic_task(name="notifications.dispatch_event")
def dispatch_event(event_id: int, after: int = 0) -> int:
    """Fan an event out to its personal recipients and queue their emails, one slice of
    recipients per task (idempotent)."""
    from notifications.services import event_dispatch

    return len(
        event_dispatch(
            event_id=event_id,
            queue_emails=queue_emails,
            after=after,
            continue_with=lambda rest: dispatch_event.delay(event_id, rest),
        )
    )


@civic_task(name="notifications.send_notification_emails")
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send a chunk of emails; their state in the database is the retry (never raises for
    a failed send: the relay queues again what is due)."""
    from notifications.emails import notification_emails_send

    return notification_emails_send(notification_ids=notification_ids)


@civic_task(name="notifications.send_notification_email")
def send_notification_email(notification_id: int) -> int:
    """One email: what a release before the chunked mail tasks queued (kept for them)."""
    return send_notification_emails([notification_id])


@civic_task(name="notifications.relay_undispatched")
def relay_undispatched(limit: int = 500) -> int:
    """Re-enqueue events still undispatched after a short delay (broker down at commit,
    worker killed mid-way), and the emails due again (a lost mail task, a lease that ended,
    a backoff that passed). Safe because dispatching and sending are idempotent."""
    from notifications.models import Event
    from notifications.services import emails_due_claim, enqueue_dispatch

    older_than = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_RELAY_DELAY)
    ids = list(
        Event.objects.undispatched()
        .filter(created_at__lte=older_than)
        # A dispatch under way (a slice done lately) is left to its own tasks.
        .exclude(dispatch_progress_at__gt=older_than)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for event_id in ids:
        if not enqueue_dispatch(event_id):
            return sent  # the broker is still down: the next run tries again
        sent += 1
    due = emails_due_claim()
    queue_emails(due)
    return sent + len(due)


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
