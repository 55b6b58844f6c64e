"""Proposals, supports, consultations, contributions, comments and flags.

State changes happen only in ``proposals.services``; each writes a history row and a
domain event (``notifications.Event``) in the same transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

IMPACT_CHOICES = [
    (-2, _("−2 · strongly hinders")),
    (-1, _("−1 · hinders")),
    (0, _("0 · neutral")),
    (1, _("+1 · helps")),
    (2, _("+2 · strongly helps")),
]


def impact_field(label):
    return models.SmallIntegerField(
        label,
        choices=IMPACT_CHOICES,
        default=0,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
    )


class ProposalQuerySet(models.QuerySet):
    def public(self):
        """Everything but drafts (drafts are visible to their author only)."""
        return self.exclude(status=Proposal.Status.DRAFT)

    def in_space(self, space, *, descendants: bool = False):
        if descendants and space.is_place:
            return self.filter(space__path__startswith=space.path)
        return self.filter(space=space)

    def awaiting_read(self):
        return self.filter(status__in=Proposal.UNREAD_STATUSES)

    def with_author_and_space(self):
        return self.select_related("author", "space", "topic")


class Proposal(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        READ = "read", _("Read")
        UNDER_CONSIDERATION = "under_consideration", _("Under consideration")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        IMPLEMENTED = "implemented", _("Implemented")
        TRANSFERRED = "transferred", _("Transferred")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Addressed and waiting for a decision maker to open it.
    UNREAD_STATUSES = (Status.SUBMITTED, Status.TRANSFERRED)
    ANSWER_OUTCOMES = (Status.ACCEPTED, Status.DECLINED, Status.IMPLEMENTED)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    space = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("addressed to"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    body = models.ForeignKey(
        "jurisdictions.Body",
        verbose_name=_("body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    topic = models.ForeignKey(
        "jurisdictions.Topic",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("proposal"), max_length=10000, help_text=_("Markdown is allowed."))
    # "Adopt this practice here": the proposal brings a (best) practice to this space.
    practice = models.ForeignKey(
        "challenges.Practice",
        verbose_name=_("adopt this practice here"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    impact_citizens = impact_field(_("impact on citizens' development and integration"))
    impact_citizens_text = models.CharField(
        _("how it affects citizens' development and integration"), max_length=500
    )
    impact_collectivities = impact_field(_("impact on the functioning of collectivities"))
    impact_collectivities_text = models.CharField(
        _("how it affects the functioning of collectivities"), max_length=500
    )
    impact_governments = impact_field(_("impact on the functioning of governments"))
    impact_governments_text = models.CharField(
        _("how it affects the functioning of governments"), max_length=500
    )
    freedom_statement = models.CharField(
        _("compatibility with freedom and liberty"), max_length=1000
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    # Read receipt: the first decision maker of the addressed space who opened it.
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    read_by_space = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("read on behalf of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The official answer.
    answer_text = models.TextField(_("answer"), max_length=10000, blank=True)
    answer_link = models.URLField(_("link"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept exact by the services (F() updates in the same transaction as the row).
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["space", "status", "-submitted_at"]),
            models.Index(fields=["-support_count"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", kwargs={"pk": self.pk})

    @property
    def is_answered(self) -> bool:
        return self.status in self.ANSWER_OUTCOMES


class ProposalTransition(models.Model):
    """One row per lifecycle step: who moved the proposal, when, and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=24, choices=Proposal.Status.choices)
    to_status = models.CharField(max_length=24, choices=Proposal.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    from_space = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    to_space = models.ForeignKey(
        "jurisdictions.Jurisdiction", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("proposal history entry")
        verbose_name_plural = _("proposal history")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "citizen"], name="support_once_per_citizen")
        ]

    def __str__(self) -> str:
        return f"{self.citizen} supports {self.proposal_id}"


class ProposalFollow(models.Model):
    """Citizens told about a proposal's answer, transfer and implementation."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "citizen"], name="proposal_follow_once_per_citizen"
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen} follows {self.proposal_id}"


class ConsultationQuerySet(models.QuerySet):
    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now, closed_at__isnull=True)

    def in_space(self, space, *, descendants: bool = False):
        if descendants and space.is_place:
            return self.filter(space__path__startswith=space.path)
        return self.filter(space=space)


class Consultation(models.Model):
    """A question a decision maker opens to citizens for a while (a discussion)."""

    space = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("space"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    body = models.ForeignKey(
        "jurisdictions.Body",
        verbose_name=_("body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
    )
    topic = models.ForeignKey(
        "jurisdictions.Topic",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
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
        return reverse("proposals:consultation", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.closed_at is None and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None or timezone.now() >= self.closes_at


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
        return (
            f"{self.consultation.get_absolute_url()}?contribution={self.pk}#contribution-{self.pk}"
        )

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


class Comment(Moderated):
    """A threaded comment on a proposal or a contribution (depth 1 to 3)."""

    MAX_DEPTH = 3

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
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
        Contribution, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
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
