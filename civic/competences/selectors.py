"""Reads of citizen competences: the published framework, a citizen's progress, and the
aggregates of a place or a chapter.

**The definitions live here, once.**

- A competence is *published* when it and its area are published
  (``published_competences``); nothing else is shown to citizens or counted.
- A citizen has *started* a competence when they read its lesson, took its quiz, assessed
  themselves on it or attended a study circle on it (``started_condition``).
- A citizen has *completed* a competence when they learned it — read its lesson, or
  attended a study circle on it (``RSVP.attended`` set by the organisers) — **and** passed
  its quiz (``completed_condition``). A quiz is passed at ``PASS_PERCENT`` % of right
  answers (``civic.competences.services.quiz_submit`` scores it).
- An *area* is completed when every published competence in it is completed; started when
  one of them is started.

Every page, the API and the aggregates use these two conditions, so "completed" cannot
mean one thing on the progress page and another in the statistics.

**Aggregates, never individuals.** ``group_competence_stats`` counts citizens in SQL and
returns numbers only; a number below ``MIN_GROUP_SIZE`` (and every number of a group
smaller than that) is withheld, shown as "fewer than 10", so that no one can be singled out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from civic.competences.models import (
    Competence,
    CompetenceArea,
    LessonRead,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    SelfAssessment,
)

# A quiz is passed with at least this share of right answers (all of 2, 3 or 4 questions;
# 4 of 5). A question is right only when exactly its right choices are chosen.
PASS_PERCENT = 80
# The right answers and their explanations are shown once a citizen passes, or after this
# many attempts: before, a wrong attempt says which questions were wrong, not why.
QUIZ_REVEAL_AFTER = 3


def answers_revealed(attempt) -> bool:
    """Whether the right answers may be shown with ``attempt``: it passed, or its citizen
    passed that quiz once, or has tried it ``QUIZ_REVEAL_AFTER`` times."""
    if attempt.passed:
        return True
    attempts = QuizAttempt.objects.filter(
        citizen_id=attempt.citizen_id, competence_id=attempt.competence_id
    )
    return attempts.filter(passed=True).exists() or attempts.count() >= QUIZ_REVEAL_AFTER


# Aggregates are withheld below this many citizens (k-anonymity of the statistics pages).
MIN_GROUP_SIZE = 10


# --- The framework ---------------------------------------------------------------------------


def published_areas() -> QuerySet[CompetenceArea]:
    return CompetenceArea.objects.published().order_by("order", "kind")


def published_competences() -> QuerySet[Competence]:
    """Competences citizens see: published, in a published area; framework order."""
    return Competence.objects.filter(published=True, area__published=True).order_by(
        "area__order", "area__kind", "order", "slug"
    )


def areas_with_competences() -> list[CompetenceArea]:
    """Published areas, each with ``competence_list`` (its published competences). 2 queries."""
    areas = published_areas().prefetch_related(
        Prefetch(
            "competences",
            queryset=Competence.objects.filter(published=True).order_by("order", "slug"),
            to_attr="competence_list",
        )
    )
    return list(areas)


def competence_for_page(slug: str, *, user=None) -> Competence:
    """The competence of a page (``Competence.DoesNotExist`` if unknown or unpublished).

    Staff (``user.is_staff``) also reach unpublished ones, to preview them from the admin.
    """
    competences = Competence.objects.select_related("area")
    if not (user is not None and getattr(user, "is_staff", False)):
        competences = competences.filter(published=True, area__published=True)
    return competences.get(slug=slug)


def quiz_questions(competence: Competence) -> list[QuizQuestion]:
    """The questions of ``competence``'s quiz with their choices (2 queries).

    Security: the choices carry ``is_correct``. Templates and serializers that show a quiz
    before it is answered must never print it (``tests/civic/competences/test_views``
    and ``test_api`` check that the answers are absent).
    """
    return list(
        competence.questions.order_by("order", "pk").prefetch_related(
            Prefetch("choices", queryset=QuizChoice.objects.order_by("order", "pk"))
        )
    )


def study_circles(competence: Competence, *, limit: int = 5) -> list:
    """Upcoming chapter meetings on ``competence`` (study circles), soonest first."""
    from django.utils import timezone

    from chapters.models import Meeting

    return list(
        Meeting.objects.filter(competence=competence, ends_at__gt=timezone.now())
        .select_related("chapter")
        .order_by("starts_at", "pk")[:limit]
    )


# --- The one definition of started and completed ---------------------------------------------


def _attended(citizen):
    from chapters.models import RSVP

    return Exists(
        RSVP.objects.filter(citizen=citizen, attended=True, meeting__competence=OuterRef("pk"))
    )


def learned_condition(citizen):
    """On a ``Competence`` queryset: ``citizen`` read its lesson or attended a study circle.

    ``citizen`` is a citizen, an id, or an ``OuterRef`` to one (the aggregates).
    """
    read = Exists(LessonRead.objects.filter(citizen=citizen, competence=OuterRef("pk")))
    return read | _attended(citizen)


def passed_condition(citizen):
    return Exists(
        QuizAttempt.objects.filter(citizen=citizen, competence=OuterRef("pk"), passed=True)
    )


def completed_condition(citizen):
    """On a ``Competence`` queryset: ``citizen`` completed it (learned it and passed its quiz)."""
    return learned_condition(citizen) & passed_condition(citizen)


def started_condition(citizen):
    """On a ``Competence`` queryset: ``citizen`` did anything towards it."""
    return (
        learned_condition(citizen)
        | Exists(QuizAttempt.objects.filter(citizen=citizen, competence=OuterRef("pk")))
        | Exists(SelfAssessment.objects.filter(citizen=citizen, competence=OuterRef("pk")))
    )


# --- One citizen's progress ------------------------------------------------------------------


@dataclass
class AreaProgress:
    area: CompetenceArea
    competences: list[Competence] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.competences)

    @property
    def completed(self) -> int:
        return sum(1 for c in self.competences if c.completed)

    @property
    def started(self) -> bool:
        return any(c.started for c in self.competences)

    @property
    def is_completed(self) -> bool:
        return self.total > 0 and self.completed == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.completed / self.total) if self.total else 0


def _with_progress(competences: QuerySet[Competence], citizen) -> QuerySet[Competence]:
    """Annotate each competence with ``citizen``'s progress on it (no extra query)."""
    best = QuizAttempt.objects.filter(citizen=citizen, competence=OuterRef("pk")).order_by(
        "-passed", "-score", "-created_at"
    )
    return competences.annotate(
        read=Exists(LessonRead.objects.filter(citizen=citizen, competence=OuterRef("pk"))),
        attended=_attended(citizen),
        passed=passed_condition(citizen),
        completed=ExpressionWrapper(Q(completed_condition(citizen)), output_field=BooleanField()),
        started=ExpressionWrapper(Q(started_condition(citizen)), output_field=BooleanField()),
        best_score=Subquery(best.values("score")[:1], output_field=IntegerField()),
        best_total=Subquery(best.values("total")[:1], output_field=IntegerField()),
        self_level=Subquery(
            SelfAssessment.objects.filter(citizen=citizen, competence=OuterRef("pk")).values(
                "level"
            )[:1],
            output_field=IntegerField(),
        ),
    )


