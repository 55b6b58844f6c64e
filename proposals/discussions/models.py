"""Comments and flags: the discussion of a proposal, a contribution or a chapter's forum,
and the content moderators hide with a public reason (``Moderated``).

Writes live in ``proposals.discussions.services``; moderation is one service,
``content_moderate``, for the proposal page, the consultation page, the dashboard, the API
and the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Moderated(models.Model):
    """Fields shared by content a moderator can hide with a public reason."""

    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("public reason"), max_length=300, blank=True)
    flag_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Comment(Moderated):
    """A threaded comment on a proposal or a contribution (depth 1 to 3)."""

    MAX_DEPTH = 3

    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    contribution = models.ForeignKey(
        "consultations.Contribution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    # A chapter's discussion forum (the community of practice), moderated by its organisers.
    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    text = models.TextField(_("comment"), max_length=5000)
    # Optional sources for credible information: a list of http(s) URLs.
    sources = models.JSONField(_("sources"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(proposal__isnull=False, contribution__isnull=True, chapter__isnull=True)
                    | Q(proposal__isnull=True, contribution__isnull=False, chapter__isnull=True)
                    | Q(proposal__isnull=True, contribution__isnull=True, chapter__isnull=False)
                ),
                name="comment_on_exactly_one_target",
            ),
            models.CheckConstraint(
                condition=Q(depth__gte=1) & Q(depth__lte=3), name="comment_depth_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        return f"{self.target.get_absolute_url().split('#')[0]}#comment-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def target(self):
        if self.proposal_id:
            return self.proposal
        return self.contribution if self.contribution_id else self.chapter

    @property
    def space(self):
        if self.proposal_id:
            return self.proposal.space
        if self.chapter_id:
            return self.chapter.space
        return self.contribution.consultation.space


class Flag(models.Model):
    class Reason(models.TextChoices):
        PERSONAL_ATTACK = "personal_attack", _("Personal attack or harassment")
        HATE = "hate", _("Hate speech or discrimination")
        MISINFORMATION = "misinformation", _("False or misleading information")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    contribution = models.ForeignKey(
        "consultations.Contribution",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="flags",
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "citizen"],
                condition=Q(comment__isnull=False),
                name="flag_comment_once_per_citizen",
            ),
            models.UniqueConstraint(
                fields=["contribution", "citizen"],
                condition=Q(contribution__isnull=False),
                name="flag_contribution_once_per_citizen",
            ),
            models.CheckConstraint(
                condition=(Q(comment__isnull=False) & Q(contribution__isnull=True))
                | (Q(comment__isnull=True) & Q(contribution__isnull=False)),
                name="flag_on_exactly_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.citizen})"

    @property
    def target(self):
        return self.comment if self.comment_id else self.contribution
