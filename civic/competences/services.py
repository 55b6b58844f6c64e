"""Every write on citizen competences: lessons read, quizzes, self-assessments, the profile
opt-in, study-circle attendance, and staff publishing the framework.

The definitions of *passed*, *started* and *completed* are in
``civic.competences.selectors`` (``PASS_PERCENT``, ``completed_condition``).

Quizzes are scored here, on the server, against ``QuizChoice.is_correct``, which no page
or API response shows before the quiz is answered. A tampered submission (an unknown
question or choice, a choice of another question, a question answered twice, a question
left out) is a ``ValidationError`` and nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.competences.models import (
    Competence,
    CompetenceArea,
    LessonRead,
    QuizAttempt,
    QuizQuestion,
    SelfAssessment,
)
from civic.competences.selectors import PASS_PERCENT, quiz_questions

SELF_ASSESSMENT_LEVELS = range(1, 5)
# A quiz needs at least this many questions, each with at least this many choices, to be
# published (and so, to be answered).
MIN_QUESTIONS = 2
MIN_CHOICES = 2


def _require_citizen(citizen) -> None:
    if not (getattr(citizen, "is_authenticated", False) and citizen.is_active):
        raise PermissionDenied(_("Log in to keep track of your progress."))


def _require_published(competence: Competence) -> None:
    if not (competence.published and competence.area.published):
        raise ValidationError(_("This competence is not published."))


# --- Learning ---------------------------------------------------------------------------------


def lesson_mark_read(*, citizen, competence: Competence) -> bool:
    """Record that ``citizen`` opened the lesson of ``competence``. Idempotent.

    Returns True when this is the first time. The row is inserted with ``ON CONFLICT DO
    NOTHING`` (the unique constraint ``read_lesson_once``), so two tabs opening the lesson
    at once record it once, without an error.
    """
    _require_citizen(citizen)
    _require_published(competence)
    if LessonRead.objects.filter(citizen=citizen, competence=competence).exists():
        return False
    LessonRead.objects.bulk_create(
        [LessonRead(citizen=citizen, competence=competence)], ignore_conflicts=True
    )
    return True


@dataclass(frozen=True)
class QuestionResult:
    question: QuizQuestion
    chosen: frozenset[int]
    right: frozenset[int]

    @property
    def correct(self) -> bool:
        return self.chosen == self.right

    @property
    def choices(self) -> list:
        """The question's choices, each with ``chosen`` and ``right`` set (for the page)."""
        result = []
        for choice in self.question.choices.all():
            choice.chosen = choice.pk in self.chosen
            choice.right = choice.pk in self.right
            result.append(choice)
        return result


@dataclass(frozen=True)
class QuizResult:
    attempt: QuizAttempt
    questions: list[QuestionResult]

    @property
    def score(self) -> int:
        return self.attempt.score

    @property
    def total(self) -> int:
        return self.attempt.total

    @property
    def passed(self) -> bool:
        return self.attempt.passed

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