def competence_progress(competence: Competence, citizen) -> Competence | None:
    """``competence`` annotated with ``citizen``'s progress (None for a visitor). 1 query."""
    if not getattr(citizen, "is_authenticated", False):
        return None
    return _with_progress(Competence.objects.filter(pk=competence.pk), citizen.pk).first()


def citizen_progress(citizen) -> list[AreaProgress]:
    """Every published area with ``citizen``'s progress on each of its competences.

    Each competence carries ``read``, ``attended`` (a study circle), ``passed``,
    ``completed``, ``started``, ``best_score``/``best_total`` (their best attempt) and
    ``self_level`` (1–4 or None). Two queries whatever the size of the framework.
    """
    areas = {area.pk: AreaProgress(area) for area in published_areas()}
    competences = _with_progress(published_competences().select_related("area"), citizen.pk)
    for competence in competences:
        areas[competence.area_id].competences.append(competence)
    return [progress for progress in areas.values() if progress.total]


def public_completed_areas(citizen) -> list[CompetenceArea]:
    """The areas ``citizen`` completed, if they chose to show them (``show_competences``);
    else an empty list. What a public profile may show: nothing more precise."""
    if not citizen.show_competences or citizen.is_deleted:
        return []
    return [progress.area for progress in citizen_progress(citizen) if progress.is_completed]


