"""The framework shipped with civic (``content/competences.yaml``, ``load_competences``): three
areas, at least four competences each, real quizzes, in English and French — a check that
every published item has its French text — and the loader: idempotent, updating what the file
changes, leaving alone what staff decided, refusing a mistake with a message naming it."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from civic.audit.models import AuditEntry
from civic.competences import selectors as competences_selectors
from civic.competences import services
from civic.competences.loader import CONTENT, ContentError, load_competences
from civic.competences.models import (
    Competence,
    CompetenceArea,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
)
from civic.competences.templatetags import competence_tags
from tests.civic.competences import factories as cb
from tests.civic.factories import CitizenFactory

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
    return load_competences().created_counts()


def framework_rows() -> dict[str, list[dict]]:
    """Every row of the framework, every field, ids included."""
    return {
        model.__name__: [
            model_to_dict(row) | {"id": row.pk} for row in model.objects.order_by("pk")
        ]
        for model in (CompetenceArea, Competence, QuizQuestion, QuizChoice)
    }


def shipped() -> dict:
    return yaml.safe_load(CONTENT.read_text(encoding="utf-8"))


def write(tmp_path, data: dict):
    path = tmp_path / "competences.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def spec_of(data: dict, slug: str) -> dict:
    return next(item for item in data["competences"] if item["slug"] == slug)


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


def test_the_shipped_file_loads_every_area_competence_and_question(loaded):
    data = shipped()

    assert loaded == {
        "competence areas": len(data["areas"]),
        "competences": len(data["competences"]),
        "quiz questions": sum(len(item["questions"]) for item in data["competences"]),
    }
    budget = Competence.objects.get(slug="reading-a-public-budget")
    assert budget.title_fr == spec_of(data, "reading-a-public-budget")["title_fr"]
    assert Competence.objects.get(slug="checking-sources").links[0]["label_fr"]


def test_loading_again_changes_nothing(loaded):
    before = framework_rows()

    again = load_competences()

    assert again.created_counts() == {"competence areas": 0, "competences": 0, "quiz questions": 0}
    assert not again.changed
    assert framework_rows() == before
    assert QuizQuestion.objects.count() == loaded["quiz questions"]


def test_loading_again_creates_nothing_and_keeps_staff_edits(loaded):
    competence = Competence.objects.get(slug="reading-a-public-budget")
    competence.title_en = "Reading a city budget"
    competence.save()
    question = competence.questions.first()
    question.text_en = "Edited by staff?"
    question.save()
    area = CompetenceArea.objects.get(kind="social")
    area.name_en = "Social, edited"
    area.save()

    again = load_competences()

    assert again.created_counts() == {"competence areas": 0, "competences": 0, "quiz questions": 0}
    assert not again.changed
    competence.refresh_from_db()
    area.refresh_from_db()
    assert competence.title_en == "Reading a city budget"
    assert competence.questions.filter(text_en="Edited by staff?").exists()
    assert area.name_en == "Social, edited"
    assert QuizQuestion.objects.count() == loaded["quiz questions"]


def test_updating_rewrites_a_text_staff_changed_in_the_admin(loaded):
    """With ``update``, the file is the source of the texts it holds."""
    competence = Competence.objects.get(slug="reading-a-public-budget")
    Competence.objects.filter(pk=competence.pk).update(title_en="Reading a city budget")

    report = load_competences(update=True)

    competence.refresh_from_db()
    assert competence.title_en == spec_of(shipped(), "reading-a-public-budget")["title_en"]
    assert report.updated["competences"] == 1


def test_loading_again_keeps_what_staff_published_and_unpublished(loaded, admin_user):
    competence = Competence.objects.get(slug="reading-a-public-budget")
    services.competence_unpublish(actor=admin_user, competence=competence)
    area = CompetenceArea.objects.get(kind="social")
    services.area_unpublish(actor=admin_user, area=area)

    load_competences(update=True)

    competence.refresh_from_db()
    area.refresh_from_db()
    assert competence.published is False
    assert area.published is False


def test_loading_leaves_the_competences_staff_added_alone(loaded):
    area = CompetenceArea.objects.get(kind="social")
    added = cb.make_competence(area, "staff-added")

    load_competences(update=True)

    added.refresh_from_db()
    assert added.title_en == "Title staff-added"
    assert added.questions.count() == 2


def test_loading_an_edited_file_updates_the_framework(loaded, tmp_path):
    citizen = CitizenFactory()
    competence = Competence.objects.get(slug="freedom-and-liberty")
    attempt = services.quiz_submit(
        citizen=citizen, competence=competence, answers=cb.right_answers(competence)
    ).attempt
    first, second, *rest = competence.questions.order_by("order")
    data = shipped()
    spec = spec_of(data, "freedom-and-liberty")
    spec["title_en"] = "Freedom and liberty"
    spec["links"] = [{"url": "https://example.org/liberty", "label": "Liberty"}]
    spec["questions"][0]["text_fr"] = "Qu'est-ce qui crée notre liberté ?"
    spec["questions"][0]["choices"].append(
        {"text_en": "The market", "text_fr": "Le marché", "is_correct": False}
    )
    del spec["questions"][1]
    data["areas"][0]["name_fr"] = "Personnelles"
    data["competences"].append(
        {
            **{key: value for key, value in spec.items() if key != "slug"},
            "slug": "a-new-one",
            "area": "social",
            "order": 9,
        }
    )

    report = load_competences(write(tmp_path, data), update=True)

    competence.refresh_from_db()
    assert competence.title_en == "Freedom and liberty"
    assert competence.links == [{"url": "https://example.org/liberty", "label": "Liberty"}]
    questions = list(competence.questions.order_by("order"))
    assert [q.pk for q in questions] == [first.pk, *(q.pk for q in rest)]
    assert questions[0].text_fr == "Qu'est-ce qui crée notre liberté ?"
    assert questions[0].choices.order_by("order").last().text_en == "The market"
    assert not QuizQuestion.objects.filter(pk=second.pk).exists()
    assert CompetenceArea.objects.get(kind="personal").name_fr == "Personnelles"
    new = Competence.objects.get(slug="a-new-one")
    assert new.area.kind == "social"
    assert new.published is True
    assert services.competence_problems(new) == []
    assert QuizAttempt.objects.filter(pk=attempt.pk).exists()  # the citizen's attempt stays
    assert report.created["competences"] == 1
    assert report.updated["competences"] == 1
    assert report.updated["competence areas"] == 1
    assert report.deleted["quiz questions"] == 1
    # And loading that file again changes nothing.
    assert not load_competences(write(tmp_path, data), update=True).changed


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda spec: spec["questions"][1].update(text_fr=""), "Question 2: text_fr:"),
        (lambda spec: spec["questions"][0]["choices"][1].update(is_correct="maybe"), "Choice 2:"),
        (lambda spec: spec.update(links=[{"url": "javascript:alert(1)", "label": "x"}]), "links:"),
        (lambda spec: spec.update(colour="blue"), "unknown keys colour"),
        (lambda spec: spec.update(area="cosmic"), "its area is not one of"),
        (lambda spec: spec.update(questions=spec["questions"][:1]), "at least 2 questions"),
        (
            lambda spec: [c.update(is_correct=False) for c in spec["questions"][0]["choices"]],
            "Question 1 needs at least one right answer",
        ),
    ],
)
def test_a_mistake_in_the_file_names_the_item_and_writes_nothing(loaded, tmp_path, edit, message):
    data = shipped()
    data["competences"][0]["title_en"] = "Edited before the mistake"
    edit(spec_of(data, "judging-by-impacts"))
    before = framework_rows()

    with pytest.raises(ContentError) as raised:
        load_competences(write(tmp_path, data), update=True)

    assert "competence “judging-by-impacts”" in str(raised.value)
    assert message in str(raised.value)
    assert framework_rows() == before


def test_a_file_that_is_not_the_framework_is_refused(tmp_path):
    path = tmp_path / "competences.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")

    with pytest.raises(ContentError, match="expected the keys"):
        load_competences(path)
    path.write_text("areas: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match="not valid YAML"):
        load_competences(path)
    with pytest.raises(ContentError):
        load_competences(tmp_path / "missing.yaml")


def test_the_command_says_what_it_did_and_nothing_the_second_time():
    data = shipped()
    out = StringIO()
    call_command("load_competences", stdout=out)
    assert f"; competences: {len(data['competences'])} created, 0 updated;" in out.getvalue()
    assert Competence.objects.count() == len(data["competences"])
    assert "Nothing changed." not in out.getvalue()

    out = StringIO()
    call_command("load_competences", stdout=out)
    assert "Nothing changed." in out.getvalue()


def test_the_command_refuses_a_bad_file_with_its_message(tmp_path):
    path = tmp_path / "competences.yaml"
    path.write_text("colours: []\n", encoding="utf-8")

    with pytest.raises(CommandError, match="expected the keys"):
        call_command("load_competences", file=str(path), stdout=StringIO())


def test_loading_writes_no_audit_row(loaded, tmp_path):
    data = shipped()
    spec_of(data, "freedom-and-liberty")["title_en"] = "Freedom and liberty"
    load_competences(write(tmp_path, data), update=True)

    assert not AuditEntry.objects.exists()


def test_lessons_render_as_sanitised_html(loaded, client):
    for competence in Competence.objects.all():
        response = client.get(competence.get_absolute_url())
        assert response.status_code == 200
        assert "<h2>" in response.content.decode(), competence.slug
