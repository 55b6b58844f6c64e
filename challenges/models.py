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


# --- Citizen competences (learning to act as co-owners of one's society) --------------------


class Translated(models.Model):
    """Fields written in English and French; ``tr("name")`` gives the active language's."""

    class Meta:
        abstract = True

    def tr(self, field: str) -> str:
        from django.utils.translation import get_language

        if (get_language() or "en").startswith("fr"):
            return getattr(self, f"{field}_fr") or getattr(self, f"{field}_en")
        return getattr(self, f"{field}_en")


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class CompetenceArea(Translated):
    """Personal (towards oneself), social (towards others), societal (towards society)."""

    class Kind(models.TextChoices):
        PERSONAL = "personal", _("Personal — towards oneself")
        SOCIAL = "social", _("Social — towards others")
        SOCIETAL = "societal", _("Societal — towards society")

    kind = models.CharField(_("area"), max_length=10, choices=Kind.choices, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    description_fr = models.TextField(_("description (French)"), max_length=2000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("competence area")
        verbose_name_plural = _("competence areas")
        ordering = ["order", "kind"]

    def __str__(self) -> str:
        return self.name_en


class Competence(Translated):
    area = models.ForeignKey(
        CompetenceArea, verbose_name=_("area"), on_delete=models.CASCADE, related_name="competences"
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    summary_en = models.CharField(_("summary (English)"), max_length=400)
    summary_fr = models.CharField(_("summary (French)"), max_length=400)
    lesson_en = models.TextField(_("lesson (English, Markdown)"), max_length=20000)
    lesson_fr = models.TextField(_("lesson (French, Markdown)"), max_length=20000)
    # Further reading: a list of {"url": "https://…", "label": "…"}.
    links = models.JSONField(_("links"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["area__order", "order", "slug"]

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("challenges:competence", kwargs={"slug": self.slug})


class QuizQuestion(Translated):
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="questions")
    text_en = models.CharField(_("question (English)"), max_length=500)
    text_fr = models.CharField(_("question (French)"), max_length=500)
    explanation_en = models.TextField(_("explanation (English)"), max_length=2000)
    explanation_fr = models.TextField(_("explanation (French)"), max_length=2000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text_en


class QuizChoice(Translated):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    text_en = models.CharField(_("choice (English)"), max_length=300)
    text_fr = models.CharField(_("choice (French)"), max_length=300)
    # Never sent to the client before the quiz is submitted (scored server-side).
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quiz choice")
        verbose_name_plural = _("quiz choices")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text_en


class LessonRead(models.Model):
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lessons_read"
    )
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["citizen", "competence"], name="read_lesson_once")
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} read {self.competence_id}"


class QuizAttempt(models.Model):
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="attempts")
    score = models.PositiveSmallIntegerField(_("score"))
    total = models.PositiveSmallIntegerField(_("questions"))
    passed = models.BooleanField(_("passed"), default=False)
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.score}/{self.total} on {self.competence_id}"


class SelfAssessment(models.Model):
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessments"
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="self_assessments"
    )
    level = models.PositiveSmallIntegerField(
        _("how competent I feel (1–4)"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["citizen", "competence"], name="self_assess_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="self_assessment_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.level}/4 on {self.competence_id}"