# --- Aggregates of a group of citizens ---------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A count that may be withheld: ``value`` is None below the minimum group size."""

    value: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass
class AreaStats:
    area: CompetenceArea
    competence_count: int
    started: Figure
    completed: Figure


@dataclass
class GroupStats:
    size: Figure
    areas: list[AreaStats]
    minimum: int = MIN_GROUP_SIZE

    @property
    def hidden(self) -> bool:
        return self.size.hidden


def _shown(n: int, *, group_hidden: bool) -> Figure:
    return Figure(None if group_hidden or n < MIN_GROUP_SIZE else n)


def group_competence_stats(citizens: QuerySet) -> GroupStats:
    """How many of ``citizens`` started and completed each published area: one query.

    ``citizens`` is a ``Citizen`` queryset (a place's residents, a chapter's members). The
    counts are computed in SQL and only totals come back. A count under ``MIN_GROUP_SIZE``
    is withheld, and so is every count of a group smaller than that.
    """
    areas = [
        (area, n)
        for area, n in ((area, len(area.competence_list)) for area in areas_with_competences())
        if n
    ]
    citizen = OuterRef(OuterRef("pk"))
    annotations, aggregates = {}, {"size": Count("pk", distinct=True)}
    for area, n in areas:
        in_area = published_competences().filter(area=area).order_by().values("area")
        done = in_area.filter(completed_condition(citizen)).annotate(n=Count("pk")).values("n")
        begun = in_area.filter(started_condition(citizen))
        annotations[f"done_{area.pk}"] = Coalesce(
            Subquery(done, output_field=IntegerField()), Value(0)
        )
        annotations[f"begun_{area.pk}"] = Exists(begun)
        aggregates[f"completed_{area.pk}"] = Count(
            "pk", filter=Q(**{f"done_{area.pk}__gte": n}), distinct=True
        )
        aggregates[f"started_{area.pk}"] = Count(
            "pk", filter=Q(**{f"begun_{area.pk}": True}), distinct=True
        )
    totals = citizens.order_by().annotate(**annotations).aggregate(**aggregates)
    group_hidden = totals["size"] < MIN_GROUP_SIZE
    return GroupStats(
        size=_shown(totals["size"], group_hidden=group_hidden),
        areas=[
            AreaStats(
                area=area,
                competence_count=n,
                started=_shown(totals[f"started_{area.pk}"], group_hidden=group_hidden),
                completed=_shown(totals[f"completed_{area.pk}"], group_hidden=group_hidden),
            )
            for area, n in areas
        ],
    )


def place_citizens(place) -> QuerySet:
    """Active citizens whose home is ``place`` or a place within it (path prefix)."""
    from civic.models import Citizen

    return Citizen.objects.filter(
        is_active=True, deleted_at__isnull=True, home__path__startswith=place.path
    )


def chapter_citizens(chapter) -> QuerySet:
    """The chapter's active members."""
    from chapters.models import Membership
    from civic.models import Citizen

    return Citizen.objects.filter(
        is_active=True,
        memberships__chapter=chapter,
        memberships__status=Membership.Status.ACTIVE,
    )
