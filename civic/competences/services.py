"""Every write on citizen competences: lessons read, quizzes, self-assessments, the profile
opt-in, study-circle attendance, staff publishing the framework, and the framework's content
written from its data file (``area_ensure``, ``competence_ensure``, ``quiz_ensure``, which
``civic.competences.loader`` calls).

The definitions of *passed*, *started* and *completed* are in
``civic.competences.selectors`` (``PASS_PERCENT``, ``completed_condition``).

Quizzes are scored here, on the server, against ``QuizChoice.is_correct``, which no page
or API response shows before the quiz is answered. A tampered submission (an unknown
question or choice, a choice of another question, a question answered twice, a question
left out) is a ``ValidationError`` and nothing is recorded.

Privileged writes (publishing, unpublishing, recording who came to a study circle, and the
``*_ensure`` services when a person calls them) record an audit row
(``civic.audit.services.audit_record``) in the same transaction; the loader
(``actor=None``) writes none, as every loader of packaged data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.audit.services import assign_changed, audit_record
from civic.competences.models import (
    Competence,
    CompetenceArea,
    LessonRead,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    SelfAssessment,
)
from civic.competences.selectors import PASS_PERCENT, answers_revealed, quiz_questions

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
    reveal: bool  # whether the right answers and explanations may be shown

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
    and, through ``question``, its explanation; ``reveal`` says whether the right answers
    may be shown: once passed, or after ``selectors.QUIZ_REVEAL_AFTER`` attempts). Every attempt is
    kept; the progress counts the quiz as passed once any attempt passed. Raises
    ``ValidationError`` (nothing recorded) for an incomplete or tampered submission, or
    within ``QUIZ_RETRY_SECONDS`` of the citizen's last attempt.
    """
    _require_citizen(citizen)
    _require_published(competence)
    questions = quiz_questions(competence)
    if not questions:
        raise ValidationError({"answers": [_("This competence has no quiz yet.")]})
    chosen = quiz_check(questions, answers)
    previous = QuizAttempt.objects.filter(citizen=citizen, competence=competence)
    wait = settings.QUIZ_RETRY_SECONDS
    last = previous.order_by("-created_at").values_list("created_at", flat=True).first()
    if last is not None and timezone.now() - last < timedelta(seconds=wait):
        raise ValidationError(
            {"answers": [_("Take a moment: try again in %(seconds)d seconds.") % {"seconds": wait}]}
        )
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
    return QuizResult(attempt=attempt, questions=results, reveal=answers_revealed(attempt))


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
    # Only the rows whose answer changes are written (and audited): recording the same
    # attendance again, or a retried request, leaves no trace.
    came = rsvps.filter(citizen_id__in=ids).exclude(attended=True).update(attended=True)
    missed = rsvps.exclude(citizen_id__in=ids).exclude(attended=False).update(attended=False)
    if came or missed:
        audit_record("meeting.attendance", meeting, actor=actor, space=meeting.chapter.space,
                     after=f"{len(ids)}/{len(known)}",
                     note=", ".join(str(i) for i in sorted(ids)))  # fmt: skip
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


def _set_published(item, *, published: bool, actor, note: str) -> bool:
    """Publish or withdraw a competence or an area, once: the audit row says who and when
    ("competence.publish", "competence_area.unpublish"…). Returns whether it changed."""
    changed = (
        type(item).objects.filter(pk=item.pk, published=not published).update(published=published)
    )
    item.published = published
    if changed:
        prefix = "competence" if isinstance(item, Competence) else "competence_area"
        states = ("unpublished", "published")
        audit_record(f"{prefix}.{'publish' if published else 'unpublish'}", item, actor=actor,
                     space=None, before=states[not published], after=states[published],
                     note=note)  # fmt: skip
    return bool(changed)


