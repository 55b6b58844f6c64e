"""Emails: immediate personal notifications and digests of followed places.

Each email is rendered in the recipient's language, in HTML and plain text, with a signed
one-click unsubscribe link and the ``List-Unsubscribe`` / ``List-Unsubscribe-Post``
headers (RFC 8058).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError
from django.db import connection as db_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from civic.models import Citizen
from notifications.messages import describe
from notifications.models import InboxState, Notification

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
DIGEST = "digest"
PERIODS = {InboxState.Digest.DAILY: timedelta(days=1), InboxState.Digest.WEEKLY: timedelta(days=7)}


def unsubscribe_token(*, citizen_id: int, kind: str) -> str:
    """A signed token naming what to stop: a kind of notification, or ``digest``."""
    return signing.dumps({"c": citizen_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The (citizen id, kind) in a token; raises ``signing.BadSignature`` if forged."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["c"]), str(data["k"])


def unsubscribe_url(*, citizen_id: int, kind: str) -> str:
    token = unsubscribe_token(citizen_id=citizen_id, kind=kind)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def _message(
    *, citizen: Citizen, subject: str, template: str, context: dict, kind: str, message_id: str
) -> EmailMultiAlternatives:
    link = unsubscribe_url(citizen_id=citizen.pk, kind=kind)
    context = {
        **context,
        "citizen": citizen,
        "unsubscribe_url": link,
        "SITE_URL": settings.SITE_URL,
        # render_to_string has no request, so no i18n context processor: the templates'
        # lang attribute needs it here (callers render under translation.override).
        "LANGUAGE_CODE": translation.get_language(),
    }
    message = EmailMultiAlternatives(
        # A header is one line: a title typed with a line break (the API accepts one) must
        # not end the Subject and start a header of its own.
        subject=" ".join(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}".split()),
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[citizen.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": translation.get_language(),
            # Stable: a resend after an ambiguous timeout carries the same id, so that mail
            # systems can tell it is the same message.
            "Message-ID": f"<{message_id}@{_mail_domain()}>",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message


def _mail_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "civic.localhost"


def _notification_message(
    notification: Notification, described: dict | None = None
) -> EmailMultiAlternatives:
    """The email of one notification. ``described``: the sentences already written for this
    chunk, by event and language (a chunk is mostly one event's recipients)."""
    citizen = notification.recipient
    language = citizen.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        key = (notification.event_id, language)
        if described is None or key not in described:
            message = describe(notification.event, personal=True)
            if described is not None:
                described[key] = message
        message = described[key] if described is not None else message
        return _message(
            citizen=citizen,
            subject=message.text,
            template="notification",
            context={"message": message, "url": settings.SITE_URL + message.url},
            kind=notification.kind,
            message_id=f"civic-notification-{notification.pk}",
        )


# The mail server is not there, not answering in time, or dropped the connection.
_SERVER_GONE = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError)

