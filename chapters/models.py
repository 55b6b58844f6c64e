"""Local and national chapters (community groups), their members and meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Chapter(models.Model):
    class Kind(models.TextChoices):
        LOCAL = "local", _("Local chapter")
        NATIONAL = "national", _("National chapter")

    class Policy(models.TextChoices):
        OPEN = "open", _("Anyone can join")
        APPROVAL = "approval", _("Organisers approve each request")

    space = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        related_name="chapters",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    policy = models.CharField(
        _("membership"), max_length=10, choices=Policy.choices, default=Policy.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    member_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["space", "kind"], name="one_chapter_per_space_and_kind")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("chapters:detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def organisers(self):
        return self.active().filter(role=Membership.Role.ORGANISER)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        ORGANISER = "organiser", _("Organiser")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Member")
        REJECTED = "rejected", _("Not accepted")

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="memberships")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # Consent to share one's email with the chapter's organisers (member export).
    share_email = models.BooleanField(_("share my email with the organisers"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "citizen"], name="member_once_per_chapter")
        ]

    def __str__(self) -> str:
        return f"{self.citizen} in {self.chapter}"


class Meeting(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    # A study circle: members learn a competence together ("becoming competent citizens
    # together"); attending counts in their progress.
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("study circle on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="study_circles",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    rsvp_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="", online_url=""), name="meeting_has_a_place_or_a_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("chapters:meeting", kwargs={"slug": self.chapter.slug, "pk": self.pk})


class RSVP(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the organisers after the meeting (None: not recorded).
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "citizen"], name="rsvp_once_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.citizen} → {self.meeting}"
