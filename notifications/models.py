"""Domain events: the transactional outbox the notification pipeline consumes.

Services write an ``Event`` row in the same transaction as the change they record
(``notifications.services.event_record``); nothing is lost if the broker is down at
commit time, because ``dispatched_at`` stays empty until a worker has fanned it out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventQuerySet(models.QuerySet):
    def undispatched(self):
        return self.filter(dispatched_at__isnull=True)


class Event(models.Model):
    # A key of ``notifications.registry`` ("proposal.read"): each app declares its kinds in
    # its own ``notifications.py``; no ``choices`` here, so a new kind needs no migration.
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The space whose followers form the audience (for a transfer: the new space).
    space = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("space"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    proposal = models.ForeignKey(
        "proposals.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    contribution = models.ForeignKey(
        "consultations.Contribution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    comment = models.ForeignKey(
        "discussions.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    # A large audience is dispatched in slices, one task each: the last slice's time, so the
    # relay leaves a dispatch under way alone.
    dispatch_progress_at = models.DateTimeField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="event_undispatched_idx",
                condition=models.Q(dispatched_at__isnull=True),
            ),
            # The audience stream of a space, newest first.
            models.Index(fields=["space", "-id"], name="event_space_stream_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} #{self.pk}"

    @property
    def kind_label(self) -> str:
        from notifications.registry import label_of

        return label_of(self.kind)


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the app")
    EMAIL = "email", _("By email")


class EmailState(models.TextChoices):
    """Where a notification's email stands: the source of truth of its delivery.

    ``pending`` (to send, not before ``email_due_at``) → ``sending`` (claimed by one worker,
    whose lease ends at ``email_due_at``) → ``sent``; or ``failed`` after
    ``NOTIFICATIONS_EMAIL_ATTEMPTS`` attempts, with the reason. A lost task, a killed worker
    or a mail server down for an hour loses nothing: the relay queues again what is due.
    """

    NONE = "", _("not emailed")
    PENDING = "pending", _("to send")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_due(self, now):
        """Emails the relay should queue again: pending and due, or a lease that ended."""
        return self.filter(
            email_state__in=(EmailState.PENDING, EmailState.SENDING), email_due_at__lte=now
        )


class Notification(models.Model):
    """A personal notification: one row per (event, recipient), never two.

    Audience notifications (to the followers of a space) have no rows: they are read
    from the space's event stream (``notifications.selectors``), so a national event
    costs one row whatever the number of followers.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    # Copied from the event so the inbox filters without a join.
    kind = models.CharField(max_length=40)
    space = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.CASCADE, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(
        max_length=8, choices=EmailState.choices, default=EmailState.NONE, blank=True
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # pending: not before this; sending: the claim's lease ends then.
    email_due_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient"], name="notify_once_per_event")
        ]
        indexes = [
            models.Index(fields=["recipient", "-event"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            # The relay's look for emails to queue again: only the few not yet delivered.
            models.Index(
                fields=["email_due_at"],
                name="notification_email_due_idx",
                condition=models.Q(email_state__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class InboxState(models.Model):
    """Per-citizen read cursor over the audience stream, and digest bookkeeping."""

    class Digest(models.TextChoices):
        OFF = "off", _("Never")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    citizen = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="inbox"
    )
    # Audience events with an id at or below this are read ("mark all as read").
    audience_read_until = models.BigIntegerField(default=0)
    digest = models.CharField(
        _("digest of followed places"), max_length=8, choices=Digest.choices, default=Digest.WEEKLY
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inbox state")
        verbose_name_plural = _("inbox states")

    def __str__(self) -> str:
        return f"inbox of {self.citizen_id}"


class AudienceRead(models.Model):
    """An audience event above the cursor that the citizen marked read one by one."""

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["citizen", "event"], name="audience_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} read {self.event_id}"


class Preference(models.Model):
    """A citizen's choice for one kind of notification and one channel (absent: default)."""

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "kind", "channel"], name="one_preference_per_kind_and_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.kind} {self.channel}: {self.enabled}"
