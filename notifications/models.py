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
    class Kind(models.TextChoices):
        PROPOSAL_SUBMITTED = "proposal.submitted", _("Proposal submitted")
        PROPOSAL_READ = "proposal.read", _("Proposal read")
        PROPOSAL_STATUS_CHANGED = "proposal.status_changed", _("Proposal status changed")
        PROPOSAL_ANSWERED = "proposal.answered", _("Proposal answered")
        PROPOSAL_TRANSFERRED = "proposal.transferred", _("Proposal transferred")
        PROPOSAL_WITHDRAWN = "proposal.withdrawn", _("Proposal withdrawn")
        PROPOSAL_SUPPORTED = "proposal.supported", _("Proposal supported")
        COMMENT_POSTED = "comment.posted", _("Comment posted")
        COMMENT_REPLIED = "comment.replied", _("Reply to a comment")
        CONSULTATION_OPENED = "consultation.opened", _("Consultation opened")
        CONSULTATION_CLOSED = "consultation.closed", _("Consultation closed")
        CONTRIBUTION_POSTED = "contribution.posted", _("Contribution posted")
        CONTRIBUTION_READ = "contribution.read", _("Contribution read")
        CONTRIBUTION_HELPED = (
            "contribution.helped_shape_policy",
            _("Contribution helped shape policy"),
        )
        CONTENT_HIDDEN = "content.hidden", _("Content hidden by a moderator")
        CONTENT_RESTORED = "content.restored", _("Content restored by a moderator")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, db_index=True)
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
        "proposals.Consultation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    contribution = models.ForeignKey(
        "proposals.Contribution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    comment = models.ForeignKey(
        "proposals.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)

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
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