_RELATED = (
    "recipient", "event__space", "event__actor", "event__proposal", "event__consultation",
    "event__contribution__consultation", "event__comment__proposal",
)  # fmt: skip


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Email a chunk of personal notifications over one connection to the mail server;
    each at most once while its claim lasts (``notification_claim_email``). Returns how
    many were sent.

    Each email's outcome is written as it happens (``EmailState``): sent; or, when the send
    fails, pending again after a backoff (failed after the last attempt). If the mail server
    goes away the rest of the chunk waits one backoff step for the relay. Never raises for a send
    that failed: the state in the database is the retry.
    """
    from notifications.services import (
        notification_claim_email,
        notification_email_failed,
        notification_email_sent,
        notification_emails_postpone,
    )

    sent = 0
    connection = get_connection()
    rows = Notification.objects.select_related(*_RELATED).in_bulk(notification_ids)
    described: dict = {}
    try:
        for position, notification_id in enumerate(notification_ids):
            notification = rows.get(notification_id)
            if notification is None or not notification_claim_email(
                notification_id=notification_id
            ):
                continue  # gone; sent, being sent, or not wanted any more
            try:
                message = _notification_message(notification, described)
                connection.open()  # once per chunk: later sends reuse it
                message.connection = connection
                message.send()
            except _SERVER_GONE as error:
                # Down, too slow (an ambiguous timeout: this one may be sent again), or
                # gone: this email backs off, the rest of the chunk waits for the relay.
                notification_email_failed(notification_id=notification_id, error=repr(error))
                rest = notification_ids[position + 1 :]
                notification_emails_postpone(notification_ids=rest)
                logger.warning("The mail server failed (%r); %s emails wait.", error, len(rest))
                break
            except Exception as error:  # this message only: refused, or cannot be rendered
                notification_email_failed(notification_id=notification_id, error=repr(error))
                logger.exception("Could not email notification %s.", notification_id)
            else:
                _record_sent(notification_email_sent, notification_id)
                sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # closing a connection the server dropped
            logger.debug("Closing the mail connection failed.", exc_info=True)
    return sent


def _record_sent(record, notification_id: int) -> None:
    """Say the email went: at once, and again on a new database connection if the first was
    cut meanwhile (else the lease would end and the email be sent twice)."""
    try:
        record(notification_id=notification_id)
    except DatabaseError:
        db_connection.close()
        record(notification_id=notification_id)


def notification_email_send(*, notification_id: int) -> bool:
    """Email one personal notification, at most once. Returns whether it was sent now."""
    return notification_emails_send(notification_ids=[notification_id]) == 1


def _due_before(frequency: str, now):
    # An hour of slack, so a beat that fires a little early still finds the citizen due.
    return now - PERIODS[frequency] + timedelta(hours=1)


def citizens_due_for_digest(frequency: str):
    """Ids of active citizens whose ``frequency`` digest is due (they follow something)."""
    if frequency not in PERIODS:
        return Citizen.objects.none().values_list("pk", flat=True)
    due_before = _due_before(frequency, timezone.now())
    states = InboxState.objects.filter(digest=frequency).exclude(last_digest_at__gt=due_before)
    explicit = Citizen.objects.filter(pk__in=states.values("citizen_id"))
    # Citizens without a state row have the default (weekly) digest.
    defaults = (
        Citizen.objects.exclude(pk__in=InboxState.objects.values("citizen_id"))
        if frequency == InboxState.Digest.WEEKLY
        else Citizen.objects.none()
    )
    return (
        (explicit | defaults)
        .filter(is_active=True, deleted_at__isnull=True, follows__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )


def digest_send(*, citizen_id: int, frequency: str) -> bool:
    """Send the digest of what happened in the citizen's followed places since the last one.

    The period is claimed first with a compare-and-swap on ``last_digest_at`` that only
    succeeds while the digest is due and still set to ``frequency``, so a task run twice (or
    queued twice by the beat) sends one email per period. A failed send gives the period
    back for the retry. Nothing to report: nothing is sent.
    """
    if frequency not in PERIODS:
        return False
    citizen = Citizen.objects.get(pk=citizen_id)
    state, _created = InboxState.objects.get_or_create(citizen=citizen)
    now = timezone.now()
    previous = state.last_digest_at
    if previous is not None and previous > _due_before(frequency, now):
        return False
    since = previous or (now - PERIODS[frequency])
    claimed = InboxState.objects.filter(
        pk=state.pk, digest=frequency, last_digest_at=previous
    ).update(last_digest_at=now)
    if not claimed:
        return False
    try:
        return _digest_compose_and_send(citizen, frequency, since=since, now=now)
    except Exception:
        InboxState.objects.filter(pk=state.pk, last_digest_at=now).update(last_digest_at=previous)
        raise


def _digest_compose_and_send(citizen: Citizen, frequency: str, *, since, now) -> bool:
    from notifications.selectors import _audience, disabled_kinds

    events = list(
        _audience(citizen, disabled_kinds(citizen))
        .filter(created_at__gt=since, created_at__lte=now)
        .select_related("space", "proposal", "consultation")
        .order_by("space__name", "-id")[:100]
    )
    if not events:
        return False
    with translation.override(citizen.preferred_language or settings.LANGUAGE_CODE):
        items = [(event, describe(event, personal=False)) for event in events]
        count = len(items)
        subject = (
            ngettext(
                "Your daily digest: %(count)d update from the places you follow",
                "Your daily digest: %(count)d updates from the places you follow",
                count,
            )
            if frequency == InboxState.Digest.DAILY
            else ngettext(
                "Your weekly digest: %(count)d update from the places you follow",
                "Your weekly digest: %(count)d updates from the places you follow",
                count,
            )
        ) % {"count": count}
        _message(
            citizen=citizen,
            subject=subject,
            template="digest",
            context={"items": items, "frequency": frequency},
            kind=DIGEST,
            message_id=f"civic-digest-{citizen.pk}-{frequency}-{now:%Y%m%d%H%M%S}",
        ).send()
    return True