@transaction.atomic
def competence_publish(*, actor, competence: Competence) -> bool:
    """Publish a competence (staff). Returns False if it already was.

    Raises ``ValidationError`` listing ``competence_problems`` when it is not complete.
    """
    _require_framework_editor(actor)
    problems = competence_problems(competence)
    if problems:
        raise ValidationError(problems)
    return _set_published(competence, published=True, actor=actor, note=competence.slug)


@transaction.atomic
def competence_unpublish(*, actor, competence: Competence) -> bool:
    """Withdraw a competence from citizens (staff); progress on it is kept."""
    _require_framework_editor(actor)
    return _set_published(competence, published=False, actor=actor, note=competence.slug)


@transaction.atomic
def area_publish(*, actor, area: CompetenceArea) -> bool:
    """Publish an area (staff); its name and description need a French text."""
    _require_framework_editor(actor)
    if _empty_french(area, ("name",)) or (
        area.description_en.strip() and not area.description_fr.strip()
    ):
        raise ValidationError(_("Its name and description need a French text."))
    return _set_published(area, published=True, actor=actor, note=area.kind)


@transaction.atomic
def area_unpublish(*, actor, area: CompetenceArea) -> bool:
    """Withdraw an area, and so its competences, from citizens (staff); progress is kept."""
    _require_framework_editor(actor)
    return _set_published(area, published=False, actor=actor, note=area.kind)


# --- The framework's content, written from its data file -------------------------------------
#
# ``civic.competences.loader`` reads ``content/competences.yaml`` and calls these, once per
# area, competence and quiz. Each compares what is stored with what it is given and writes
# only the difference, so loading the same file twice writes nothing. ``published`` is never
# changed on an existing item: publishing is staff's decision (``competence_publish``). A new
# item is created published, since it passed the same checks as publishing (French texts, a
# complete quiz). ``actor`` is None for the loader (no permission check, no audit row: the
# content is packaged and anyone can load it again); a person calling them must hold
# ``competences.edit_framework`` and is audited.

AREA_FIELDS = ("order", "name_en", "name_fr", "description_en", "description_fr")
COMPETENCE_FIELDS = (
    "order",
    "title_en",
    "title_fr",
    "summary_en",
    "summary_fr",
    "lesson_en",
    "lesson_fr",
    "links",
)
QUESTION_FIELDS = ("text_en", "text_fr", "explanation_en", "explanation_fr")
CHOICE_FIELDS = ("text_en", "text_fr", "is_correct")
MAX_LINKS = 10


@dataclass(frozen=True)
class Ensured:
    """What an ``*_ensure`` service did to one row: ``created``, or the fields an update
    ``changed`` (both empty: it was already as given)."""

    item: CompetenceArea | Competence
    created: bool = False
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuizChanges:
    """What ``quiz_ensure`` did: questions created, updated (texts or choices), deleted."""

    created: int = 0
    updated: int = 0
    deleted: int = 0


