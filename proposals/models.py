"""Proposals: what citizens address to a place or organisation, their supports, who
follows them, and their lifecycle history.

State changes happen only in ``proposals.services``; each writes a history row and a
domain event (``notifications.Event``) in the same transaction. Consultations, discussions,
the dashboard and accountability are the sub-apps of this package.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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


class SpaceItemQuerySet(models.QuerySet):
    def in_space(self, space, *, descendants: bool = False):
        """Items addressed to ``space``; with ``descendants``, also to the places within it
        (a region's cities…: treebeard's materialised path, one indexed prefix test)."""
        if descendants and space.is_place:
            return self.filter(space__path__startswith=space.path)
        return self.filter(space=space)


class SpaceItem(models.Model):
    """Something addressed to a space: a proposal, a consultation, and the participation
    tools to come (budgets, votes, petitions). The space is a place or an organisation; the
    body, when given, is one of its offices; the topic says who is responsible for it."""

    space = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("space"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    body = models.ForeignKey(
        "jurisdictions.Body",
        verbose_name=_("body"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    topic = models.ForeignKey(
        "jurisdictions.Topic",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )

    objects = SpaceItemQuerySet.as_manager()

    class Meta:
        abstract = True

    def body_error(self) -> dict | None:
        """The message a service raises when the body is not one of the space's (else None)."""
        if self.body_id and self.body.space_id != self.space_id:
            return {"body": _("This body does not belong to the chosen space.")}
        return None


class ProposalQuerySet(SpaceItemQuerySet):
    def public(self):
        """Everything but drafts (drafts are visible to their author only)."""
        return self.exclude(status=Proposal.Status.DRAFT)

    def awaiting_read(self):
        return self.filter(status__in=Proposal.UNREAD_STATUSES)

    def with_author_and_space(self):
        return self.select_related("author", "space", "topic")


class Proposal(SpaceItem):
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

    # What a citizen says of the proposal's impact and its compatibility with freedom.
    IMPACT_FIELDS = (
        "impact_citizens",
        "impact_citizens_text",
        "impact_collectivities",
        "impact_collectivities_text",
        "impact_governments",
        "impact_governments_text",
        "freedom_statement",
    )

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
