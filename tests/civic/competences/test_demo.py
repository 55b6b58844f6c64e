"""The demo framework: three areas, at least four competences each, real quizzes, in English
and French — and a check that every published item has its French text."""

from __future__ import annotations

import pytest

from civic.competences import demo as competences_demo
from civic.competences import selectors as competences_selectors
from civic.competences import services
from civic.competences.models import Competence, CompetenceArea, QuizChoice, QuizQuestion
from civic.competences.templatetags import competence_tags

pytestmark = pytest.mark.django_db


def empty_french_fields() -> list[str]:
    """Every *_fr field left empty on a published item: areas, competences, and the questions
    and choices of published competences. Generic over the models' fields, so a new *_fr
    field is checked without touching this test."""
    competences = competences_selectors.published_competences()
    items = [
        *competences_selectors.published_areas(),
        *competences,
        *QuizQuestion.objects.filter(competence__in=competences),
        *QuizChoice.objects.filter(question__competence__in=competences),
    ]
    problems = []
    for item in items:
        for field in item._meta.get_fields():
            name = getattr(field, "name", "")
            if not name.endswith("_fr"):
                continue
            if not (getattr(item, name) or "").strip():
                problems.append(f"{type(item).__name__} {item.pk} ({item}): {name}")
    return problems


@pytest.fixture
def loaded():
    return competences_demo.load()


def test_every_published_item_has_its_french_text(loaded):
    assert loaded["competences"] >= 12
    assert empty_french_fields() == []


def test_the_french_check_catches_an_empty_field(loaded):
    """The check above can fail: an emptied French explanation is reported."""
    question = QuizQuestion.objects.first()
    QuizQuestion.objects.filter(pk=question.pk).update(explanation_fr="")
    area = CompetenceArea.objects.get(kind="social")
    CompetenceArea.objects.filter(pk=area.pk).update(description_fr=" ")

    problems = empty_french_fields()

    assert f"QuizQuestion {question.pk} ({question}): explanation_fr" in problems
    assert f"CompetenceArea {area.pk} ({area}): description_fr" in problems


def test_three_areas_with_at_least_four_published_competences_each(loaded):
    areas = competences_selectors.areas_with_competences()

    assert [area.kind for area in areas] == ["personal", "social", "societal"]
    assert all(len(area.competence_list) >= 4 for area in areas)


def test_every_demo_competence_is_ready_to_publish(loaded):
    for competence in Competence.objects.all():
        assert services.competence_problems(competence) == [], competence.slug
        assert competence.questions.count() >= 2


def test_some_questions_have_several_right_answers(loaded):
    counts = [
        question.choices.filter(is_correct=True).count() for question in QuizQuestion.objects.all()
    ]

    assert min(counts) >= 1
    assert sum(1 for n in counts if n > 1) >= 5


def test_the_woven_links_point_to_demo_competences(loaded):
    for slug in (
        competence_tags.LEVELS_OF_GOVERNMENT,
        competence_tags.PROPOSAL_TO_POLICY,
        competence_tags.CONSTRUCTIVE_DIALOGUE,
        competence_tags.MTR,
    ):
        assert Competence.objects.filter(slug=slug, published=True).exists(), slug


def test_loading_again_creates_nothing_and_keeps_staff_edits(loaded):
    competence = Competence.objects.get(slug="reading-a-public-budget")
    competence.title_en = "Reading a city budget"
    competence.save()
    question = competence.questions.first()
    question.text_en = "Edited by staff?"
    question.save()

    again = competences_demo.load()

    assert again == {"competence areas": 0, "competences": 0, "quiz questions": 0}
    competence.refresh_from_db()
    assert competence.title_en == "Reading a city budget"
    assert competence.questions.filter(text_en="Edited by staff?").exists()
    assert QuizQuestion.objects.count() == loaded["quiz questions"]


def test_lessons_render_as_sanitised_html(loaded, client):
    for competence in Competence.objects.all():
        response = client.get(competence.get_absolute_url())
        assert response.status_code == 200
        assert "<h2>" in response.content.decode(), competence.slug