def describe(error: ValidationError) -> str:
    """One line saying everything ``error`` says, each message after its field's name."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _require_editor_unless_loader(actor) -> None:
    if actor is not None:
        _require_framework_editor(actor)


def _known(fields: dict, allowed: tuple[str, ...]) -> dict:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)}, code="unknown"
        )
    return fields


def _audit(action: str, obj, *, actor, **details) -> None:
    if actor is not None:
        audit_record(action, obj, actor=actor, space=None, **details)


def clean_links(links) -> list[dict]:
    """Further-reading links: at most ``MAX_LINKS`` ``{"url", "label"[, "label_fr"]}``, each
    with an http(s) address and a label. Returns them; raises ``ValidationError``."""
    if links in (None, ""):
        return []
    if not isinstance(links, list):
        raise ValidationError({"links": _("Links are a list of addresses with their label.")})
    if len(links) > MAX_LINKS:
        raise ValidationError({"links": _("At most %(n)d links.") % {"n": MAX_LINKS}})
    validate = URLValidator(schemes=["http", "https"])
    cleaned = []
    for link in links:
        if not isinstance(link, dict) or set(link) - {"url", "label", "label_fr"}:
            raise ValidationError(
                {"links": _("A link has an address (url), a label and optionally label_fr.")}
            )
        url = str(link.get("url") or "").strip()
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                {"links": _("“%(url)s” is not a web address (http or https).") % {"url": url[:80]}}
            ) from None
        item = {"url": url, "label": str(link.get("label") or "").strip() or url}
        if str(link.get("label_fr") or "").strip():
            item["label_fr"] = str(link["label_fr"]).strip()
        cleaned.append(item)
    return cleaned


def _save(item, *, created: bool, changed: list[str]) -> None:
    item.full_clean()
    if created:
        item.save()
    else:
        item.save(update_fields=changed)


@transaction.atomic
def area_ensure(*, kind: str, actor=None, **fields) -> Ensured:
    """Create the area ``kind`` with ``fields`` (``AREA_FIELDS``), or bring it to them.

    Returns an ``Ensured``. Raises ``ValidationError`` for an unknown kind or field, an
    empty name, or a description without its French text (what ``area_publish`` refuses).
    """
    _require_editor_unless_loader(actor)
    values = _known(fields, AREA_FIELDS)
    area = CompetenceArea.objects.filter(kind=kind).first()
    created = area is None
    if created:
        area = CompetenceArea(kind=kind, published=True)
    changed = assign_changed(area, values)
    if not (created or changed):
        return Ensured(area)
    if area.description_en.strip() and not area.description_fr.strip():
        raise ValidationError({"description_fr": _("The description needs a French text.")})
    _save(area, created=created, changed=changed)
    _audit("competence_area.create" if created else "competence_area.update", area,
           actor=actor, after=kind, note=", ".join(changed))  # fmt: skip
    return Ensured(area, created=created, changed=() if created else tuple(changed))


@transaction.atomic
def competence_ensure(*, slug: str, area: CompetenceArea, actor=None, **fields) -> Ensured:
    """Create the competence ``slug`` in ``area`` with ``fields`` (``COMPETENCE_FIELDS``),
    or bring it to them (moving it to ``area`` if it is elsewhere). Its quiz is
    ``quiz_ensure``'s. Returns an ``Ensured``; raises ``ValidationError`` for an unknown
    field, an empty English or French text, a text too long, or a malformed link.
    """
    _require_editor_unless_loader(actor)
    values = _known(fields, COMPETENCE_FIELDS)
    if "links" in values:
        values = {**values, "links": clean_links(values["links"])}
    competence = Competence.objects.filter(slug=slug).first()
    created = competence is None
    if created:
        competence = Competence(slug=slug, published=True)
    changed = assign_changed(competence, {"area_id": area.pk, **values})
    if not (created or changed):
        return Ensured(competence)
    _save(competence, created=created, changed=changed)
    _audit("competence.create" if created else "competence.update", competence,
           actor=actor, after=slug, note=", ".join(changed))  # fmt: skip
    return Ensured(competence, created=created, changed=() if created else tuple(changed))


def _pair(stored: list, specs: list[dict]) -> tuple[list[tuple[dict, object]], list]:
    """Pair each of ``specs`` with a stored row: first the row with the same ``text_en``,
    then, in order, the rows left (their text was edited); None where none is left.
    Returns the pairs in the order of ``specs`` and the stored rows no spec took."""
    by_text: dict[str, list] = {}
    for row in stored:
        by_text.setdefault(row.text_en, []).append(row)
    taken: list = [None] * len(specs)
    for index, spec in enumerate(specs):
        same = by_text.get(str(spec.get("text_en") or ""))
        if same:
            taken[index] = same.pop(0)
    used = {id(row) for row in taken if row is not None}
    left = [row for row in stored if id(row) not in used]
    for index in range(len(specs)):
        if taken[index] is None and left:
            taken[index] = left.pop(0)
    return list(zip(specs, taken, strict=True)), left


def _choice_values(spec) -> dict:
    if not isinstance(spec, dict):
        raise ValidationError(_("A choice has text_en, text_fr and is_correct."))
    values = _known(spec, CHOICE_FIELDS)
    if not isinstance(values.get("is_correct", False), bool):
        raise ValidationError({"is_correct": _("is_correct is true or false.")})
    return values


@transaction.atomic
def quiz_ensure(*, competence: Competence, questions: list[dict], actor=None) -> QuizChanges:
    """Make ``competence``'s quiz the ``questions`` given, in that order.

    Each question is a dict of ``QUESTION_FIELDS`` and ``choices`` (dicts of
    ``CHOICE_FIELDS``). A stored question is kept (same row, so the answers of past
    attempts still point at it) when one given has its English text; the others are paired
    in order (an edited text), and what remains is created or deleted (with its choices).
    Choices are matched the same way within their question. Attempts already made keep
    their score; their result page leaves out a deleted question. Returns ``QuizChanges``.

    Raises ``ValidationError`` (and writes nothing) for an unknown field, an empty text, or
    a quiz that could not be published (``competence_problems``: too few questions, a
    question without enough choices or a right one).
    """
    _require_editor_unless_loader(actor)
    if not isinstance(questions, list):
        raise ValidationError(_("A quiz is a list of questions."))
    for position, spec in enumerate(questions, 1):
        if not isinstance(spec, dict):
            raise ValidationError(
                _("Question %(n)d: %(problems)s")
                % {"n": position, "problems": _("A question has its texts and its choices.")}
            )
    pairs, surplus = _pair(quiz_questions(competence), questions)
    created = updated = 0
    for position, (spec, stored) in enumerate(pairs, 1):
        try:
            spec = dict(spec)
            choices = spec.pop("choices", None) or []
            values = {**_known(spec, QUESTION_FIELDS), "order": position}
            is_new = stored is None
            question = QuizQuestion(competence=competence) if is_new else stored
            changed = assign_changed(question, values)
            if is_new or changed:
                _save(question, created=is_new, changed=changed)
            choices_changed = _choices_ensure(question, choices, new=is_new)
        except ValidationError as error:
            raise ValidationError(
                _("Question %(n)d: %(problems)s") % {"n": position, "problems": describe(error)}
            ) from None
        created += is_new
        updated += not is_new and bool(changed or choices_changed)
    if surplus:
        QuizQuestion.objects.filter(pk__in=[question.pk for question in surplus]).delete()
    result = QuizChanges(created=created, updated=updated, deleted=len(surplus))
    if result == QuizChanges():
        return result
    problems = competence_problems(competence)
    if problems:
        raise ValidationError(problems)
    _audit("competence.quiz", competence, actor=actor,
           note=f"created {created}, updated {updated}, deleted {len(surplus)}")  # fmt: skip
    return result


def _choices_ensure(question: QuizQuestion, specs, *, new: bool) -> bool:
    """Make ``question``'s choices ``specs``, matched by position. True if anything changed."""
    if not isinstance(specs, list):
        raise ValidationError(_("The choices of a question are a list."))
    for position, spec in enumerate(specs, 1):
        try:
            _choice_values(spec)
        except ValidationError as error:
            raise ValidationError(
                _("Choice %(n)d: %(problems)s") % {"n": position, "problems": describe(error)}
            ) from None
    pairs, surplus = _pair([] if new else list(question.choices.all()), specs)
    changed_any = False
    for position, (spec, stored) in enumerate(pairs, 1):
        try:
            values = {**_choice_values(spec), "order": position}
            is_new = stored is None
            choice = QuizChoice(question=question) if is_new else stored
            changed = assign_changed(choice, values)
            if is_new or changed:
                _save(choice, created=is_new, changed=changed)
                changed_any = True
        except ValidationError as error:
            raise ValidationError(
                _("Choice %(n)d: %(problems)s") % {"n": position, "problems": describe(error)}
            ) from None
    if surplus:
        QuizChoice.objects.filter(pk__in=[choice.pk for choice in surplus]).delete()
        changed_any = True
    return changed_any
