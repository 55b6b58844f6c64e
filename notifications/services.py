"""Recording domain events (the outbox) and delivering them.

``event_record`` writes the event in the caller's transaction and enqueues its dispatch
once that transaction commits. ``event_dispatch`` is safe to run any number of times,
concurrently or after a crash: personal rows are inserted with ``ON CONFLICT DO NOTHING``
against the (event, recipient) unique constraint, each email is claimed by a
compare-and-swap on ``emailed_at``, and ``dispatched_at`` is set last. Audience
notifications need no write at all (``notifications.selectors``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from notifications import registry
from notifications.models import (
    AudienceRead,
    Channel,
    EmailState,
    Event,
    InboxState,
    Notification,
    Preference,
)
from notifications.registry import personal_recipients

logger = logging.getLogger(__name__)
CHUNK = 1000


def event_record(
    *, kind: str, actor=None, space=None, data: dict[str, Any] | None = None, **subjects
) -> Event:
    """Write an event row in the caller's transaction; dispatch it after the commit.

    ``kind`` is a declared ``notifications.registry.Kind`` (each app's ``notifications.py``).
    ``subjects`` are the event's objects: ``proposal=``, ``consultation=``,
    ``contribution=``, ``comment=``. If the broker is unreachable at commit time the
    change still succeeds; the relay (``notifications.tasks.relay_undispatched``) picks
    the event up later.
    """
    if registry.get(kind) is None:
        raise ValueError(f"{kind!r} is no declared notification kind (notifications.registry).")
    event = Event.objects.create(
        kind=str(kind), actor=actor, space=space, data=data or {}, **subjects
    )
    transaction.on_commit(lambda: enqueue_dispatch(event.pk))
    return event


def enqueue_dispatch(event_id: int) -> bool:
    """Hand the event to a worker; never raises nor waits on the broker (a web request must
    not fail on it): ``civic.queueing.enqueue``. If it could not, the relay
    (``notifications.tasks.relay_undispatched``) dispatches the event later."""
    from civic.queueing import enqueue
    from notifications.tasks import dispatch_event

    return enqueue(dispatch_event, event_id)


def event_dispatch(
    *, event_id: int, queue_emails=None, after: int = 0, continue_with=None
) -> list[int]:
    """Create the personal notifications of an event and queue their emails.

    Recipients are taken in slices of ``NOTIFICATIONS_DISPATCH_CHUNK`` (by id, from
    ``after``). ``continue_with(after)``: hand the rest to another task after one slice (the
    worker's ``dispatch_event`` does, so each task stays well inside its time limits);
    without it every slice is done here. The event is marked dispatched after the last
    slice: a lost continuation leaves it to the relay, which starts again (idempotent).

    Each email wanted is first marked ``pending`` in the database (``EmailState``), the
    source of truth: ``queue_emails(notification_ids)`` then hands them to the mail tasks,
    and whatever a lost task or a dead broker drops, the relay queues again once
    ``NOTIFICATIONS_EMAIL_GRACE`` has passed. Returns the ids of the notifications whose
    email is pending (of the slices done here). An event already dispatched is left alone.
    """
    event = Event.objects.select_related("proposal", "contribution", "comment").get(pk=event_id)
    if event.dispatched_at is not None:
        return []
    size = settings.NOTIFICATIONS_DISPATCH_CHUNK
    pending: list[int] = []
    while True:
        ids = list(personal_recipients(event).filter(pk__gt=after).order_by("pk")[:size])
        pending += _dispatch_slice(event, ids, queue_emails)
        if len(ids) < size:
            break
        after = ids[-1]
        if continue_with is not None:
            Event.objects.filter(pk=event.pk).update(dispatch_progress_at=timezone.now())
            continue_with(after)
            return pending
    Event.objects.filter(pk=event.pk, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now()
    )
    return pending


def _dispatch_slice(event: Event, recipient_ids: list[int], queue_emails) -> list[int]:
    from notifications.selectors import wants_email

    for start in range(0, len(recipient_ids), CHUNK):
        with transaction.atomic():
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=rid,
                        event=event,
                        kind=event.kind,
                        space_id=event.space_id,
                        created_at=event.created_at,
                    )  # fmt: skip
                    for rid in recipient_ids[start : start + CHUNK]
                ],
                ignore_conflicts=True,
            )
    rows = Notification.objects.filter(event=event, recipient_id__in=recipient_ids)
    emailing = wants_email(rows.values("recipient_id"), event.kind).values("pk")
    rows.filter(recipient_id__in=emailing, email_state=EmailState.NONE).update(
        email_state=EmailState.PENDING, email_due_at=_grace_end()
    )
    pending = list(rows.filter(email_state=EmailState.PENDING).values_list("pk", flat=True))
    if queue_emails is not None and pending:
        queue_emails(pending)
    return pending


def _grace_end():
    return timezone.now() + timedelta(seconds=settings.NOTIFICATIONS_EMAIL_GRACE)


def notification_claim_email(*, notification_id: int) -> bool:
    """Claim the right to send this notification's email now, for one lease
    (``NOTIFICATIONS_EMAIL_LEASE``): a pending email, or one whose sender's lease ended (a
    worker killed mid-send). Exactly one caller gets True while the lease lasts."""
    now = timezone.now()
    claimable = Q(email_state=EmailState.PENDING) | Q(
        email_state=EmailState.SENDING, email_due_at__lte=now
    )
    return bool(
        Notification.objects.filter(claimable, pk=notification_id).update(
            email_state=EmailState.SENDING,
            email_due_at=now + timedelta(seconds=settings.NOTIFICATIONS_EMAIL_LEASE),
            email_attempts=F("email_attempts") + 1,
        )
    )


def notification_email_sent(*, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, email_state=EmailState.SENDING).update(
        email_state=EmailState.SENT, emailed_at=timezone.now(), email_due_at=None, email_error=""
    )


def notification_email_failed(*, notification_id: int, error: str) -> str:
    """A send failed: pending again after a backoff (1, 2, 4 … 60 minutes with the default
    ``NOTIFICATIONS_EMAIL_BACKOFF`` of 60 s), or ``failed``
    with the reason once ``NOTIFICATIONS_EMAIL_ATTEMPTS`` attempts were made. Returns the
    new state."""
    notification = Notification.objects.filter(pk=notification_id).only("email_attempts").first()
    if notification is None:
        return EmailState.NONE
    attempts = notification.email_attempts
    if attempts >= settings.NOTIFICATIONS_EMAIL_ATTEMPTS:
        state, due = EmailState.FAILED, None
    else:
        state = EmailState.PENDING
        steps = min(60, 2 ** max(0, attempts - 1))
        due = timezone.now() + timedelta(seconds=steps * settings.NOTIFICATIONS_EMAIL_BACKOFF)
    Notification.objects.filter(pk=notification_id, email_state=EmailState.SENDING).update(
        email_state=state, email_due_at=due, email_error=error[:300]
    )
    return state


def notification_emails_postpone(*, notification_ids: list[int]) -> None:
    """Emails a chunk did not get to (the mail server went away): pending, due after one
    backoff step."""
    Notification.objects.filter(pk__in=notification_ids, email_state=EmailState.PENDING).update(
        email_due_at=timezone.now() + timedelta(seconds=settings.NOTIFICATIONS_EMAIL_BACKOFF)
    )


def emails_due_claim(*, limit: int = 5000) -> list[int]:
    """The emails the relay queues again (pending and due, or a sender's lease that ended),
    each pending again and put off by ``NOTIFICATIONS_EMAIL_GRACE`` so that the next relay
    run does not queue them again while they wait in the queue. Two relays never take the
    same rows (``SKIP LOCKED`` where the database has it)."""
    with transaction.atomic():
        rows = Notification.objects.email_due(timezone.now()).order_by("email_due_at")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        # A lease that ended: its sender is gone (killed), the email is pending again.
        Notification.objects.filter(pk__in=ids).update(
            email_state=EmailState.PENDING, email_due_at=_grace_end()
        )
    return ids


@transaction.atomic
def notification_mark_read(*, citizen, event_id: int) -> bool:
    """Mark one inbox item read, personal or audience. Returns whether anything changed."""
    updated = Notification.objects.filter(
        recipient=citizen, event_id=event_id, read_at__isnull=True
    ).update(read_at=timezone.now())
    if updated:
        return True
    if Notification.objects.filter(recipient=citizen, event_id=event_id).exists():
        return False
    from notifications.selectors import _audience

    # Only an event of the citizen's audience stream gets a row (an unknown id would also
    # break the foreign key at commit).
    if not _audience(citizen, []).filter(pk=event_id).exists():
        return False
    state, _created = InboxState.objects.get_or_create(citizen=citizen)
    if event_id <= state.audience_read_until:
        return False
    _obj, created = AudienceRead.objects.get_or_create(citizen=citizen, event_id=event_id)
    return created


@transaction.atomic
def inbox_mark_all_read(*, citizen) -> None:
    """Everything in the inbox becomes read, personal rows and audience stream alike."""
    from notifications.selectors import newest_audience_event_id

    Notification.objects.filter(recipient=citizen, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    newest = newest_audience_event_id(citizen)
    state, _created = InboxState.objects.select_for_update().get_or_create(citizen=citizen)
    if newest > state.audience_read_until:
        state.audience_read_until = newest
        state.save(update_fields=["audience_read_until"])
    AudienceRead.objects.filter(citizen=citizen, event_id__lte=state.audience_read_until).delete()


@transaction.atomic
def preference_set(*, citizen, kind: str, channel: str, enabled: bool) -> Preference:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if kind not in {str(k) for k in registry.notifiable()}:
        raise ValidationError({"kind": _("Unknown kind of notification.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    preference, _created = Preference.objects.update_or_create(
        citizen=citizen, kind=kind, channel=channel, defaults={"enabled": enabled}
    )
    return preference


@transaction.atomic
def preferences_save(
    *, citizen, choices: dict[tuple[str, str], bool], digest: str | None = None
) -> None:
    """Apply several choices at once (the preferences page, the API), all or nothing.

    ``choices`` maps (kind, channel) to enabled; only those that differ from the citizen's
    current setting (defaults included) are written. ``digest``: a frequency, or None to
    leave it. Raises ``ValidationError`` for an unknown kind, channel or frequency.
    """
    from notifications.selectors import preferences_of

    current = {
        (row["kind"], channel): row[channel]
        for row in preferences_of(citizen)
        for channel in Channel.values
    }
    for (kind, channel), enabled in choices.items():
        if current.get((kind, channel)) != enabled:
            preference_set(citizen=citizen, kind=kind, channel=channel, enabled=enabled)
    if digest is not None:
        digest_set(citizen=citizen, frequency=digest)


@transaction.atomic
def digest_set(*, citizen, frequency: str) -> InboxState:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if frequency not in InboxState.Digest.values:
        raise ValidationError({"digest": _("Choose never, daily or weekly.")})
    state, _created = InboxState.objects.get_or_create(citizen=citizen)
    state.digest = frequency
    state.save(update_fields=["digest"])
    return state


@transaction.atomic
def daily_counts_record(
    *, kind: str, rows: QuerySet, subject: str, targets: QuerySet, subjects: Callable
) -> int:
    """Batch many small signals into one event a day: for each ``subject`` (the foreign key
    of ``rows`` that is also an event subject: ``"proposal"``, ``"contribution"``) that got
    rows in the last day since its last ``kind`` event, record one ``kind`` event with
    ``data["count"]`` ("3 new supports today", never one email per support).
    ``targets``: the subjects' queryset (with what ``subjects`` reads joined);
    ``subjects(target)``: the event's space and subjects.

    Run by a daily task; idempotent: a second run finds no row newer than the event the
    first one recorded. Returns how many events were recorded.
    """
    last = (
        Event.objects.filter(kind=str(kind), **{subject: OuterRef(subject)})
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    counts = dict(
        rows.filter(created_at__gte=timezone.now() - timedelta(days=1))
        .annotate(_last=Subquery(last))
        .filter(Q(_last__isnull=True) | Q(created_at__gt=F("_last")))
        .values_list(subject)
        .annotate(n=Count("pk"))
        .values_list(subject, "n")
    )
    for target in targets.filter(pk__in=counts):
        event_record(kind=kind, data={"count": counts[target.pk]}, **subjects(target))
    return len(counts)
