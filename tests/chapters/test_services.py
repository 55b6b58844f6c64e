"""chapters.services: the rules of chapters, memberships, meetings and RSVPs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chapters import services
from chapters.models import RSVP, Chapter, Meeting, Membership
from jurisdictions.models import Jurisdiction
from jurisdictions.services import jurisdiction_create
from notifications.models import Event
from tests.chapters.factories import member_of, schedule, start_chapter
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import inbox, texts

pytestmark = pytest.mark.django_db
S = Membership.Status


def messages_of(error: ValidationError) -> list[str]:
    return error.messages


def small_city(world, *, name="Villefranche-sur-Saône", population=30_000) -> Jurisdiction:
    return jurisdiction_create(
        name=name, kind=Jurisdiction.Kind.CITY, parent=world.places.rhone, population=population
    )


def exact_count(chapter: Chapter) -> tuple[int, int]:
    chapter.refresh_from_db()
    return chapter.member_count, Membership.objects.active().filter(chapter=chapter).count()


# --- Who can have a chapter -----------------------------------------------------------------


def test_a_city_of_more_than_250000_people_can_have_a_local_chapter(lyon, organiser):
    chapter = start_chapter(lyon, organiser)

    assert chapter.kind == Chapter.Kind.LOCAL
    assert chapter.name == "Lyon chapter"
    assert chapter.slug == "lyon-chapter"
    membership = Membership.objects.get(chapter=chapter)
    assert (membership.citizen, membership.role, membership.status) == (
        organiser,
        Membership.Role.ORGANISER,
        S.ACTIVE,
    )
    assert exact_count(chapter) == (1, 1)


def test_a_smaller_city_is_refused_with_the_population_rule(world, organiser):
    town = small_city(world)

    with pytest.raises(ValidationError) as refused:
        start_chapter(town, organiser)

    assert messages_of(refused.value) == [
        "Local chapters are for cities of more than 250,000 people; "
        "Villefranche-sur-Saône has 30,000."
    ]
    assert not Chapter.objects.exists()


def test_a_city_of_exactly_the_minimum_is_refused(world, organiser):
    with pytest.raises(ValidationError, match="has 250,000"):
        start_chapter(small_city(world, name="Borderline", population=250_000), organiser)


def test_a_city_of_unknown_population_is_refused(world, organiser):
    town = jurisdiction_create(name="Nowhere", kind="city", parent=world.places.rhone)
    with pytest.raises(ValidationError, match="the population of Nowhere is not known"):
        start_chapter(town, organiser)


def test_the_minimum_comes_from_the_setting(settings, lyon, montreal, organiser):
    settings.CHAPTER_MIN_POPULATION = 600_000

    with pytest.raises(ValidationError, match="more than 600,000 people; Lyon has 520,000"):
        start_chapter(lyon, organiser)
    assert start_chapter(montreal, organiser).space == montreal


@pytest.fixture
def montreal(world):
    return world.places.montreal


def test_a_nation_has_a_national_chapter(france, organiser):
    chapter = start_chapter(france, organiser)
    assert chapter.kind == Chapter.Kind.NATIONAL
    assert chapter.name == "France national chapter"


@pytest.mark.parametrize(
    ("place", "kind", "message"),
    [
        ("france", Chapter.Kind.LOCAL, "A local chapter is for a city; France is not one."),
        ("paris", Chapter.Kind.NATIONAL, "A national chapter is for a nation; Paris is not one."),
        (
            "ile_de_france",
            Chapter.Kind.LOCAL,
            "A local chapter is for a city; Île-de-France is not one.",
        ),
    ],
)
def test_a_chapter_matches_its_place(world, organiser, place, kind, message):
    space = getattr(world.places, place)
    with pytest.raises(ValidationError) as refused:
        services.chapter_create(actor=organiser, space=space, kind=kind, organiser=organiser)
    assert messages_of(refused.value) == [message]


def test_an_organisation_has_no_chapter(world, organiser):
    with pytest.raises(ValidationError, match="Chapters are local"):
        services.chapter_create(
            actor=organiser, space=world.organisations.metropole, organiser=organiser
        )


def test_a_place_has_one_chapter_of_each_kind(paris_chapter, paris, outsider):
    with pytest.raises(ValidationError) as refused:
        start_chapter(paris, outsider, name="Another Paris chapter")

    assert messages_of(refused.value) == ["Paris already has a local chapter: Paris chapter."]
    assert Chapter.objects.filter(space=paris).count() == 1
    assert not Membership.objects.filter(citizen=outsider).exists()


def test_a_citizen_cannot_make_someone_else_organiser(lyon, organiser, outsider):
    with pytest.raises(PermissionDenied):
        services.chapter_create(actor=outsider, space=lyon, organiser=organiser)
    assert not Chapter.objects.exists()


def test_a_citizen_who_starts_a_chapter_organises_it(lyon, outsider):
    chapter = services.chapter_create(actor=outsider, space=lyon)
    assert chapter.memberships.organisers().get().citizen == outsider


def test_an_administrator_can_start_a_chapter_without_organiser(lyon, superuser, staff):
    chapter = services.chapter_create(actor=superuser, space=lyon)
    assert chapter.member_count == 0
    assert not chapter.memberships.exists()
    # Plain staff (as decision makers are) are citizens here: they organise what they start.
    national = services.chapter_create(actor=staff, space=Jurisdiction.objects.get(code="FR"))
    assert national.memberships.organisers().get().citizen == staff


def test_same_names_get_distinct_addresses(paris, lyon, organiser):
    first = start_chapter(paris, organiser, name="Citizens & Societies")
    second = start_chapter(lyon, organiser, name="Citizens & Societies")
    assert (first.slug, second.slug) == ("citizens-societies", "citizens-societies-2")


def test_outsider_cannot_edit_a_chapter(paris_chapter, member, outsider, organiser_b):
    for person in (member, outsider, organiser_b):
        with pytest.raises(PermissionDenied):
            services.chapter_update(actor=person, chapter=paris_chapter, description="Mine")
    services.chapter_update(actor=paris_chapter.memberships.organisers().get().citizen,
                            chapter=paris_chapter, description="Ours")  # fmt: skip
    paris_chapter.refresh_from_db()
    assert paris_chapter.description == "Ours"


# --- Joining, approval, leaving -------------------------------------------------------------


def test_joining_an_open_chapter_is_immediate_and_counted_once(paris_chapter, outsider):
    first = services.membership_join(citizen=outsider, chapter=paris_chapter)
    again = services.membership_join(citizen=outsider, chapter=paris_chapter)

    assert first.pk == again.pk and first.status == S.ACTIVE
    assert exact_count(paris_chapter) == (2, 2)


def test_an_approval_chapter_waits_for_the_organisers(
    lyon_chapter, organiser_b, outsider, delivered
):
    request = services.membership_join(citizen=outsider, chapter=lyon_chapter)
    assert request.status == S.PENDING
    assert exact_count(lyon_chapter) == (1, 1)

    with delivered():
        assert services.membership_approve(actor=organiser_b, membership=request)
    assert services.membership_approve(actor=organiser_b, membership=request) is False

    request.refresh_from_db()
    assert (request.status, request.decided_by) == (S.ACTIVE, organiser_b)
    assert exact_count(lyon_chapter) == (2, 2)
    assert texts(outsider) == ["Welcome to Lyon chapter: your request was approved."]
    assert inbox(outsider)[0].message.url == lyon_chapter.get_absolute_url()
    assert texts(organiser_b) == []


def test_a_declined_request_is_told_and_cannot_be_repeated(
    lyon_chapter, organiser_b, outsider, delivered
):
    request = services.membership_join(citizen=outsider, chapter=lyon_chapter)
    with delivered():
        assert services.membership_reject(actor=organiser_b, membership=request)

    assert texts(outsider) == ["Your request to join Lyon chapter was not accepted."]
    assert exact_count(lyon_chapter) == (1, 1)
    with pytest.raises(ValidationError, match="did not accept your request"):
        services.membership_join(citizen=outsider, chapter=lyon_chapter)
    assert services.membership_leave(citizen=outsider, chapter=lyon_chapter) is False
    assert Membership.objects.get(pk=request.pk).status == S.REJECTED


def test_a_declined_citizen_may_join_once_the_chapter_is_open(lyon_chapter, organiser_b, outsider):
    request = services.membership_join(citizen=outsider, chapter=lyon_chapter)
    services.membership_reject(actor=organiser_b, membership=request)
    services.chapter_update(actor=organiser_b, chapter=lyon_chapter, policy=Chapter.Policy.OPEN)

    assert services.membership_join(citizen=outsider, chapter=lyon_chapter).status == S.ACTIVE
    assert exact_count(lyon_chapter) == (2, 2)


def test_outsider_cannot_decide_a_request(
    lyon_chapter, paris_chapter, organiser, outsider, member, superuser
):
    request = services.membership_join(citizen=outsider, chapter=lyon_chapter)
    for person in (organiser, member, outsider):  # the organiser of *another* chapter too
        with pytest.raises(PermissionDenied):
            services.membership_approve(actor=person, membership=request)
        with pytest.raises(PermissionDenied):
            services.membership_reject(actor=person, membership=request)
    assert Membership.objects.get(pk=request.pk).status == S.PENDING
    assert services.membership_approve(actor=superuser, membership=request)


def test_plain_staff_cannot_decide_a_request(lyon_chapter, outsider, staff):
    request = services.membership_join(citizen=outsider, chapter=lyon_chapter)
    with pytest.raises(PermissionDenied):
        services.membership_approve(actor=staff, membership=request)


def test_leaving_is_counted_and_withdrawing_a_request_is_not(
    paris_chapter, lyon_chapter, member, outsider
):
    assert services.membership_leave(citizen=member, chapter=paris_chapter)
    assert exact_count(paris_chapter) == (1, 1)
    assert services.membership_leave(citizen=member, chapter=paris_chapter) is False

    services.membership_join(citizen=outsider, chapter=lyon_chapter)
    assert services.membership_leave(citizen=outsider, chapter=lyon_chapter)
    assert exact_count(lyon_chapter) == (1, 1)
    assert not Membership.objects.filter(citizen=outsider).exists()


def test_the_last_organiser_names_a_successor_to_leave(paris_chapter, organiser, member):
    with pytest.raises(ValidationError) as refused:
        services.membership_leave(citizen=organiser, chapter=paris_chapter)
    assert messages_of(refused.value) == [
        "You are the last organiser of Paris chapter: name the member who will organise it "
        "after you."
    ]
    assert paris_chapter.memberships.organisers().get().citizen == organiser

    services.membership_leave(citizen=organiser, chapter=paris_chapter, successor=member)

    assert paris_chapter.memberships.organisers().get().citizen == member
    assert exact_count(paris_chapter) == (1, 1)


def test_the_successor_must_be_an_active_member(paris_chapter, organiser, outsider, lyon_chapter):
    with pytest.raises(ValidationError, match="must be an active member"):
        services.membership_leave(citizen=organiser, chapter=paris_chapter, successor=outsider)
    # A pending request does not make a successor either.
    services.membership_join(citizen=outsider, chapter=lyon_chapter)
    organiser_b = lyon_chapter.memberships.organisers().get().citizen
    with pytest.raises(ValidationError, match="must be an active member"):
        services.membership_leave(citizen=organiser_b, chapter=lyon_chapter, successor=outsider)


def test_the_only_member_cannot_leave(paris_chapter, organiser):
    with pytest.raises(ValidationError, match="You are the only member of Paris chapter"):
        services.membership_leave(citizen=organiser, chapter=paris_chapter)


def test_an_organiser_among_several_leaves_freely(paris_chapter, organiser, member):
    membership = paris_chapter.memberships.get(citizen=member)
    services.membership_set_role(actor=organiser, membership=membership, role="organiser")

    services.membership_leave(citizen=organiser, chapter=paris_chapter)

    assert paris_chapter.memberships.organisers().get().citizen == member


def test_the_last_organiser_cannot_be_made_a_member(paris_chapter, organiser):
    membership = paris_chapter.memberships.get(citizen=organiser)
    with pytest.raises(ValidationError, match="keeps at least one organiser"):
        services.membership_set_role(actor=organiser, membership=membership, role="member")


def test_only_organisers_name_organisers(paris_chapter, member, outsider):
    membership = paris_chapter.memberships.get(citizen=member)
    for person in (member, outsider):
        with pytest.raises(PermissionDenied):
            services.membership_set_role(actor=person, membership=membership, role="organiser")
    assert paris_chapter.memberships.get(citizen=member).role == "member"


def test_removing_a_member_keeps_the_count_and_an_organiser(paris_chapter, organiser, member):
    with pytest.raises(ValidationError, match="keeps at least one organiser"):
        services.membership_remove(
            actor=organiser, membership=paris_chapter.memberships.get(citizen=organiser)
        )
    with pytest.raises(PermissionDenied):
        services.membership_remove(
            actor=member, membership=paris_chapter.memberships.get(citizen=organiser)
        )
    assert services.membership_remove(
        actor=organiser, membership=paris_chapter.memberships.get(citizen=member)
    )
    assert exact_count(paris_chapter) == (1, 1)


def test_a_member_decides_whether_organisers_see_their_email(paris_chapter, member, outsider):
    assert services.membership_share_email(citizen=member, chapter=paris_chapter, share=True)
    assert paris_chapter.memberships.get(citizen=member).share_email is True
    services.membership_share_email(citizen=member, chapter=paris_chapter, share=False)
    assert paris_chapter.memberships.get(citizen=member).share_email is False
    with pytest.raises(ValidationError, match="Join the chapter first"):
        services.membership_share_email(citizen=outsider, chapter=paris_chapter, share=True)


def test_the_member_count_stays_exact_through_a_busy_day(lyon_chapter, organiser_b):
    people = [CitizenFactory() for _ in range(5)]
    requests = [services.membership_join(citizen=p, chapter=lyon_chapter) for p in people]
    services.membership_approve(actor=organiser_b, membership=requests[0])
    services.membership_approve(actor=organiser_b, membership=requests[1])
    services.membership_approve(actor=organiser_b, membership=requests[1])  # double click
    services.membership_reject(actor=organiser_b, membership=requests[2])
    services.membership_leave(citizen=people[0], chapter=lyon_chapter)
    services.membership_leave(citizen=people[3], chapter=lyon_chapter)  # a withdrawn request
    services.membership_join(citizen=people[1], chapter=lyon_chapter)  # already a member

    assert exact_count(lyon_chapter) == (2, 2)


# --- Meetings -------------------------------------------------------------------------------


def test_members_are_told_of_a_new_meeting(
    paris_chapter, organiser, member, outsider, lyon_chapter, delivered
):
    pending = CitizenFactory()
    services.membership_join(citizen=pending, chapter=lyon_chapter)  # another chapter
    with delivered():
        meeting = schedule(paris_chapter, organiser, title="Kick-off")

    assert texts(member) == ["Paris chapter scheduled a meeting: “Kick-off”."]
    assert inbox(member)[0].message.url == meeting.get_absolute_url()
    assert texts(organiser) == []  # who scheduled it
    assert texts(outsider) == []
    assert texts(pending) == []
    event = Event.objects.get(kind=K.MEETING_SCHEDULED)
    assert event.data == {
        "chapter": paris_chapter.pk,
        "chapter_name": "Paris chapter",
        "meeting": meeting.pk,
        "title": "Kick-off",
        "url": f"/chapters/{paris_chapter.slug}/meetings/{meeting.pk}/",
    }


def test_a_pending_request_does_not_hear_of_meetings(lyon_chapter, organiser_b, delivered):
    waiting = CitizenFactory()
    services.membership_join(citizen=waiting, chapter=lyon_chapter)
    with delivered():
        schedule(lyon_chapter, organiser_b)
    assert texts(waiting) == []


def test_outsider_cannot_schedule_or_edit_a_meeting(paris_chapter, meeting, member, outsider):
    for person in (member, outsider):
        with pytest.raises(PermissionDenied):
            schedule(paris_chapter, person)
        with pytest.raises(PermissionDenied):
            services.meeting_update(actor=person, meeting=meeting, title="Hijacked")
        with pytest.raises(PermissionDenied):
            services.meeting_delete(actor=person, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).title == "First meeting"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"hours": -1}, "ends_at", "The meeting must end after it starts."),
        ({"in_days": -1}, "starts_at", "A meeting must start in the future."),
        ({"place": ""}, "place", "Give a place or an online link (or both)."),
        ({"capacity": 0}, "capacity", "The capacity is at least 1; leave it empty for no limit."),
        (
            {"online_url": "javascript:alert(1)"},
            "online_url",
            "The online link must be a web address (http or https).",
        ),
    ],
)
def test_a_meeting_that_cannot_happen_is_refused(paris_chapter, organiser, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        schedule(paris_chapter, organiser, **fields)
    assert refused.value.message_dict[field] == [message]
    assert not Meeting.objects.exists()


def test_an_online_meeting_needs_no_place(paris_chapter, organiser):
    meeting = schedule(paris_chapter, organiser, place="", online_url="https://meet.example.org/x")
    assert meeting.online_url == "https://meet.example.org/x"


def test_an_organiser_edits_a_meeting(meeting, organiser):
    services.meeting_update(actor=organiser, meeting=meeting, title="Renamed", capacity=10)
    meeting.refresh_from_db()
    assert (meeting.title, meeting.capacity) == ("Renamed", 10)


# --- RSVPs ----------------------------------------------------------------------------------


def test_rsvps_stop_at_the_capacity(paris_chapter, organiser, member):
    meeting = schedule(paris_chapter, organiser, capacity=2)
    second = member_of(paris_chapter)
    third = member_of(paris_chapter)

    services.rsvp_add(citizen=member, meeting=meeting)
    services.rsvp_add(citizen=member, meeting=meeting)  # twice: one seat
    services.rsvp_add(citizen=second, meeting=meeting)
    with pytest.raises(ValidationError) as full:
        services.rsvp_add(citizen=third, meeting=meeting)

    assert messages_of(full.value) == ["This meeting is full: all 2 places are taken."]
    meeting.refresh_from_db()
    assert meeting.rsvp_count == 2 == RSVP.objects.filter(meeting=meeting).count()
    assert not RSVP.objects.filter(meeting=meeting, citizen=third).exists()

    assert services.rsvp_cancel(citizen=second, meeting=meeting)
    assert services.rsvp_cancel(citizen=second, meeting=meeting) is False
    services.rsvp_add(citizen=third, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.rsvp_count == 2


def test_the_capacity_cannot_drop_below_the_rsvps(paris_chapter, organiser, member):
    meeting = schedule(paris_chapter, organiser, capacity=5)
    services.rsvp_add(citizen=member, meeting=meeting)
    services.rsvp_add(citizen=organiser, meeting=meeting)
    with pytest.raises(ValidationError, match="2 people already said they will come"):
        services.meeting_update(actor=organiser, meeting=meeting, capacity=1)


def test_outsider_cannot_rsvp(meeting, outsider, lyon_chapter):
    organiser_b = lyon_chapter.memberships.organisers().get().citizen
    for person in (outsider, organiser_b):
        with pytest.raises(PermissionDenied):
            services.rsvp_add(citizen=person, meeting=meeting)
    assert meeting.rsvps.count() == 0


def test_a_meeting_that_is_over_takes_no_rsvp(meeting, member):
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="This meeting is over"):
        services.rsvp_add(citizen=member, meeting=meeting)


def test_leaving_frees_ones_seats(paris_chapter, organiser, member):
    meeting = schedule(paris_chapter, organiser, capacity=3)
    services.rsvp_add(citizen=member, meeting=meeting)

    services.membership_leave(citizen=member, chapter=paris_chapter)

    meeting.refresh_from_db()
    assert meeting.rsvp_count == 0
    assert not RSVP.objects.filter(citizen=member).exists()


def test_organisers_hear_of_a_request_to_join(lyon_chapter, organiser_b, outsider, delivered):
    asking = CitizenFactory(display_name="Paul Demande")
    with delivered():
        services.membership_join(citizen=asking, chapter=lyon_chapter)

    assert texts(organiser_b) == ["Paul Demande asked to join Lyon chapter."]
    assert inbox(organiser_b)[0].message.url == lyon_chapter.get_absolute_url()
    assert texts(asking) == [] and texts(outsider) == []


def test_joining_an_open_chapter_asks_nobody(paris_chapter, organiser, delivered):
    with delivered():
        services.membership_join(citizen=CitizenFactory(), chapter=paris_chapter)
    assert texts(organiser) == []
