"""The citizen competences API: the framework (published only), lessons, the quiz without
its answers, server-side scoring with tamper checks, self-assessments and one's progress."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civic.competences.models import LessonRead, QuizAttempt, SelfAssessment
from tests.civic.competences import factories as cb
from tests.civic.factories import CitizenFactory


@pytest.fixture
def citizen_api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


def _quiz_url(competence) -> str:
    return reverse("api:competence-quiz", args=[competence.pk])


def _submission(pairs) -> dict:
    return {"answers": [{"question": q, "choices": c} for q, c in pairs]}


# --- The framework --------------------------------------------------------------------------------


def test_areas_list_their_published_competences(api, areas, competence):
    cb.make_competence(areas[cb.Kind.SOCIETAL], "draft", published=False)

    data = api.get(reverse("api:competence-area-list")).json()

    assert [area["kind"] for area in data] == ["personal", "social", "societal"]
    assert [c["slug"] for c in data[2]["competences"]] == ["levels"]
    assert data[2]["name"] == "Societal"


def test_an_unpublished_area_is_not_listed(api, areas, competence):
    areas[cb.Kind.SOCIETAL].published = False
    areas[cb.Kind.SOCIETAL].save()

    assert [a["kind"] for a in api.get(reverse("api:competence-area-list")).json()] == [
        "personal",
        "social",
    ]
    assert api.get(reverse("api:competence-list")).json()["count"] == 0
    assert api.get(reverse("api:competence-detail", args=[competence.pk])).status_code == 404


def test_texts_follow_the_accept_language(api, competence):
    url = reverse("api:competence-detail", args=[competence.pk])

    data = api.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()

    assert data["title"] == "Titre levels"
    assert data["lesson"] == "Leçon **levels** en français."


def test_a_competence_comes_with_its_lesson(api, competence):
    competence.links = [{"url": "https://example.org/a", "label": "A", "label_fr": "Un A"}]
    competence.save()

    data = api.get(reverse("api:competence-detail", args=[competence.pk])).json()

    assert data["lesson_html"] == "<p>Lesson <strong>levels</strong> in English.</p>"
    assert data["links"] == [{"url": "https://example.org/a", "label": "A"}]
    assert data["question_count"] == 2
    assert data["web_url"].endswith("/competences/levels/")


def test_the_competence_list_filters_by_area(api, areas, competence):
    cb.make_competence(areas[cb.Kind.SOCIAL], "dialogue")

    data = api.get(reverse("api:competence-list"), {"area": "social"}).json()

    assert [c["slug"] for c in data["results"]] == ["dialogue"]


def test_an_unpublished_competence_is_a_404_for_every_endpoint(api, citizen_api, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)

    assert api.get(reverse("api:competence-detail", args=[draft.pk])).status_code == 404
    assert api.get(_quiz_url(draft)).status_code == 404
    response = citizen_api.post(_quiz_url(draft), _submission(cb.right_answers(draft)))
    assert response.status_code == 404
    assert not QuizAttempt.objects.exists()


# --- Lessons read ---------------------------------------------------------------------------------


def test_reading_a_lesson_is_recorded_once(citizen_api, citizen, competence):
    url = reverse("api:competence-read", args=[competence.pk])

    first = citizen_api.post(url).json()
    second = citizen_api.post(url).json()

    assert (first, second) == (
        {"read": True, "first_time": True},
        {"read": True, "first_time": False},
    )
    assert LessonRead.objects.filter(citizen=citizen).count() == 1


def test_a_visitor_cannot_record_a_lesson(api, competence):
    response = api.post(reverse("api:competence-read", args=[competence.pk]))

    assert response.status_code in (401, 403)
    assert not LessonRead.objects.exists()


# --- The quiz: no answer before submission --------------------------------------------------------


def test_the_quiz_is_sent_without_its_answers(api, competence):
    response = api.get(_quiz_url(competence))

    data = response.json()
    raw = response.content.decode()
    assert data["pass_percent"] == 80
    assert [q["text"] for q in data["questions"]] == [
        "Question one? (levels)",
        "Question two? (levels)",
    ]
    assert [c["text"] for c in data["questions"][1]["choices"]] == [
        "Choice D",
        "Choice E",
        "Choice F",
    ]
    assert set(data["questions"][0]) == {"id", "number", "text", "choices"}
    assert set(data["questions"][0]["choices"][0]) == {"id", "text"}
    assert "correct" not in raw and "explanation" not in raw and "Because" not in raw


def test_a_perfect_submission_is_scored_and_explained(citizen_api, citizen, competence):
    response = citizen_api.post(
        _quiz_url(competence), _submission(cb.right_answers(competence)), format="json"
    )

    assert response.status_code == 201
    data = response.json()
    assert (data["score"], data["total"], data["percent"], data["passed"]) == (2, 2, 100, True)
    assert data["competence_completed"] is False  # the lesson was not read
    q1, q2 = cb.questions(competence)
    assert data["questions"][1] == {
        "question": q2.pk,
        "correct": True,
        "chosen": sorted([cb.choice(competence, "D").pk, cb.choice(competence, "E").pk]),
        "right_choices": sorted([cb.choice(competence, "D").pk, cb.choice(competence, "E").pk]),
        "explanation": "Because two. (levels)",
    }
    assert QuizAttempt.objects.get(citizen=citizen).passed


def test_a_partial_multi_answer_is_wrong(citizen_api, competence):
    q1, q2 = cb.questions(competence)
    pairs = [(q1.pk, [cb.choice(competence, "A").pk]), (q2.pk, [cb.choice(competence, "E").pk])]

    data = citizen_api.post(_quiz_url(competence), _submission(pairs), format="json").json()

    assert [q["correct"] for q in data["questions"]] == [True, False]
    assert (data["score"], data["passed"]) == (1, False)
    # A failed attempt does not give the answers away (until the third one).
    assert data["answers_revealed"] is False
    assert {(q["right_choices"], q["explanation"]) for q in data["questions"]} == {(None, None)}


def test_the_answers_come_with_the_third_attempt(citizen_api, competence):
    wrong = _submission(cb.wrong_answers(competence))
    results = [
        citizen_api.post(_quiz_url(competence), wrong, format="json").json() for _n in range(3)
    ]

    assert [r["answers_revealed"] for r in results] == [False, False, True]
    assert all(q["right_choices"] and q["explanation"] for q in results[2]["questions"])


def test_attempts_wait_between_them(citizen_api, competence, settings):
    settings.QUIZ_RETRY_SECONDS = 30
    wrong = _submission(cb.wrong_answers(competence))
    assert citizen_api.post(_quiz_url(competence), wrong, format="json").status_code == 201

    again = citizen_api.post(_quiz_url(competence), wrong, format="json")

    assert again.status_code == 400
    assert "try again in 30 seconds" in again.json()["answers"][0]


def test_reading_then_passing_completes_the_competence(citizen_api, competence):
    citizen_api.post(reverse("api:competence-read", args=[competence.pk]))

    data = citizen_api.post(
        _quiz_url(competence), _submission(cb.right_answers(competence)), format="json"
    ).json()

    assert data["competence_completed"] is True


@pytest.mark.parametrize(
    "tamper",
    ["unknown choice", "other question's choice", "question twice", "missing question"],
)
def test_tampered_submissions_are_a_400_and_record_nothing(citizen_api, competence, tamper):
    q1, q2 = cb.questions(competence)
    a, d, e = (cb.choice(competence, letter).pk for letter in "ADE")
    pairs = {
        "unknown choice": [(q1.pk, [987_654]), (q2.pk, [d, e])],
        "other question's choice": [(q1.pk, [d]), (q2.pk, [e])],
        "question twice": [(q1.pk, [a]), (q1.pk, [a]), (q2.pk, [d, e])],
        "missing question": [(q2.pk, [d, e])],
    }[tamper]

    response = citizen_api.post(_quiz_url(competence), _submission(pairs), format="json")

    assert response.status_code == 400
    assert response.json()["answers"]  # a message saying what is wrong
    assert not QuizAttempt.objects.exists()


def test_malformed_submissions_are_a_400(citizen_api, competence):
    url = _quiz_url(competence)

    for body in ({}, {"answers": "all"}, {"answers": [{"question": "x", "choices": ["y"]}]}):
        response = citizen_api.post(url, body, format="json")
        assert response.status_code == 400, body
    assert not QuizAttempt.objects.exists()


def test_a_visitor_cannot_submit(api, competence):
    response = api.post(_quiz_url(competence), _submission(cb.right_answers(competence)))

    assert response.status_code in (401, 403)
    assert not QuizAttempt.objects.exists()


def test_quiz_submissions_count_against_the_write_budget(citizen_api, competence, settings):
    settings.WRITE_RATE_LIMIT = "2/m"
    body = _submission(cb.right_answers(competence))

    codes = [
        citizen_api.post(_quiz_url(competence), body, format="json").status_code for _ in range(3)
    ]

    assert codes == [201, 201, 429]
    assert QuizAttempt.objects.count() == 2


# --- Self-assessment and progress -----------------------------------------------------------------


def test_a_self_assessment_is_created_then_replaced(citizen_api, citizen, competence):
    url = reverse("api:competence-self-assessment", args=[competence.pk])

    first = citizen_api.put(url, {"level": 2}, format="json")
    second = citizen_api.put(url, {"level": 4}, format="json")
    wrong = citizen_api.put(url, {"level": 5}, format="json")

    assert (first.status_code, second.status_code, wrong.status_code) == (201, 200, 400)
    assert second.json()["level"] == 4
    assert SelfAssessment.objects.get(citizen=citizen).level == 4


def test_my_progress_lists_areas_and_competences(citizen_api, citizen, competence, areas):
    cb.complete(citizen, competence)
    cb.make_competence(areas[cb.Kind.SOCIETAL], "budget")

    data = citizen_api.get(reverse("api:competence-progress")).json()

    assert (data["completed"], data["total"], data["pass_percent"]) == (1, 2, 80)
    assert data["show_competences"] is False
    societal = data["areas"][0]
    assert (societal["kind"], societal["completed"], societal["total"]) == ("societal", 1, 2)
    levels = next(c for c in societal["competences"] if c["slug"] == "levels")
    assert levels["completed"] and levels["read"] and levels["best_score"] == 2


def test_progress_needs_a_signed_in_citizen(api, competence):
    assert api.get(reverse("api:competence-progress")).status_code in (401, 403)


def test_a_citizen_never_sees_another_citizens_progress(citizen_api, competence):
    other = CitizenFactory()
    cb.complete(other, competence)

    data = citizen_api.get(reverse("api:competence-progress")).json()

    assert data["completed"] == 0
    assert json.dumps(data).count('"completed": true') == 0


def test_the_api_root_lists_the_competence_endpoints(api, db):
    data = api.get(reverse("api:root")).json()

    assert data["competences"].endswith("/api/v1/competences/")
    assert data["competence_areas"].endswith("/api/v1/competence-areas/")
