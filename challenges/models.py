"""Practices judged by their impacts, best practices, and the challenges built on them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jurisdictions.models import Topic

RATING = [MinValueValidator(-2), MaxValueValidator(2)]


class PracticeQuerySet(models.QuerySet):
    def best(self):
        return self.filter(is_best_practice=True)

    def global_best(self):
        return self.filter(is_best_practice=True, is_global=True)


class Practice(models.Model):
    """A way of doing things, assessed by citizens on the three dimensions of a balanced
    society and on its compatibility with freedom and liberty."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    domain = models.CharField(
        _("domain of intervention"), max_length=16, choices=Topic.Domain.choices
    )
    description = models.TextField(
        _("description"), max_length=20000, help_text=_("Markdown is allowed.")
    )
    # A list of http(s) URLs to evidence (studies, evaluations, official reports).
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    implemented_in = models.ManyToManyField(
        "jurisdictions.Jurisdiction",
        verbose_name=_("implemented in"),
        related_name="practices",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Declared applicable anywhere by staff, whatever the count of implementing nations.
    declared_global = models.BooleanField(_("declared global by staff"), default=False)
    # Aggregates kept exact by challenges.services (recomputed with one aggregate query on
    # every assessment change, in the same transaction).
    assessment_count = models.PositiveIntegerField(default=0)
    mean_citizens = models.FloatField(null=True, blank=True)
    mean_collectivities = models.FloatField(null=True, blank=True)
    mean_governments = models.FloatField(null=True, blank=True)
    freedom_yes_count = models.PositiveIntegerField(default=0)
    is_best_practice = models.BooleanField(_("best practice"), default=False, db_index=True)
    is_global = models.BooleanField(_("global"), default=False, db_index=True)

    # The aggregates above, as the admin and the API show them (kept by the platform).
    FIGURES = (
        "assessment_count",
        "mean_citizens",
        "mean_collectivities",
        "mean_governments",
        "freedom_yes_count",
        "is_best_practice",
        "is_global",
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-is_best_practice", "-assessment_count", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:practice", kwargs={"slug": self.slug})


class Assessment(models.Model):
    class Freedom(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    # What a citizen says of a practice, and when (the form, the API, the admin, the export).
    ANSWER_FIELDS = (
        "rating_citizens",
        "rating_collectivities",
        "rating_governments",
        "freedom",
        "comment",
        "created_at",
        "updated_at",
    )

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="assessments")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    rating_citizens = models.SmallIntegerField(
        _("citizens' development and integration"), validators=RATING
    )
    rating_collectivities = models.SmallIntegerField(
        _("functioning of collectivities"), validators=RATING
    )
    rating_governments = models.SmallIntegerField(
        _("functioning of governments"), validators=RATING
    )
    freedom = models.CharField(
        _("compatible with freedom and liberty"), max_length=8, choices=Freedom.choices
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        constraints = [
            models.UniqueConstraint(fields=["practice", "citizen"], name="assess_once_per_citizen"),
            models.CheckConstraint(
                condition=models.Q(rating_citizens__gte=-2, rating_citizens__lte=2)
                & models.Q(rating_collectivities__gte=-2, rating_collectivities__lte=2)
                & models.Q(rating_governments__gte=-2, rating_governments__lte=2),
                name="assessment_ratings_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen} on {self.practice}"


class Challenge(models.Model):
    """A global best practice turned into a goal: a number of community groups (chapters)."""

    class Kind(models.TextChoices):
        GENERIC = "generic", _("Challenge")
        GENDER_BALANCE = "gender_balance", _("Gender-balanced assemblies (50/50)")
        PEACE = "peace", _("Department of Peace")

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.PROTECT, related_name="challenges"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=20000)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.GENERIC)
    goal = models.PositiveIntegerField(
        _("goal (community groups)"), validators=[MinValueValidator(1)]
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    participant_count = models.PositiveIntegerField(default=0)
    # The highest milestone (0, 25, 50, 75, 100 %) already announced: a compare-and-swap
    # guard so each is announced exactly once.
    milestone_announced = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:challenge", kwargs={"slug": self.slug})

    @property
    def progress_percent(self) -> int:
        return min(100, round(100 * self.participant_count / self.goal)) if self.goal else 0


class Participation(models.Model):
    """A chapter (community group) joined a challenge."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="participations"
    )
    chapter = models.ForeignKey(
        "chapters.Chapter", on_delete=models.CASCADE, related_name="participations"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "chapter"], name="join_challenge_once")
        ]

    def __str__(self) -> str:
        return f"{self.chapter} in {self.challenge}"


class ChallengeFollow(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="follows")
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "citizen"], name="follow_challenge_once")
        ]

    def __str__(self) -> str:
        return f"{self.citizen} follows {self.challenge}"
