"""Citizen competences: the framework (areas, competences with their lesson, quiz questions
and choices, in English and French) and each citizen's learning records (lessons read, quiz
attempts, self-assessments).

The tables were created by ``challenges`` and renamed here (``migrations/0002``); the
framework's content is data (``content/competences.yaml``, ``manage.py load_competences``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Translated(models.Model):
    """Fields written in English and French; ``tr("name")`` gives the active language's."""

    class Meta:
        abstract = True

    def tr(self, field: str) -> str:
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
        return reverse("competences:detail", kwargs={"slug": self.slug})


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
