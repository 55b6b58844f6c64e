"""Reads of citizen competences: what "completed" means, a citizen's progress, the public
profile, and the aggregates of a place and a chapter (never below 10 citizens)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chapters.models import RSVP, Meeting, Membership
from civic.competences import selectors, services
from tests.civic.competences import factories as cb
from tests.civic.factories import CitizenFactory


@pytest.fixture
def framework(areas):
    """Personal: 2 competences; social: 1; societal: 1."""
    return {
        "freedom": cb.make_competence(areas[cb.Kind.PERSONAL], "freedom", order=1),
        "biases": cb.make_competence(areas[cb.Kind.PERSONAL], "biases", order=2),
        "dialogue": cb.make_competence(areas[cb.Kind.SOCIAL], "dialogue"),
        "levels": cb.make_competence(areas[cb.Kind.SOCIETAL], "levels"),
    }


def _by_slug(progress) -> dict:
    return {c.slug: c for area in progress for c in area.competences}


# --- What "completed" means -----------------------------------------------------------------------


def test_a_lesson_read_and_a_quiz_passed_complete_a_competence(citizen, framework):
    cb.complete(citizen, framework["freedom"])

    freedom = _by_slug(selectors.citizen_progress(citizen))["freedom"]

    assert (freedom.read, freedom.passed, freedom.completed, freedom.started) == (
        True,
        True,
        True,
        True,
    )
    assert (freedom.best_score, freedom.best_total) == (2, 2)


def test_a_quiz_passed_without_reading_the_lesson_is_not_completed(citizen, framework):
    competence = framework["freedom"]
    services.quiz_submit(
        citizen=citizen, competence=competence, answers=cb.right_answers(competence)
    )

    freedom = _by_slug(selectors.citizen_progress(citizen))["freedom"]

    assert freedom.passed and not freedom.read
    assert not freedom.completed and freedom.started


def test_a_lesson_read_with_a_failed_quiz_is_started_not_completed(citizen, framework):
    competence = framework["freedom"]
    services.lesson_mark_read(citizen=citizen, competence=competence)
    services.quiz_submit(
        citizen=citizen, competence=competence, answers=cb.wrong_answers(competence)
    )

    freedom = _by_slug(selectors.citizen_progress(citizen))["freedom"]

    assert freedom.read and not freedom.passed and not freedom.completed
    assert (freedom.best_score, freedom.best_total) == (0, 2)


def test_a_self_assessment_alone_counts_as_started(citizen, framework):
    services.self_assessment_save(citizen=citizen, competence=framework["dialogue"], level=2)

    dialogue = _by_slug(selectors.citizen_progress(citizen))["dialogue"]

    assert dialogue.started and not dialogue.completed
    assert dialogue.self_level == 2


def test_attending_a_study_circle_counts_as_learning_it(citizen, framework, chapter, organiser):
    competence = framework["levels"]
    Membership.objects.create(chapter=chapter, citizen=citizen)
    start = timezone.now() - timedelta(days=1)
    meeting = Meeting.objects.create(
        chapter=chapter,
        title="Circle",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Lyon",
        competence=competence,
        created_by=organiser,
    )
    RSVP.objects.create(meeting=meeting, citizen=citizen)
    services.study_circle_attendance_set(actor=organiser, meeting=meeting, attended=[citizen.pk])
    services.quiz_submit(
        citizen=citizen, competence=competence, answers=cb.right_answers(competence)
    )

    levels = _by_slug(selectors.citizen_progress(citizen))["levels"]

    assert levels.attended and not levels.read
    assert levels.completed


def test_an_area_is_completed_when_all_its_competences_are(citizen, framework):
    cb.complete(citizen, framework["freedom"])
    personal = selectors.citizen_progress(citizen)[0]
    assert (personal.completed, personal.total, personal.is_completed) == (1, 2, False)

    cb.complete(citizen, framework["biases"])
    personal = selectors.citizen_progress(citizen)[0]
    assert (personal.completed, personal.total, personal.is_completed, personal.percent) == (
        2,
        2,
        True,
        100,
    )


def test_unpublished_competences_and_areas_are_not_counted(citizen, framework, areas):
    cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)
    areas[cb.Kind.SOCIAL].published = False
    areas[cb.Kind.SOCIAL].save()

    progress = selectors.citizen_progress(citizen)

    assert [p.area.kind for p in progress] == ["personal", "societal"]
    assert progress[0].total == 2


def test_the_progress_page_reads_in_two_queries(citizen, framework, django_assert_num_queries):
    for competence in framework.values():
        cb.complete(citizen, competence)

    with django_assert_num_queries(2):
        progress = selectors.citizen_progress(citizen)

    assert sum(area.completed for area in progress) == 4


# --- The public profile ---------------------------------------------------------------------------


def test_completed_areas_are_not_public_by_default(citizen, framework):
    cb.complete(citizen, framework["dialogue"])

    assert selectors.public_completed_areas(citizen) == []


def test_completed_areas_are_public_once_the_citizen_opts_in(citizen, framework, areas):
    cb.complete(citizen, framework["dialogue"])
    cb.complete(citizen, framework["freedom"])  # personal is only half done
    services.competences_visibility_set(citizen=citizen, show=True)

    assert selectors.public_completed_areas(citizen) == [areas[cb.Kind.SOCIAL]]


# --- Aggregates, never individuals ----------------------------------------------------------------


def _residents(place, n: int) -> list:
    return [CitizenFactory(home=place) for _ in range(n)]


def test_a_place_counts_the_citizens_of_the_places_within_it(world, framework):
    places = world.places
    parisians = _residents(places.paris, 6)
    lyonnais = _residents(places.lyon, 6)
    _residents(places.montreal, 12)
    for citizen in parisians[:5] + lyonnais[:5]:
        services.lesson_mark_read(citizen=citizen, competence=framework["dialogue"])
    for citizen in parisians + lyonnais:
        cb.complete(citizen, framework["levels"])

    france = selectors.group_competence_stats(selectors.place_citizens(places.france))

    assert france.size.value == 12
    social, societal = (row for row in france.areas if row.area.kind != "personal")
    assert (social.started.value, social.completed.value) == (10, None)  # 0 completed: hidden
    assert (societal.started.value, societal.completed.value) == (12, 12)
    idf = selectors.group_competence_stats(selectors.place_citizens(places.ile_de_france))
    assert idf.hidden and idf.size.value is None  # 6 Parisians only


def test_a_group_under_ten_citizens_shows_no_figure(world, framework):
    for citizen in _residents(world.places.lyon, 9):
        cb.complete(citizen, framework["levels"])

    stats = selectors.group_competence_stats(selectors.place_citizens(world.places.lyon))

    assert stats.hidden
    assert all(row.started.hidden and row.completed.hidden for row in stats.areas)


def test_ten_citizens_are_shown_and_nine_of_them_are_not(world, framework):
    citizens = _residents(world.places.lyon, 10)
    for citizen in citizens:
        cb.complete(citizen, framework["levels"])
    for citizen in citizens[:9]:
        cb.complete(citizen, framework["dialogue"])

    stats = selectors.group_competence_stats(selectors.place_citizens(world.places.lyon))
    rows = {row.area.kind: row for row in stats.areas}

    assert stats.size.value == 10
    assert (rows["societal"].started.value, rows["societal"].completed.value) == (10, 10)
    assert rows["social"].started.hidden and rows["social"].completed.hidden  # 9
    assert rows["personal"].started.hidden


def test_an_area_needs_every_competence_to_count_as_completed(world, framework):
    citizens = _residents(world.places.lyon, 10)
    for citizen in citizens:
        cb.complete(citizen, framework["freedom"])  # personal has two competences

    stats = selectors.group_competence_stats(selectors.place_citizens(world.places.lyon))
    personal = next(row for row in stats.areas if row.area.kind == "personal")

    assert (personal.competence_count, personal.started.value) == (2, 10)
    assert personal.completed.hidden  # 0 completed the whole area


def test_a_chapter_counts_its_active_members_only(world, framework, chapter):
    members = [CitizenFactory() for _ in range(10)]
    for member in members:
        Membership.objects.create(chapter=chapter, citizen=member)
        cb.complete(member, framework["dialogue"])
    pending = CitizenFactory()
    Membership.objects.create(chapter=chapter, citizen=pending, status=Membership.Status.PENDING)
    cb.complete(pending, framework["dialogue"])

    stats = selectors.group_competence_stats(selectors.chapter_citizens(chapter))
    social = next(row for row in stats.areas if row.area.kind == "social")

    # 10 members + the organiser + Otto (the chapter fixture's members); not the pending one.
    assert stats.size.value == 12
    assert social.completed.value == 10


def test_the_aggregates_are_one_query(world, framework, django_assert_num_queries):
    for citizen in _residents(world.places.lyon, 10):
        cb.complete(citizen, framework["levels"])
    citizens = selectors.place_citizens(world.places.lyon)

    with django_assert_num_queries(3):  # the areas, their competences, the counts
        stats = selectors.group_competence_stats(citizens)

    assert stats.size.value == 10
