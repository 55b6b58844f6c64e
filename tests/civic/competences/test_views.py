"""The competence pages as citizens see them: the framework, a lesson (read when opened), its
quiz (no answer in the page before it is answered), "My competences", the public profile,
the aggregates of a place and a chapter, study-circle attendance, and the links woven into
the rest of the platform."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from chapters.models import RSVP, Meeting
from civic.competences import services
from civic.competences.models import LessonRead, QuizAttempt
from tests.civic.competences import factories as cb
from tests.civic.factories import CitizenFactory


@pytest.fixture
def competence(areas):
    return cb.make_competence(areas[cb.Kind.SOCIETAL], "who-is-responsible")


@pytest.fixture
def citizen_client(client_as, citizen):
    return client_as(citizen)


def _quiz_post(competence, letters: list[list[str]]) -> dict:
    return {
        f"q{question.pk}": [str(cb.choice(competence, letter).pk) for letter in chosen]
        for question, chosen in zip(cb.questions(competence), letters, strict=False)
    }


# --- The framework and the lesson -----------------------------------------------------------------


def test_the_framework_lists_published_competences_by_area(client, areas, competence):
    cb.make_competence(areas[cb.Kind.PERSONAL], "hidden-draft", published=False)

    response = client.get(reverse("competences:list"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Title who-is-responsible" in text and "Societal" in text
    assert "hidden-draft" not in text


def test_the_framework_is_in_french_for_a_french_citizen(client_as, competence):
    french = CitizenFactory(preferred_language="fr")

    text = client_as(french).get(reverse("competences:list")).content.decode()

    assert "Titre who-is-responsible" in text and "Sociétales" in text


def test_opening_a_lesson_signed_in_records_it_once(citizen_client, citizen, competence):
    url = competence.get_absolute_url()

    first = citizen_client.get(url)
    citizen_client.get(url)

    assert first.status_code == 200
    assert "Lesson <strong>who-is-responsible</strong> in English." in first.content.decode()
    assert LessonRead.objects.filter(citizen=citizen, competence=competence).count() == 1
    assert "Lesson read" in first.content.decode()


def test_a_visitor_reads_a_lesson_without_a_record(client, competence):
    response = client.get(competence.get_absolute_url())

    assert response.status_code == 200
    assert not LessonRead.objects.exists()
    assert "Log in to keep track of your progress" in response.content.decode()


def test_lesson_markdown_is_sanitised(client, competence):
    competence.lesson_en = "Hi <script>alert(1)</script> [x](javascript:alert(1))"
    competence.save()

    text = client.get(competence.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in text and "javascript:alert" not in text


def test_an_unpublished_competence_is_a_404_but_staff_preview_it(client, client_as, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)
    staff = CitizenFactory(is_staff=True)

    assert client.get(draft.get_absolute_url()).status_code == 404
    preview = client_as(staff).get(draft.get_absolute_url())
    assert preview.status_code == 200
    assert "only staff see it" in preview.content.decode()
    assert not LessonRead.objects.exists()


# --- The quiz -------------------------------------------------------------------------------------


def test_the_quiz_page_never_holds_the_answers(client, citizen_client, competence):
    for response in (
        client.get(reverse("competences:quiz", args=[competence.slug])),
        citizen_client.get(reverse("competences:quiz", args=[competence.slug])),
    ):
        text = response.content.decode()
        assert response.status_code == 200
        assert "Question one? (who-is-responsible)" in text and "Choice E" in text
        assert "is_correct" not in text
        assert "correct" not in text.lower()
        assert "a right answer" not in text and "Because one." not in text
        assert 'type="checkbox"' in text and 'type="radio"' not in text


def test_passing_the_quiz_shows_the_score_and_the_explanations(citizen_client, citizen, competence):
    citizen_client.get(competence.get_absolute_url())

    response = citizen_client.post(
        reverse("competences:quiz", args=[competence.slug]),
        _quiz_post(competence, [["A"], ["D", "E"]]),
    )

    attempt = QuizAttempt.objects.get(citizen=citizen)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "competences:quiz_result", args=[competence.slug, attempt.pk]
    )
    text = citizen_client.get(response["Location"]).content.decode()
    assert "2 of 2 questions right (100 %)." in text and "Quiz passed!" in text
    assert "Because one. (who-is-responsible)" in text
    assert "This competence is completed." in text


def test_a_wrong_answer_is_explained_only_after_three_attempts(citizen_client, competence):
    def attempt() -> str:
        return citizen_client.post(
            reverse("competences:quiz", args=[competence.slug]),
            _quiz_post(competence, [["A"], ["D"]]),
            follow=True,
        ).content.decode()

    first = attempt()
    assert "1 of 2 questions right (50 %)." in first
    assert "Not passed yet: you need 80 % of right answers." in first
    assert "Not quite" in first
    assert "Because two. (who-is-responsible)" not in first and "a right answer" not in first
    assert "the right answers are explained once you pass, or after three attempts" in first

    attempt()
    third = attempt()
    assert "Because two. (who-is-responsible)" in third and "a right answer" in third


def test_a_second_attempt_waits_a_moment(citizen_client, competence, settings):
    from civic.competences.models import QuizAttempt

    settings.QUIZ_RETRY_SECONDS = 30
    address = reverse("competences:quiz", args=[competence.slug])
    citizen_client.post(address, _quiz_post(competence, [["A"], ["D"]]))

    again = citizen_client.post(address, _quiz_post(competence, [["A"], ["D"]]))

    assert "Take a moment: try again in 30 seconds." in again.content.decode()
    assert QuizAttempt.objects.count() == 1


def test_an_unanswered_question_is_a_form_error_and_nothing_is_recorded(citizen_client, competence):
    response = citizen_client.post(
        reverse("competences:quiz", args=[competence.slug]), _quiz_post(competence, [["A"]])
    )

    assert response.status_code == 400
    assert "Choose at least one answer." in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_a_choice_of_another_question_is_a_form_error(citizen_client, competence):
    data = _quiz_post(competence, [["A"], ["D", "E"]])
    first = cb.questions(competence)[0]
    data[f"q{first.pk}"] = [str(cb.choice(competence, "D").pk)]

    response = citizen_client.post(reverse("competences:quiz", args=[competence.slug]), data)

    assert response.status_code == 400
    assert "This is not one of the answers offered." in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_the_same_choice_sent_twice_is_refused(citizen_client, competence):
    data = _quiz_post(competence, [["A"], ["D", "D"]])

    response = citizen_client.post(reverse("competences:quiz", args=[competence.slug]), data)

    assert response.status_code == 400
    assert "An answer to question 2 is given twice." in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_a_visitor_is_sent_to_log_in_to_answer(client, competence):
    response = client.post(
        reverse("competences:quiz", args=[competence.slug]),
        _quiz_post(competence, [["A"], ["D", "E"]]),
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not QuizAttempt.objects.exists()


def test_an_attempt_is_seen_only_by_its_citizen(client_as, citizen, competence):
    result = services.quiz_submit(
        citizen=citizen, competence=competence, answers=cb.right_answers(competence)
    )
    url = reverse("competences:quiz_result", args=[competence.slug, result.attempt.pk])

    assert client_as(CitizenFactory()).get(url).status_code == 404
    assert client_as(citizen).get(url).status_code == 200


def test_the_quiz_answers_count_against_the_write_budget(citizen_client, competence, settings):
    settings.WRITE_RATE_LIMIT = "2/m"
    url = reverse("competences:quiz", args=[competence.slug])
    data = _quiz_post(competence, [["A"], ["D", "E"]])

    codes = [citizen_client.post(url, data).status_code for _ in range(3)]

    assert codes == [302, 302, 429]
    assert QuizAttempt.objects.count() == 2


# --- Self-assessment ------------------------------------------------------------------------------


def test_a_citizen_assesses_themselves(citizen_client, citizen, competence):
    response = citizen_client.post(
        reverse("competences:self_assess", args=[competence.slug]), {"level": "3"}
    )

    assert response.status_code == 302
    assert citizen.self_assessments.get().level == 3
    page = citizen_client.get(competence.get_absolute_url()).content.decode()
    assert 'value="3" id="self_level_2" required checked' in page


def test_a_self_assessment_out_of_range_is_a_form_error(citizen_client, competence):
    response = citizen_client.post(
        reverse("competences:self_assess", args=[competence.slug]), {"level": "9"}
    )

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()


# --- My competences -------------------------------------------------------------------------------


def test_my_competences_shows_each_area_with_its_progress(citizen_client, citizen, areas):
    competences = [cb.make_competence(areas[cb.Kind.SOCIAL], f"social-{n}") for n in range(4)]
    for competence in competences[:3]:
        cb.complete(citizen, competence)

    response = citizen_client.get(reverse("competences:mine"))

    text = response.content.decode()
    assert "3 of 4 competences completed" in text
    assert (
        '<progress max="4" value="3" aria-labelledby="area-progress-social">75 %</progress>' in text
    )
    assert "In all: 3 of 4 competences completed" in text
    assert "Passed (2 of 2)" in text


def test_my_competences_needs_a_signed_in_citizen(client):
    response = client.get(reverse("competences:mine"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_competences_reads_in_a_bounded_number_of_queries(
    citizen_client, citizen, areas, django_assert_num_queries
):
    for n in range(8):
        cb.complete(citizen, cb.make_competence(areas[cb.Kind.SOCIAL], f"c-{n}"))

    with django_assert_num_queries(4):
        response = citizen_client.get(reverse("competences:mine"))

    assert "8 of 8 competences completed" in response.content.decode()


# --- The public profile ---------------------------------------------------------------------------


def test_the_public_profile_shows_no_competence_by_default(client, citizen, areas, competence):
    cb.complete(citizen, competence)

    response = client.get(reverse("competences:citizen_profile", args=[citizen.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert citizen.display_name in text
    assert "Competence areas completed" not in text and "Societal" not in text
    assert citizen.email not in text


def test_the_public_profile_shows_completed_areas_once_opted_in(
    client, citizen_client, citizen, competence
):
    cb.complete(citizen, competence)

    toggle = citizen_client.post(reverse("competences:visibility"), {"show": "on"})

    assert toggle.status_code == 302
    citizen.refresh_from_db()
    assert citizen.show_competences is True
    text = client.get(reverse("competences:citizen_profile", args=[citizen.pk])).content.decode()
    assert "Competence areas completed" in text and "Societal" in text


def test_switching_the_opt_in_off_hides_them_again(client, citizen_client, citizen, competence):
    cb.complete(citizen, competence)
    services.competences_visibility_set(citizen=citizen, show=True)

    citizen_client.post(reverse("competences:visibility"), {})

    text = client.get(reverse("competences:citizen_profile", args=[citizen.pk])).content.decode()
    assert "Competence areas completed" not in text


def test_a_deleted_citizen_has_no_profile(client, citizen):
    from civic.services import citizen_erase

    citizen_erase(citizen=citizen)

    assert client.get(reverse("competences:citizen_profile", args=[citizen.pk])).status_code == 404


def test_a_citizen_s_data_export_holds_their_learning_records(citizen_client, citizen, competence):
    import json

    cb.complete(citizen, competence)
    services.self_assessment_save(citizen=citizen, competence=competence, level=3)
    someone_else = CitizenFactory()
    cb.LessonReadFactory(citizen=someone_else, competence=competence)

    data = json.loads(citizen_client.get(reverse("export_data")).content)

    section = data["competences"]
    assert section["show_on_public_profile"] is False
    assert [r["competence"] for r in section["lessons_read"]] == [competence.slug]
    [attempt] = section["quiz_attempts"]
    assert (attempt["competence"], attempt["score"], attempt["passed"]) == (
        competence.slug,
        2,
        True,
    )
    [assessment] = section["self_assessments"]
    assert (assessment["competence"], assessment["level"]) == (competence.slug, 3)
    assert "competences" not in data["challenges"]


# --- Aggregates pages -----------------------------------------------------------------------------


def test_the_place_page_shows_fewer_than_10_for_small_groups(client, world, competence):
    for _ in range(12):
        cb.complete(CitizenFactory(home=world.places.lyon), competence)
    CitizenFactory(home=world.places.paris)

    text = client.get(
        reverse("competences:place", args=[world.places.france.slug])
    ).content.decode()

    assert "13 citizens counted." in text
    assert "<td>12</td>" in text
    assert "fewer than 10" in text  # the personal and social areas: 0
    paris = client.get(reverse("competences:place", args=[world.places.paris.slug]))
    assert "Fewer than 10 citizens are counted here: the figures are not shown." in (
        paris.content.decode()
    )


def test_an_organisation_has_no_competence_statistics(client, world):
    url = reverse("competences:place", args=[world.organisations.ecb.slug])

    assert client.get(url).status_code == 404


def test_the_space_page_links_to_its_statistics(client, world):
    text = client.get(world.places.lyon.get_absolute_url()).content.decode()

    assert reverse("competences:place", args=[world.places.lyon.slug]) in text


def test_the_chapter_page_links_to_its_statistics(client, chapter, competence):
    text = client.get(chapter.get_absolute_url()).content.decode()
    url = reverse("competences:chapter", args=[chapter.slug])

    assert url in text
    stats = client.get(url).content.decode()
    assert "Fewer than 10 citizens are counted here" in stats


# --- Study circles --------------------------------------------------------------------------------


@pytest.fixture
def circle(chapter, competence, organiser, outsider):
    start = timezone.now() - timedelta(hours=3)
    meeting = Meeting.objects.create(
        chapter=chapter,
        title="Study circle",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Lyon",
        competence=competence,
        created_by=organiser,
    )
    RSVP.objects.create(meeting=meeting, citizen=outsider)
    return meeting


def test_an_organiser_records_who_came_and_it_shows_in_their_progress(
    client_as, organiser, outsider, circle, competence
):
    url = reverse("competences:meeting_attendance", args=[circle.chapter.slug, circle.pk])
    client = client_as(organiser)

    assert "Otto Outsider" in client.get(url).content.decode()
    response = client.post(url, {"attended": [str(outsider.pk)]})

    assert response.status_code == 302
    assert RSVP.objects.get(meeting=circle, citizen=outsider).attended is True
    mine = client_as(outsider).get(reverse("competences:mine")).content.decode()
    assert "Study circle attended" in mine


def test_recording_who_came_from_the_page_is_audited(client_as, organiser, outsider, circle):
    from civic.audit.models import AuditEntry

    url = reverse("competences:meeting_attendance", args=[circle.chapter.slug, circle.pk])

    client_as(organiser).post(url, {"attended": [str(outsider.pk)]})

    [row] = AuditEntry.objects.filter(action="meeting.attendance")
    assert (row.actor, row.object_id, row.space) == (organiser, circle.pk, circle.chapter.space)


def test_a_member_cannot_record_attendance(client_as, outsider, circle):
    url = reverse("competences:meeting_attendance", args=[circle.chapter.slug, circle.pk])

    assert client_as(outsider).post(url, {"attended": [str(outsider.pk)]}).status_code == 403
    assert RSVP.objects.get(meeting=circle, citizen=outsider).attended is None


def test_the_meeting_page_names_its_competence_and_links_to_attendance(
    client_as, organiser, circle
):
    text = client_as(organiser).get(circle.get_absolute_url()).content.decode()

    assert "Study circle on" in text and "Title who-is-responsible" in text
    assert reverse("competences:meeting_attendance", args=[circle.chapter.slug, circle.pk]) in text


def test_organisers_pick_a_competence_when_scheduling_a_meeting(
    client_as, organiser, chapter, competence, areas
):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)
    client = client_as(organiser)
    url = reverse("chapters:meeting_create", args=[chapter.slug])

    form = client.get(url).content.decode()
    assert "Study circle on" in form and "Title who-is-responsible" in form
    assert "Title draft" not in form

    start = timezone.localtime() + timedelta(days=7)
    response = client.post(
        url,
        {
            "title": "Who decides what?",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Maison des associations",
            "competence": str(competence.pk),
        },
    )

    assert response.status_code == 302
    assert Meeting.objects.get(title="Who decides what?").competence == competence
    assert draft.study_circles.count() == 0


def test_a_lesson_lists_its_upcoming_study_circles(client, circle, competence):
    Meeting.objects.filter(pk=circle.pk).update(
        starts_at=timezone.now() + timedelta(days=2), ends_at=timezone.now() + timedelta(days=3)
    )

    text = client.get(competence.get_absolute_url()).content.decode()

    assert "Study circle" in text and circle.get_absolute_url() in text


# --- Woven into the platform ----------------------------------------------------------------------


@pytest.fixture
def woven(areas):
    return {
        slug: cb.make_competence(areas[kind], slug)
        for slug, kind in [
            ("who-is-responsible", cb.Kind.SOCIETAL),
            ("proposal-to-policy", cb.Kind.SOCIETAL),
            ("elections-and-mtr", cb.Kind.SOCIETAL),
            ("constructive-dialogue", cb.Kind.SOCIAL),
        ]
    }


def test_the_who_is_responsible_answer_links_to_the_levels_of_government(client, world, woven):
    response = client.get(
        reverse("jurisdictions:responsible"),
        {"topic": world.topics.household_waste.slug, "place": world.places.lyon.pk},
    )

    text = response.content.decode()
    assert "is the responsibility of" in text
    assert woven["who-is-responsible"].get_absolute_url() in text


def test_the_proposal_form_links_to_how_a_proposal_becomes_policy(citizen_client, woven):
    text = citizen_client.get(reverse("proposals:create")).content.decode()

    assert woven["proposal-to-policy"].get_absolute_url() in text


def test_the_comment_form_links_to_constructive_dialogue(client_as, woven, chapter, outsider):
    text = client_as(outsider).get(chapter.get_absolute_url()).content.decode()

    assert 'name="text"' in text  # the chapter forum's comment form
    assert woven["constructive-dialogue"].get_absolute_url() in text


def test_the_fifty_fifty_page_links_to_the_mtr_competence(client, woven, global_best, staff):
    challenge = Challenge.objects.create(
        practice=global_best,
        slug="fifty-fifty",
        title="50/50",
        description="x",
        kind=Challenge.Kind.GENDER_BALANCE,
        goal=50,
    )

    text = client.get(challenge.get_absolute_url()).content.decode()

    assert woven["elections-and-mtr"].get_absolute_url() in text


def test_no_link_is_woven_to_an_unpublished_competence(client, world, woven):
    woven["who-is-responsible"].published = False
    woven["who-is-responsible"].save()

    response = client.get(
        reverse("jurisdictions:responsible"),
        {"topic": world.topics.household_waste.slug, "place": world.places.lyon.pk},
    )

    assert "/competences/who-is-responsible/" not in response.content.decode()


def test_the_main_menu_links_to_the_competences(client, db):
    assert reverse("competences:list") in client.get("/").content.decode()


def test_the_woven_links_cost_one_query_per_page(client_as, woven, chapter, outsider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(outsider)
    with CaptureQueriesContext(connection) as queries:
        client.get(chapter.get_absolute_url())

    reads = [q for q in queries.captured_queries if 'FROM "competences_competence"' in q["sql"]]
    assert len(reads) == 1
