"""Consultations: a question a decision maker opens to citizens for a while, the
contributions citizens post, and their agreements.

Writes live in ``proposals.consultations.services``; comments on contributions and their
moderation are ``proposals.discussions``'.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.discussions.models import Moderated
from proposals.models import SpaceItem, SpaceItemQuerySet


class ConsultationQuerySet(SpaceItemQuerySet):
    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now, closed_at__isnull=True)


class Consultation(SpaceItem):
    """A question a decision maker opens to citizens for a while (a discussion)."""

    question = models.CharField(_("question"), max_length=300)
    context = models.TextField(_("context"), max_length=10000, help_text=_("Markdown is allowed."))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="consultations_opened",
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(_("what was decided"), max_length=10000, blank=True)
    contribution_count = models.PositiveIntegerField(default=0)
    # Set once the "closing in 48 hours" reminder went out (compare-and-swap guard).
    closing_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.closed_at is None and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or timezone.now() >= self.closes_at


class Contribution(Moderated):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="contributions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contributions"
    )
    text = models.TextField(_("your contribution"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    helped_shape_policy = models.BooleanField(_("helped shape policy"), default=False)
    outcome_note = models.TextField(_("how it helped"), max_length=2000, blank=True)
    agree_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-agree_count", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]

    def get_absolute_url(self) -> str:
        # ``?contribution=`` makes the consultation page show the page holding this one.
        url = reverse("consultations:detail", kwargs={"pk": self.consultation_id})
        return f"{url}?contribution={self.pk}#contribution-{self.pk}"

    @property
    def space(self):
        return self.consultation.space


class Agreement(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="agreements"
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreements"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "citizen"], name="agree_once_per_citizen"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen} agrees with {self.contribution_id}"


class ConsultationFollow(models.Model):
    """Citizens told when a consultation is about to close and when it closes, with its
    outcome (contributing follows it; the button on its page too)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="follows")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultation_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "citizen"], name="consultation_follow_once_per_citizen"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen} follows consultation {self.consultation_id}"
