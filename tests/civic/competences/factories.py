"""Build a small competence framework for tests, and walk a citizen through it.

``make_framework()`` gives three published areas; ``make_competence(area, slug)`` a
published competence with a two-question quiz:

    question 1 (one right answer):   A (right), B, C
    question 2 (two right answers):  D (right), E (right), F

``right_answers(competence)`` are the pairs ``quiz_submit`` takes for a perfect score;
``complete(citizen, competence)`` reads the lesson and passes the quiz.
"""

from __future__ import annotations

from civic.competences import services
from civic.competences.models import Competence, CompetenceArea, QuizChoice, QuizQuestion

Kind = CompetenceArea.Kind


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
        areas[kind] = CompetenceArea.objects.create(
            kind=kind, name_en=en, name_fr=fr, order=order, published=True
        )
    return areas


def make_competence(
    area: CompetenceArea, slug: str, *, published: bool = True, order: int = 0
) -> Competence:
    competence = Competence.objects.create(
        area=area,
        slug=slug,
        order=order,
        title_en=f"Title {slug}",
        title_fr=f"Titre {slug}",
        summary_en=f"Summary {slug}",
        summary_fr=f"Résumé {slug}",
        lesson_en=f"Lesson **{slug}** in English.",
        lesson_fr=f"Leçon **{slug}** en français.",
        published=published,
    )
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
        question = QuizQuestion.objects.create(
            competence=competence,
            order=number,
            text_en=f"{text_en} ({slug})",
            text_fr=f"{text_fr} ({slug})",
            explanation_en=f"{why_en} ({slug})",
            explanation_fr=f"{why_fr} ({slug})",
        )
        for position, (letter, right) in enumerate(choices, 1):
            QuizChoice.objects.create(
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