def _as_id(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def quiz_check(
    questions: list[QuizQuestion], answers: Iterable[tuple[object, Iterable[object]]]
) -> dict[int, frozenset[int]]:
    """Validate ``answers`` (pairs of a question id and the chosen choice ids) against
    ``questions``: every question exactly once, at least one choice each, only its own
    choices, none twice. Returns ``{question id: chosen ids}``.

    Raises ``ValidationError({"answers": [messages]})`` listing every problem.
    """
    by_id = {question.pk: question for question in questions}
    chosen: dict[int, frozenset[int]] = {}
    problems: list[str] = []
    for raw_question, raw_choices in answers:
        question_id = _as_id(raw_question)
        question = by_id.get(question_id) if question_id is not None else None
        if question is None:
            problems.append(_("“%(id)s” is not a question of this quiz.") % {"id": raw_question})
            continue
        number = questions.index(question) + 1
        if question_id in chosen:
            problems.append(_("Question %(n)d is answered more than once.") % {"n": number})
            continue
        raw_choices = list(raw_choices or [])
        ids = [_as_id(raw) for raw in raw_choices]
        own = {choice.pk for choice in question.choices.all()}
        if not ids:
            problems.append(_("Choose at least one answer to question %(n)d.") % {"n": number})
        elif any(choice_id not in own for choice_id in ids):
            problems.append(
                _("Question %(n)d was answered with a choice that is not one of its own.")
                % {"n": number}
            )
        elif len(set(ids)) != len(ids):
            problems.append(_("An answer to question %(n)d is given twice.") % {"n": number})
        chosen[question_id] = frozenset(i for i in ids if i is not None)
    missing = [n for n, question in enumerate(questions, 1) if question.pk not in chosen]
    if missing:
        problems.append(
            _("Answer every question: question %(numbers)s has no answer.")
            % {"numbers": ", ".join(str(n) for n in missing)}
        )
    if problems:
        raise ValidationError({"answers": problems})
    return chosen


def quiz_score(
    questions: list[QuizQuestion], chosen: dict[int, frozenset[int]]
) -> list[QuestionResult]:
    """Each question's result: right only when exactly its right choices were chosen."""
    return [
        QuestionResult(
            question=question,
            chosen=chosen[question.pk],
            right=frozenset(c.pk for c in question.choices.all() if c.is_correct),
        )
        for question in questions
    ]


def is_passing(score: int, total: int) -> bool:
    """Passed at ``PASS_PERCENT`` % of right answers (integers: no rounding surprise)."""
    return total > 0 and score * 100 >= PASS_PERCENT * total


@transaction.atomic
def quiz_submit(*, citizen, competence: Competence, answers) -> QuizResult:
    """Score ``citizen``'s answers to ``competence``'s quiz and record the attempt.

    ``answers``: pairs ``(question id, [choice ids])``, one per question. Returns a
    ``QuizResult`` (score, total, passed, and per question what was chosen, what was right
    and, through ``question``, its explanation). Every attempt is kept; the progress counts
    the quiz as passed once any attempt passed. Raises ``ValidationError`` (nothing
    recorded) for an incomplete or tampered submission.
    """
    _require_citizen(citizen)
    _require_published(competence)
    questions = quiz_questions(competence)
    if not questions:
        raise ValidationError({"answers": [_("This competence has no quiz yet.")]})
    chosen = quiz_check(questions, answers)
    results = quiz_score(questions, chosen)
    score = sum(result.correct for result in results)
    attempt = QuizAttempt.objects.create(
        citizen=citizen,
        competence=competence,
        score=score,
        total=len(results),
        passed=is_passing(score, len(results)),
        answers={str(r.question.pk): sorted(r.chosen) for r in results},
    )
    return QuizResult(attempt=attempt, questions=results)


@transaction.atomic
def self_assessment_save(*, citizen, competence: Competence, level) -> tuple[SelfAssessment, bool]:
    """Say how competent one feels (1–4); saying it again replaces it.

    Returns ``(self_assessment, created)``.
    """
    _require_citizen(citizen)
    _require_published(competence)
    value = _as_id(level)
    if value not in SELF_ASSESSMENT_LEVELS:
        raise ValidationError({"level": _("Choose a level from 1 to 4.")})
    for _attempt in range(2):
        updated = SelfAssessment.objects.filter(citizen=citizen, competence=competence).update(
            level=value, updated_at=timezone.now()
        )
        if updated:
            return SelfAssessment.objects.get(citizen=citizen, competence=competence), False
        try:
            with transaction.atomic():
                created = SelfAssessment.objects.create(
                    citizen=citizen, competence=competence, level=value
                )
            return created, True
        except IntegrityError:
            continue  # created by a concurrent request: update it instead
    raise ValidationError(_("Please try again in a moment."))


def competences_visibility_set(*, citizen, show: bool):
    """Show (or hide) one's completed areas on one's public profile. Off by default."""
    from civic.services import citizen_update_profile

    _require_citizen(citizen)
    return citizen_update_profile(citizen=citizen, show_competences=bool(show))


@transaction.atomic
def competences_erase(*, citizen) -> None:
    """Delete a citizen's learning records (account erasure, ``civic.services.citizen_erase``)."""
    LessonRead.objects.filter(citizen=citizen).delete()
    QuizAttempt.objects.filter(citizen=citizen).delete()
    SelfAssessment.objects.filter(citizen=citizen).delete()


# --- Study circles ----------------------------------------------------------------------------


@transaction.atomic
def study_circle_attendance_set(*, actor, meeting, attended: Iterable[int]) -> int:
    """Record who came to a meeting (organisers of its chapter), once it has begun.

    ``attended``: citizen ids among those who said they would come (RSVP); the others are
    recorded as absent. On a study circle (``meeting.competence``) attending counts as
    having learned the competence (``selectors.learned_condition``). Returns
    how many attended. Raises ``ValidationError`` for a meeting not yet begun or an id
    that did not RSVP.
    """
    from chapters.models import RSVP

    if not rules.has_perm("chapters.manage_chapter", actor, meeting.chapter):
        raise PermissionDenied(_("Only the organisers of the chapter record who came."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has begun."))
    ids = {_as_id(value) for value in attended}
    rsvps = RSVP.objects.filter(meeting=meeting)
    known = set(rsvps.values_list("citizen_id", flat=True))
    if not ids <= known:
        raise ValidationError(
            {"attended": _("Only people who said they would come can be marked as present.")}
        )
    rsvps.filter(citizen_id__in=ids).update(attended=True)
    rsvps.exclude(citizen_id__in=ids).update(attended=False)
    return len(ids)


# --- The framework (staff, through the admin) ------------------------------------------------


def _require_framework_editor(actor) -> None:
    if not rules.has_perm("competences.edit_framework", actor):
        raise PermissionDenied(_("Only staff edit the competence framework."))


def _empty_french(item, fields: Iterable[str]) -> list[str]:
    return [name for name in fields if not (getattr(item, f"{name}_fr") or "").strip()]


def competence_problems(competence: Competence) -> list[str]:
    """What keeps ``competence`` from being published (empty list: ready).

    French and English texts of the competence, its questions and choices; at least
    ``MIN_QUESTIONS`` questions, each with ``MIN_CHOICES`` choices and a right one.
    """
    problems = []
    if _empty_french(competence, ("title", "summary", "lesson")):
        problems.append(_("Its title, summary and lesson need a French text."))
    questions = quiz_questions(competence)
    if len(questions) < MIN_QUESTIONS:
        problems.append(_("Its quiz needs at least %(n)d questions.") % {"n": MIN_QUESTIONS})
    for number, question in enumerate(questions, 1):
        choices = list(question.choices.all())
        if _empty_french(question, ("text", "explanation")) or any(
            _empty_french(choice, ("text",)) for choice in choices
        ):
            problems.append(_("Question %(n)d and its choices need a French text.") % {"n": number})
        if len(choices) < MIN_CHOICES:
            problems.append(
                _("Question %(n)d needs at least %(m)d choices.") % {"n": number, "m": MIN_CHOICES}
            )
        if not any(choice.is_correct for choice in choices):
            problems.append(_("Question %(n)d needs at least one right answer.") % {"n": number})
    return problems


@transaction.atomic
def competence_publish(*, actor, competence: Competence) -> bool:
    """Publish a competence (staff). Returns False if it already was.

    Raises ``ValidationError`` listing ``competence_problems`` when it is not complete.
    """
    _require_framework_editor(actor)
    problems = competence_problems(competence)
    if problems:
        raise ValidationError(problems)
    changed = Competence.objects.filter(pk=competence.pk, published=False).update(published=True)
    competence.published = True
    return bool(changed)


@transaction.atomic
def competence_unpublish(*, actor, competence: Competence) -> bool:
    """Withdraw a competence from citizens (staff); progress on it is kept."""
    _require_framework_editor(actor)
    changed = Competence.objects.filter(pk=competence.pk, published=True).update(published=False)
    competence.published = False
    return bool(changed)


@transaction.atomic
def area_publish(*, actor, area: CompetenceArea) -> bool:
    """Publish an area (staff); its name and description need a French text."""
    _require_framework_editor(actor)
    if _empty_french(area, ("name",)) or (
        area.description_en.strip() and not area.description_fr.strip()
    ):
        raise ValidationError(_("Its name and description need a French text."))
    changed = CompetenceArea.objects.filter(pk=area.pk, published=False).update(published=True)
    area.published = True
    return bool(changed)


@transaction.atomic
def area_unpublish(*, actor, area: CompetenceArea) -> bool:
    _require_framework_editor(actor)
    changed = CompetenceArea.objects.filter(pk=area.pk, published=True).update(published=False)
    area.published = False
    return bool(changed)
