"""Factories of the competences app, and builders that walk a citizen through a framework.

Factories (factory_boy), one per model, each building what it needs::

    CompetenceAreaFactory      a published area (kind cycles personal, social, societal)
    CompetenceFactory          a published competence, in a new area unless given one
    QuizQuestionFactory        a question of a new competence
    QuizChoiceFactory          a wrong choice of a new question (``is_correct=True``: a right one)
    LessonReadFactory          a citizen read a lesson
    QuizAttemptFactory         a citizen's attempt (a passed 2/2 by default)
    SelfAssessmentFactory      a citizen's self-assessment (level 2)

Builders used by most tests: ``make_framework()`` gives three published areas;
``make_competence(area, slug)`` a published competence with a two-question quiz:

    question 1 (one right answer):   A (right), B, C
    question 2 (two right answers):  D (right), E (right), F

``right_answers(competence)`` are the pairs ``quiz_submit`` takes for a perfect score;
``complete(citizen, competence)`` reads the lesson and passes the quiz.
"""

from __future__ import annotations

import factory

from civic.competences import services
from civic.competences.models import (
    Competence,
    CompetenceArea,
    LessonRead,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    SelfAssessment,
)
from tests.civic.factories import CitizenFactory

Kind = CompetenceArea.Kind


class CompetenceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceArea
        django_get_or_create = ("kind",)  # one row per kind (the field is unique)

    kind = factory.Iterator(Kind.values)
    name_en = factory.LazyAttribute(lambda area: area.kind.capitalize())
    name_fr = factory.LazyAttribute(lambda area: f"{area.kind.capitalize()} (fr)")
    order = factory.Sequence(int)
    published = True


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence

    area = factory.SubFactory(CompetenceAreaFactory)
    slug = factory.Sequence(lambda n: f"competence-{n}")
    title_en = factory.LazyAttribute(lambda c: f"Title {c.slug}")
    title_fr = factory.LazyAttribute(lambda c: f"Titre {c.slug}")
    summary_en = factory.LazyAttribute(lambda c: f"Summary {c.slug}")
    summary_fr = factory.LazyAttribute(lambda c: f"Résumé {c.slug}")
    lesson_en = factory.LazyAttribute(lambda c: f"Lesson **{c.slug}** in English.")
    lesson_fr = factory.LazyAttribute(lambda c: f"Leçon **{c.slug}** en français.")
    order = 0
    published = True


class QuizQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizQuestion

    competence = factory.SubFactory(CompetenceFactory)
    text_en = factory.Sequence(lambda n: f"Question {n}?")
    text_fr = factory.Sequence(lambda n: f"Question {n} ?")
    explanation_en = "Because."
    explanation_fr = "Parce que."
    order = factory.Sequence(int)


class QuizChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuizChoice

    question = factory.SubFactory(QuizQuestionFactory)
    text_en = factory.Sequence(lambda n: f"Choice {n}")
    text_fr = factory.Sequence(lambda n: f"Choix {n}")
    is_correct = False
    order = factory.Sequence(int)


class LessonReadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonRead

    citizen = factory.SubFactory(CitizenFactory)
    competence = factory.SubFactory(CompetenceFactory)


class QuizAttemptFactory(factory.django.DjangoModelFactory):
    """An attempt as ``quiz_submit`` records it; the answers are not checked against a quiz
    (build one with ``make_competence`` and submit it when the answers matter)."""

    class Meta:
        model = QuizAttempt

    citizen = factory.SubFactory(CitizenFactory)
    competence = factory.SubFactory(CompetenceFactory)
    score = 2
    total = 2
    passed = factory.LazyAttribute(lambda a: services.is_passing(a.score, a.total))
    # {question id: [chosen choice ids]}; a placeholder (never empty, as quiz_submit's are).
    answers = factory.LazyFunction(lambda: {"1": [1]})


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    citizen = factory.SubFactory(CitizenFactory)
    competence = factory.SubFactory(CompetenceFactory)
    level = 2


def make_framework() -> dict[str, CompetenceArea]:
    areas = {}
    for order, (kind, en, fr) in enumerate(
        [
            (Kind.PERSONAL, "Personal", "Personnelles"),
            (Kind.SOCIAL, "Social", "Sociales"),
            (Kind.SOCIETAL, "Societal", "Sociétales"),
        ],
        1,
    ):
        areas[kind] = CompetenceAreaFactory(kind=kind, name_en=en, name_fr=fr, order=order)
    return areas


def make_competence(
    area: CompetenceArea, slug: str, *, published: bool = True, order: int = 0
) -> Competence:
    competence = CompetenceFactory(area=area, slug=slug, order=order, published=published)
    spec = [
        (
            "Question one?",
            "Question un ?",
            "Because one.",
            "Parce que un.",
            [("A", True), ("B", False), ("C", False)],
        ),
        (
            "Question two?",
            "Question deux ?",
            "Because two.",
            "Parce que deux.",
            [("D", True), ("E", True), ("F", False)],
        ),
    ]
    for number, (text_en, text_fr, why_en, why_fr, choices) in enumerate(spec, 1):
        question = QuizQuestionFactory(
            competence=competence,
            order=number,
            text_en=f"{text_en} ({slug})",
            text_fr=f"{text_fr} ({slug})",
            explanation_en=f"{why_en} ({slug})",
            explanation_fr=f"{why_fr} ({slug})",
        )
        for position, (letter, right) in enumerate(choices, 1):
            QuizChoiceFactory(
                question=question,
                order=position,
                text_en=f"Choice {letter}",
                text_fr=f"Choix {letter}",
                is_correct=right,
            )
    return competence


def choice(competence: Competence, letter: str) -> QuizChoice:
    return QuizChoice.objects.get(question__competence=competence, text_en=f"Choice {letter}")


def questions(competence: Competence) -> list[QuizQuestion]:
    return list(competence.questions.order_by("order"))


def right_answers(competence: Competence) -> list[tuple[int, list[int]]]:
    return [
        (question.pk, [c.pk for c in question.choices.filter(is_correct=True)])
        for question in questions(competence)
    ]


def wrong_answers(competence: Competence) -> list[tuple[int, list[int]]]:
    return [
        (question.pk, [c.pk for c in question.choices.filter(is_correct=False)][:1])
        for question in questions(competence)
    ]


def complete(citizen, competence: Competence) -> None:
    services.lesson_mark_read(citizen=citizen, competence=competence)
    services.quiz_submit(citizen=citizen, competence=competence, answers=right_answers(competence))
