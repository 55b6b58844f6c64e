"""Practices, assessments, the best-practice and global flags, challenges, joining and
milestones — through ``challenges.services`` with the personas of ``conftest.py``."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from challenges import services
from challenges.models import Assessment, Challenge, Participation, Practice
from chapters.models import Chapter, Membership
from jurisdictions.services import jurisdiction_create
from notifications.models import Event
from tests.challenges import factories
from tests.challenges.factories import GOOD
from tests.civic.factories import CitizenFactory
from tests.kinds import K

pytestmark = pytest.mark.django_db


def _milestones(challenge) -> list[int]:
    return [
        e.data["percent"]
        for e in Event.objects.filter(
            kind=K.CHALLENGE_MILESTONE, data__challenge=challenge.pk
        ).order_by("pk")
    ]


# --- Practices -------------------------------------------------------------------------------


def test_a_citizen_proposes_a_practice_with_a_slug_and_evidence(author):
    practice = factories.make_practice(author, title="Budget participatif à l'école")
    assert practice.slug == "budget-participatif-a-lecole"
    assert practice.created_by == author
    assert practice.evidence_links == ["https://example.org/evaluation"]
    twin = factories.make_practice(author, title="Budget participatif à l'école")
    assert twin.slug == "budget-participatif-a-lecole-2"


def test_a_practice_cannot_take_the_slug_of_the_new_practice_page(author):
    assert factories.make_practice(author, title="New").slug == "new-2"


@pytest.mark.parametrize(
    "links", [["javascript:alert(1)"], ["ftp://example.org/file"], ["not a url"]]
)
def test_evidence_links_must_be_web_addresses(author, links):
    with pytest.raises(ValidationError) as error:
        factories.make_practice(author, evidence_links=links)
    assert "evidence_links" in error.value.message_dict
    assert not Practice.objects.exists()


def test_a_practice_needs_a_title_a_known_domain_and_a_description(author):
    with pytest.raises(ValidationError) as error:
        services.practice_create(author=author, title=" ", domain="astrology", description="")
    assert set(error.value.message_dict) == {"title", "domain", "description"}


def test_an_anonymous_visitor_cannot_propose_a_practice(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        factories.make_practice(AnonymousUser())


# --- Assessments and the best-practice flag --------------------------------------------------


def test_nine_positive_assessments_are_not_enough_and_the_tenth_makes_a_best_practice(
    practice, settings
):
    settings.BEST_PRACTICE_MIN_ASSESSMENTS = 10
    factories.assess(practice, 9)
    practice.refresh_from_db()
    assert practice.assessment_count == 9
    assert not practice.is_best_practice

    factories.assess(practice, 1)
    practice.refresh_from_db()
    assert practice.assessment_count == 10
    assert practice.is_best_practice
    assert (practice.mean_citizens, practice.mean_collectivities, practice.mean_governments) == (
        1.0,
        1.0,
        1.0,
    )
    assert practice.freedom_yes_count == 10


def test_the_threshold_follows_the_setting(practice, settings):
    settings.BEST_PRACTICE_MIN_ASSESSMENTS = 3
    factories.assess(practice, 3)
    practice.refresh_from_db()
    assert practice.is_best_practice


def test_a_negative_mean_on_one_dimension_is_not_a_best_practice(practice, settings):
    settings.BEST_PRACTICE_MIN_ASSESSMENTS = 10
    factories.assess(practice, 6)
    factories.assess(practice, 4, rating_governments=-2)  # mean (6 − 8) / 10 = −0.2
    practice.refresh_from_db()
    assert practice.mean_governments == pytest.approx(-0.2)
    assert not practice.is_best_practice


def test_a_zero_mean_is_not_positive(practice, settings):
    settings.BEST_PRACTICE_MIN_ASSESSMENTS = 2
    factories.assess(practice, 1, rating_citizens=1)
    factories.assess(practice, 1, rating_citizens=-1)
    practice.refresh_from_db()
    assert practice.mean_citizens == 0
    assert not practice.is_best_practice


def test_freedom_needs_a_majority_of_yes_more_than_half(practice, settings):
    settings.BEST_PRACTICE_MIN_ASSESSMENTS = 10
    factories.assess(practice, 5)
    factories.assess(practice, 5, freedom="partly")  # exactly half: not a majority
    practice.refresh_from_db()
    assert practice.freedom_yes_count == 5
    assert not practice.is_best_practice

    factories.assess(practice, 1)  # 6 of 11
    practice.refresh_from_db()
    assert practice.is_best_practice


def test_a_citizen_assesses_once_and_editing_updates_the_same_assessment(practice, citizen):
    _first, created = services.assessment_save(practice=practice, citizen=citizen, **GOOD)
    assert created
    changed = {**GOOD, "rating_citizens": -2, "freedom": "no", "comment": "On reflection, no."}
    assessment, created = services.assessment_save(practice=practice, citizen=citizen, **changed)

    assert not created
    assert Assessment.objects.filter(practice=practice).count() == 1
    assert assessment.rating_citizens == -2 and assessment.comment == "On reflection, no."
    practice.refresh_from_db()
    assert practice.assessment_count == 1
    assert practice.mean_citizens == -2
    assert practice.freedom_yes_count == 0


def test_the_aggregates_are_recomputed_with_one_aggregate_query(practice, citizen):
    with CaptureQueriesContext(connection) as queries:
        services.assessment_save(practice=practice, citizen=citizen, **GOOD)
    aggregates = [q["sql"] for q in queries if "AVG(" in q["sql"].upper()]
    assert len(aggregates) == 1
    assert "COUNT(" in aggregates[0].upper()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"rating_citizens": 3}, "rating_citizens"),
        ({"rating_collectivities": -3}, "rating_collectivities"),
        ({"rating_governments": "1"}, "rating_governments"),
        ({"freedom": "maybe"}, "freedom"),
        ({"comment": "x" * 2001}, "comment"),
    ],
)
def test_out_of_range_assessments_are_refused(practice, citizen, values, field):
    with pytest.raises(ValidationError) as error:
        services.assessment_save(practice=practice, citizen=citizen, **{**GOOD, **values})
    assert field in error.value.message_dict
    assert not Assessment.objects.exists()


def test_an_anonymous_visitor_cannot_assess(practice):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.assessment_save(practice=practice, citizen=AnonymousUser(), **GOOD)


def test_staff_deleting_an_assessment_recomputes_the_aggregates(practice, staff, settings):
    settings.BEST_PRACTICE_MIN_ASSESSMENTS = 2
    first, _second = factories.assess(practice, 2)
    practice.refresh_from_db()
    assert practice.is_best_practice
    services.assessment_delete(assessment=first, actor=staff)
    practice.refresh_from_db()
    assert practice.assessment_count == 1
    assert not practice.is_best_practice


# --- The global flag -------------------------------------------------------------------------


def test_implemented_in_three_nations_is_global_and_in_two_is_not(world, author):
    places = world.places
    belgium = factories.make_nation("Belgium", "BE")
    brussels = jurisdiction_create(name="Bruxelles", kind="city", parent=belgium)
    # Paris and Lyon are both in France: two places, one nation.
    practice = factories.make_practice(author, places=[places.paris, places.lyon, places.montreal])
    assert services.implementing_nation_count(practice) == 2
    assert not practice.is_global

    # An organisation counts for no nation.
    services.practice_add_place(
        practice=practice, place=world.organisations.european_union, actor=author
    )
    practice.refresh_from_db()
    assert not practice.is_global

    services.practice_add_place(practice=practice, place=brussels, actor=author)
    practice.refresh_from_db()
    assert practice.is_global
    assert services.implementing_nation_count(practice) == 3


def test_the_nation_count_is_one_query(world, author):
    places = world.places
    practice = factories.make_practice(author, places=[places.paris, places.lyon, places.quebec])
    with CaptureQueriesContext(connection) as queries:
        assert services.implementing_nation_count(practice) == 2
    assert len(queries) == 1


def test_staff_can_declare_a_practice_global(practice, staff):
    services.practice_update(practice=practice, actor=staff, declared_global=True)
    practice.refresh_from_db()
    assert practice.is_global and practice.declared_global
    services.practice_update(practice=practice, actor=staff, declared_global=False)
    practice.refresh_from_db()
    assert not practice.is_global


def test_a_citizen_cannot_declare_a_practice_global_even_its_author(practice, author):
    with pytest.raises(PermissionDenied):
        services.practice_update(practice=practice, actor=author, declared_global=True)


def test_only_the_author_or_staff_add_implementing_places(world, practice, citizen, staff):
    with pytest.raises(PermissionDenied):
        services.practice_add_place(practice=practice, place=world.places.paris, actor=citizen)
    assert services.practice_add_place(practice=practice, place=world.places.paris, actor=staff)
    assert not services.practice_add_place(
        practice=practice, place=world.places.paris, actor=practice.created_by
    )


# --- Challenges ------------------------------------------------------------------------------


def test_staff_create_a_challenge_from_a_global_best_practice(global_best, staff):
    challenge = factories.make_challenge(global_best, staff)
    assert challenge.practice == global_best
    assert challenge.slug == "5050-gender-balanced-legislative-assemblies"
    assert (challenge.goal, challenge.participant_count, challenge.milestone_announced) == (
        50,
        0,
        0,
    )


def test_a_best_practice_that_is_not_global_cannot_become_a_challenge(practice, staff, settings):
    factories.assess(practice, settings.BEST_PRACTICE_MIN_ASSESSMENTS)
    practice.refresh_from_db()
    assert practice.is_best_practice and not practice.is_global
    with pytest.raises(ValidationError) as error:
        factories.make_challenge(practice, staff)
    assert "global best practice" in error.value.message_dict["practice"][0]
    assert not Challenge.objects.exists()


def test_a_global_practice_that_is_not_best_cannot_become_a_challenge(practice, staff):
    services.practice_update(practice=practice, actor=staff, declared_global=True)
    with pytest.raises(ValidationError) as error:
        factories.make_challenge(practice, staff)
    assert "is not one yet" in error.value.message_dict["practice"][0]


def test_a_citizen_cannot_create_a_challenge(global_best, citizen):
    with pytest.raises(PermissionDenied):
        factories.make_challenge(global_best, citizen)


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"goal": 0}, "goal"), ({"title": ""}, "title"), ({"kind": "war"}, "kind")],
)
def test_a_challenge_needs_a_goal_a_title_and_a_known_kind(global_best, staff, fields, field):
    with pytest.raises(ValidationError) as error:
        factories.make_challenge(global_best, staff, **fields)
    assert field in error.value.message_dict


def test_a_deadline_must_be_in_the_future(global_best, staff):
    from datetime import date

    with pytest.raises(ValidationError) as error:
        factories.make_challenge(global_best, staff, deadline=date(2020, 1, 1))
    assert "deadline" in error.value.message_dict


# --- Joining, progress and milestones --------------------------------------------------------


def test_joining_thirteen_of_fifty_announces_25_percent_once(world, challenge, organiser):
    followers = [CitizenFactory() for _ in range(2)]
    for follower in followers:
        services.challenge_follow(challenge=challenge, citizen=follower)
    chapters = factories.make_local_chapters(13, organiser, parent=world.places.rhone)

    for n, chapter in enumerate(chapters, start=1):
        services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
        challenge.refresh_from_db()
        assert challenge.participant_count == n
        assert _milestones(challenge) == ([] if n < 13 else [25])

    assert challenge.progress_percent == 26
    assert challenge.milestone_announced == 25
    [event] = Event.objects.filter(kind=K.CHALLENGE_MILESTONE)
    assert event.data == {
        "challenge": challenge.pk,
        "title": challenge.title,
        "percent": 25,
        "url": f"/challenges/{challenge.slug}/",
    }


def test_followers_receive_the_milestone_in_their_inbox(
    world, global_best, staff, organiser, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    challenge = factories.make_challenge(global_best, staff, goal=4)
    follower, bystander = CitizenFactory(), CitizenFactory()
    services.challenge_follow(challenge=challenge, citizen=follower)
    [chapter] = factories.make_local_chapters(1, organiser, parent=world.places.rhone)
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)

    assert list(Notification.objects.values_list("recipient_id", "kind")) == [
        (follower.pk, K.CHALLENGE_MILESTONE)
    ]
    assert not Notification.objects.filter(recipient=bystander).exists()


def test_leaving_and_joining_again_announces_nothing_twice(world, global_best, staff, organiser):
    challenge = factories.make_challenge(global_best, staff, goal=4)
    first, second = factories.make_local_chapters(2, organiser, parent=world.places.rhone)

    services.challenge_join(chapter=first, challenge=challenge, actor=organiser)
    assert _milestones(challenge) == [25]
    assert services.challenge_leave(chapter=first, challenge=challenge, actor=organiser)
    challenge.refresh_from_db()
    assert (challenge.participant_count, challenge.milestone_announced) == (0, 25)

    services.challenge_join(chapter=first, challenge=challenge, actor=organiser)
    assert _milestones(challenge) == [25]
    services.challenge_join(chapter=second, challenge=challenge, actor=organiser)
    assert _milestones(challenge) == [25, 50]
    challenge.refresh_from_db()
    assert challenge.participant_count == 2


def test_every_milestone_is_announced_once_up_to_100_percent(world, global_best, staff, organiser):
    challenge = factories.make_challenge(global_best, staff, goal=8)
    chapters = factories.make_local_chapters(9, organiser, parent=world.places.rhone)
    for chapter in chapters:
        services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    assert _milestones(challenge) == [25, 50, 75, 100]
    challenge.refresh_from_db()
    assert (challenge.participant_count, challenge.progress_percent) == (9, 100)


def test_a_join_that_crosses_two_milestones_announces_the_highest(
    world, global_best, staff, organiser
):
    challenge = factories.make_challenge(global_best, staff, goal=3)
    chapters = factories.make_local_chapters(3, organiser, parent=world.places.rhone)
    for chapter in chapters:
        services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    # 1/3 = 33 % → 25; 2/3 = 67 % → 50; 3/3 → 100 (75 is passed over, not announced late).
    assert _milestones(challenge) == [25, 50, 100]


def test_a_chapter_joins_a_challenge_once(challenge, chapter, organiser):
    services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    with pytest.raises(ValidationError) as error:
        services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    assert "already takes part" in error.value.messages[0]
    challenge.refresh_from_db()
    assert challenge.participant_count == 1


def test_a_member_who_is_not_an_organiser_cannot_join_the_chapter(challenge, chapter, outsider):
    with pytest.raises(PermissionDenied):
        services.challenge_join(chapter=chapter, challenge=challenge, actor=outsider)
    assert not Participation.objects.exists()


def test_an_organiser_of_another_chapter_cannot_join_this_one(world, challenge, chapter):
    other = CitizenFactory()
    factories.make_chapter(world.places.paris, organiser=other)
    with pytest.raises(PermissionDenied):
        services.challenge_join(chapter=chapter, challenge=challenge, actor=other)


def test_a_pending_or_former_organiser_cannot_join(challenge, chapter, citizen):
    Membership.objects.create(
        chapter=chapter,
        citizen=citizen,
        role=Membership.Role.ORGANISER,
        status=Membership.Status.PENDING,
    )
    with pytest.raises(PermissionDenied):
        services.challenge_join(chapter=chapter, challenge=challenge, actor=citizen)


def test_staff_can_join_any_chapter_and_take_it_out(challenge, chapter, staff, outsider):
    services.challenge_join(chapter=chapter, challenge=challenge, actor=staff)
    with pytest.raises(PermissionDenied):
        services.challenge_leave(chapter=chapter, challenge=challenge, actor=outsider)
    assert services.challenge_leave(chapter=chapter, challenge=challenge, actor=staff)
    assert not services.challenge_leave(chapter=chapter, challenge=challenge, actor=staff)
    challenge.refresh_from_db()
    assert challenge.participant_count == 0


def test_the_peace_challenge_takes_national_chapters_of_un_member_states(
    world, staff, organiser, chapter
):
    practice = factories.make_global_best(
        factories.make_practice(title="A Department of Peace"), staff
    )
    peace = factories.make_challenge(
        practice, staff, title="Department of Peace", kind=Challenge.Kind.PEACE, goal=193
    )
    with pytest.raises(ValidationError) as error:
        services.challenge_join(chapter=chapter, challenge=peace, actor=organiser)
    assert "is a local chapter" in error.value.messages[0]

    kosovo = factories.make_nation("Kosovo", "XK")
    not_member = factories.make_chapter(kosovo, kind=Chapter.Kind.NATIONAL, organiser=organiser)
    with pytest.raises(ValidationError) as error:
        services.challenge_join(chapter=not_member, challenge=peace, actor=organiser)
    assert "not a member state of the United Nations" in error.value.messages[0]

    france = factories.make_chapter(
        world.places.france, kind=Chapter.Kind.NATIONAL, organiser=organiser
    )
    services.challenge_join(chapter=france, challenge=peace, actor=organiser)
    peace.refresh_from_db()
    assert peace.participant_count == 1


def test_following_is_idempotent_and_unfollowing_removes_it(challenge, citizen):
    assert services.challenge_follow(challenge=challenge, citizen=citizen)
    assert not services.challenge_follow(challenge=challenge, citizen=citizen)
    assert services.challenge_unfollow(challenge=challenge, citizen=citizen)
    assert not services.challenge_unfollow(challenge=challenge, citizen=citizen)
