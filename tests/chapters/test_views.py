"""The chapter pages: reading, joining, leaving, organising, meetings, RSVPs and the forum."""

from __future__ import annotations

import pytest
from django.urls import reverse

from challenges.models import Challenge, Participation, Practice
from chapters import services
from chapters.models import RSVP, Chapter, Meeting, Membership
from jurisdictions.services import jurisdiction_create
from proposals.discussions import services as discussion_services
from proposals.discussions.models import Comment
from tests.chapters.factories import member_of, schedule
from tests.notifications.factories import texts

pytestmark = pytest.mark.django_db
S = Membership.Status


def url(name: str, chapter: Chapter, **kwargs) -> str:
    return reverse(f"chapters:{name}", kwargs={"slug": chapter.slug, **kwargs})


def page_text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def challenge(db):
    practice = Practice.objects.create(
        title="Mixed Territorial Representation",
        slug="mtr",
        domain="elections",
        description="Pair districts.",
    )
    return Challenge.objects.create(
        practice=practice, slug="50-50", title="The 50/50 Challenge", description="…", goal=50
    )


# --- The chapter page -----------------------------------------------------------------------


def test_the_page_shows_what_a_visitor_needs(client, paris_chapter, organiser, member, challenge):
    services.chapter_update(
        actor=organiser, chapter=paris_chapter, description="We meet **monthly**."
    )
    meeting = schedule(paris_chapter, organiser, title="Kick-off", capacity=20)
    Participation.objects.create(challenge=challenge, chapter=paris_chapter)
    discussion_services.comment_post(author=member, text="Hello everyone", chapter=paris_chapter)

    response = client.get(paris_chapter.get_absolute_url())

    text = page_text(response)
    assert response.status_code == 200
    assert "<strong>monthly</strong>" in text
    assert "Olga Organiser" in text  # organisers by public name
    assert "2 members" in text
    assert meeting.title in text and "0 of 20 places taken" in text
    assert "The 50/50 Challenge" in text and challenge.get_absolute_url() in text
    assert "Hello everyone" in text and "Marie Membre" in text
    assert reverse("discussions:code_of_conduct") in text
    assert "Log in to join the chapter" in text
    assert url("calendar", paris_chapter) in text
    assert "marie@example.org" not in text and "olga@example.org" not in text


def test_the_page_reads_a_bounded_number_of_queries(
    client_as, paris_chapter, organiser, django_assert_num_queries
):
    people = [member_of(paris_chapter) for _ in range(6)]
    for n in range(5):
        schedule(paris_chapter, organiser, title=f"Meeting {n}", in_days=n + 1)
    for person in people:
        comment = discussion_services.comment_post(author=person, text="Hi", chapter=paris_chapter)
        discussion_services.comment_post(author=organiser, text="Welcome", parent=comment)
    client = client_as(organiser)

    with django_assert_num_queries(17):
        response = client.get(paris_chapter.get_absolute_url())
    assert response.status_code == 200


def test_an_unknown_chapter_is_404(client, db):
    assert client.get("/chapters/nowhere/").status_code == 404


def test_the_list_finds_chapters_by_name_or_place(client, paris_chapter, lyon_chapter):
    response = client.get(reverse("chapters:list"), {"q": "lyon"})
    text = page_text(response)
    assert "Lyon chapter" in text and "Paris chapter" not in text
    assert "more than 250,000 people" in text


# --- The place's page -----------------------------------------------------------------------


def test_a_big_citys_page_offers_to_start_its_chapter(client, lyon, paris_chapter, paris):
    assert "Start a chapter" in page_text(client.get(lyon.get_absolute_url()))
    paris_page = page_text(client.get(paris.get_absolute_url()))
    assert "Paris chapter" in paris_page and "Start a chapter" not in paris_page


def test_a_small_towns_page_states_the_rule(client, world):
    town = jurisdiction_create(
        name="Villefranche", kind="city", parent=world.places.rhone, population=30_000
    )
    text = page_text(client.get(town.get_absolute_url()))
    rule = "Local chapters are for cities of more than 250,000 people; Villefranche has 30,000."
    assert rule in text
    assert "Start a chapter" not in text


# --- Starting and editing -------------------------------------------------------------------


def test_a_citizen_starts_the_chapter_of_a_big_city(client_as, lyon, outsider):
    client = client_as(outsider)
    create = reverse("chapters:create", kwargs={"slug": lyon.slug})
    assert client.get(create).status_code == 200

    response = client.post(create, {"name": "Lyon together", "description": "", "policy": "open"})

    chapter = Chapter.objects.get(space=lyon)
    assert response.status_code == 302 and response["Location"] == chapter.get_absolute_url()
    assert chapter.memberships.organisers().get().citizen == outsider


def test_starting_a_chapter_of_a_small_town_is_refused(client_as, world, outsider):
    town = jurisdiction_create(
        name="Villefranche", kind="city", parent=world.places.rhone, population=30_000
    )
    client = client_as(outsider)
    create = reverse("chapters:create", kwargs={"slug": town.slug})

    page = client.get(create)
    client.post(create, {"name": "Mine", "policy": "open"})

    assert "Villefranche has 30,000." in page_text(page)
    assert not Chapter.objects.exists()


def test_a_second_chapter_for_paris_is_refused_with_a_message(client_as, paris_chapter, outsider):
    create = reverse("chapters:create", kwargs={"slug": paris_chapter.space.slug})
    response = client_as(outsider).get(create)
    assert "Paris already has a local chapter: Paris chapter." in page_text(response)


def test_starting_a_chapter_needs_an_account(client, lyon):
    response = client.get(reverse("chapters:create", kwargs={"slug": lyon.slug}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_outsider_cannot_edit_the_chapter(client_as, paris_chapter, member, outsider, organiser_b):
    for person in (member, outsider, organiser_b):
        client = client_as(person)
        assert client.get(url("edit", paris_chapter)).status_code == 403
        response = client.post(
            url("edit", paris_chapter), {"name": "Taken", "description": "", "policy": "open"}
        )
        assert response.status_code == 403
    assert Chapter.objects.get(pk=paris_chapter.pk).name == "Paris chapter"


def test_an_organiser_edits_the_chapter(client_as, paris_chapter, organiser):
    response = client_as(organiser).post(
        url("edit", paris_chapter),
        {"name": "Paris chapter", "description": "New words", "policy": "approval"},
    )
    assert response.status_code == 302
    paris_chapter.refresh_from_db()
    assert (paris_chapter.description, paris_chapter.policy) == ("New words", "approval")


# --- Joining and leaving --------------------------------------------------------------------


def test_a_citizen_joins_an_open_chapter(client_as, paris_chapter, outsider):
    client = client_as(outsider)
    response = client.post(url("join", paris_chapter), follow=True)

    assert messages_of(response) == ["Welcome to Paris chapter!"]
    assert paris_chapter.memberships.get(citizen=outsider).status == S.ACTIVE
    assert "You are a member" in page_text(response)
    assert "Share my email with the organisers" in page_text(response)


def test_a_citizen_asks_to_join_and_the_organiser_approves_on_the_page(
    client_as, lyon_chapter, organiser_b, outsider, delivered
):
    response = client_as(outsider).post(url("join", lyon_chapter), follow=True)
    assert "Your request is waiting for the organisers' answer." in page_text(response)
    request = lyon_chapter.memberships.get(citizen=outsider)
    assert request.status == S.PENDING

    organiser_page = client_as(organiser_b).get(lyon_chapter.get_absolute_url())
    assert "Oscar Outsider" in page_text(organiser_page)
    with delivered():
        response = client_as(organiser_b).post(
            url("decide", lyon_chapter, pk=request.pk), {"decision": "approve"}, follow=True
        )

    assert messages_of(response) == ["Oscar Outsider is now a member."]
    assert Membership.objects.get(pk=request.pk).status == S.ACTIVE
    assert texts(outsider) == ["Welcome to Lyon chapter: your request was approved."]


def test_outsider_cannot_decide_a_request(
    client_as, lyon_chapter, paris_chapter, organiser, outsider, member
):
    request = services.membership_join(citizen=outsider, chapter=lyon_chapter)
    for person in (organiser, member, outsider):  # Olga organises Paris, not Lyon
        response = client_as(person).post(
            url("decide", lyon_chapter, pk=request.pk), {"decision": "approve"}
        )
        assert response.status_code == 403
    # Naming Lyon's request under Paris's address finds nothing.
    response = client_as(organiser).post(
        url("decide", paris_chapter, pk=request.pk), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert Membership.objects.get(pk=request.pk).status == S.PENDING


def test_a_member_shares_their_email_and_takes_it_back(client_as, paris_chapter, member):
    client = client_as(member)
    client.post(url("share_email", paris_chapter), {"share": "on"})
    assert paris_chapter.memberships.get(citizen=member).share_email is True
    client.post(url("share_email", paris_chapter), {"share": ""})
    assert paris_chapter.memberships.get(citizen=member).share_email is False


def test_a_member_leaves(client_as, paris_chapter, member):
    response = client_as(member).post(url("leave", paris_chapter), follow=True)
    assert messages_of(response) == ["You left Paris chapter."]
    paris_chapter.refresh_from_db()
    assert paris_chapter.member_count == 1


def test_the_last_organiser_names_a_successor_on_the_page(
    client_as, paris_chapter, organiser, member
):
    client = client_as(organiser)
    page = page_text(client.get(paris_chapter.get_absolute_url()))
    assert "Who organises the chapter after you?" in page and "Marie Membre" in page

    refused = client.post(url("leave", paris_chapter), follow=True)
    assert "You are the last organiser of Paris chapter" in " ".join(messages_of(refused))
    assert paris_chapter.memberships.filter(citizen=organiser).exists()

    successor = paris_chapter.memberships.get(citizen=member)
    client.post(url("leave", paris_chapter), {"successor": successor.pk})
    assert paris_chapter.memberships.organisers().get().citizen == member
    assert not paris_chapter.memberships.filter(citizen=organiser).exists()


def test_joining_needs_an_account(client, paris_chapter):
    response = client.post(url("join", paris_chapter))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert paris_chapter.memberships.count() == 1


def test_writes_are_rate_limited(client_as, settings, paris_chapter, outsider):
    settings.WRITE_RATE_LIMIT = "2/m"
    client = client_as(outsider)
    client.post(url("share_email", paris_chapter), {"share": "on"})
    client.post(url("share_email", paris_chapter), {"share": "on"})
    assert client.post(url("share_email", paris_chapter), {"share": "on"}).status_code == 429


# --- Meetings and RSVPs ---------------------------------------------------------------------


def meeting_form(**overrides) -> dict:
    data = {
        "title": "Kick-off",
        "description": "",
        "starts_at": "2099-05-04T18:30",
        "ends_at": "2099-05-04T20:30",
        "place": "Maison des associations",
        "online_url": "",
        "capacity": "",
    }
    data.update(overrides)
    return data


def test_an_organiser_schedules_a_meeting_and_members_are_told(
    client_as, paris_chapter, organiser, member, outsider, delivered
):
    with delivered():
        response = client_as(organiser).post(url("meeting_create", paris_chapter), meeting_form())

    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.created_by == organiser
    assert texts(member) == ["Paris chapter scheduled a meeting: “Kick-off”."]
    assert texts(outsider) == [] and texts(organiser) == []


def test_a_meeting_form_shows_the_services_messages(client_as, paris_chapter, organiser):
    response = client_as(organiser).post(
        url("meeting_create", paris_chapter), meeting_form(place="", ends_at="2099-05-04T17:00")
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "The meeting must end after it starts." in text
    assert "Give a place or an online link (or both)." in text
    assert not Meeting.objects.exists()


def test_outsider_cannot_schedule_or_edit_meetings(
    client_as, client, paris_chapter, meeting, member, outsider, organiser_b
):
    for person in (member, outsider, organiser_b):
        c = client_as(person)
        assert c.get(url("meeting_create", paris_chapter)).status_code == 403
        assert c.post(url("meeting_create", paris_chapter), meeting_form()).status_code == 403
        edit = url("meeting_edit", paris_chapter, pk=meeting.pk)
        assert c.post(edit, meeting_form(title="Hijacked")).status_code == 403
    assert client.get(url("meeting_create", paris_chapter)).status_code == 302  # to log in
    assert list(Meeting.objects.values_list("title", flat=True)) == ["First meeting"]


def test_a_meeting_is_found_only_under_its_own_chapter(client, meeting, lyon_chapter):
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(url("meeting", lyon_chapter, pk=meeting.pk)).status_code == 404


def test_a_member_rsvps_and_cancels(client_as, meeting, member):
    client = client_as(member)
    response = client.post(url("rsvp", meeting.chapter, pk=meeting.pk), follow=True)
    assert messages_of(response) == ["See you there! You said you will come."]
    assert "You are coming" in page_text(response)
    assert RSVP.objects.filter(meeting=meeting, citizen=member).exists()

    client.post(url("rsvp", meeting.chapter, pk=meeting.pk), {"action": "cancel"})
    assert not RSVP.objects.filter(meeting=meeting, citizen=member).exists()


def test_a_full_meeting_says_so(client_as, paris_chapter, organiser, member):
    meeting = schedule(paris_chapter, organiser, capacity=1)
    services.rsvp_add(citizen=organiser, meeting=meeting)

    page = client_as(member).get(meeting.get_absolute_url())
    response = client_as(member).post(url("rsvp", paris_chapter, pk=meeting.pk), follow=True)

    assert "This meeting is full." in page_text(page)
    assert messages_of(response) == ["This meeting is full: all 1 places are taken."]
    assert meeting.rsvps.count() == 1


def test_outsider_cannot_rsvp(client_as, meeting, outsider):
    response = client_as(outsider).post(url("rsvp", meeting.chapter, pk=meeting.pk))
    assert response.status_code == 403
    assert not meeting.rsvps.exists()


def test_the_online_link_is_for_members(client, client_as, paris_chapter, organiser, member):
    meeting = schedule(paris_chapter, organiser, place="", online_url="https://meet.example.org/x")
    assert "meet.example.org/x" not in page_text(client.get(meeting.get_absolute_url()))
    assert "meet.example.org/x" in page_text(client_as(member).get(meeting.get_absolute_url()))


# --- The forum ------------------------------------------------------------------------------


def post_comment(client, chapter, text="A thought"):
    return client.post(reverse("discussions:comment_post"), {"chapter": chapter.pk, "text": text})


def test_a_member_posts_in_the_forum(client_as, paris_chapter, member):
    response = post_comment(client_as(member), paris_chapter)

    comment = Comment.objects.get()
    assert comment.chapter == paris_chapter and comment.author == member
    assert response["Location"] == f"{paris_chapter.get_absolute_url()}#comment-{comment.pk}"
    page = page_text(client_as(member).get(paris_chapter.get_absolute_url()))
    assert "A thought" in page and "1 comment" in page


def test_outsider_cannot_post_in_the_forum(client_as, paris_chapter, outsider, lyon_chapter):
    organiser_b = lyon_chapter.memberships.organisers().get().citizen
    for person in (outsider, organiser_b):
        assert post_comment(client_as(person), paris_chapter).status_code == 403
    assert not Comment.objects.exists()
    page = page_text(client_as(outsider).get(paris_chapter.get_absolute_url()))
    assert "Only members of the chapter take part in its discussions." in page
    assert 'name="chapter"' not in page  # no comment form


def test_organisers_moderate_the_forum_not_the_citys_decision_makers(
    client_as, paris_chapter, organiser, member, outsider, world
):
    comment = discussion_services.comment_post(
        author=member, text="Rude words", chapter=paris_chapter
    )
    hide = {"comment": comment.pk, "action": "hide", "reason": "Personal attack (rule 1)"}

    for person in (world.mayor, outsider, member):  # the mayor of Paris has no say here
        assert client_as(person).post(reverse("discussions:moderate"), hide).status_code == 403
    assert Comment.objects.get(pk=comment.pk).hidden_at is None

    page = page_text(client_as(organiser).get(paris_chapter.get_absolute_url()))
    assert "Moderate" in page
    client_as(organiser).post(reverse("discussions:moderate"), hide)
    hidden = Comment.objects.get(pk=comment.pk)
    assert hidden.hidden_by == organiser
    assert "Rude words" not in page_text(client_as(outsider).get(paris_chapter.get_absolute_url()))


def test_a_reply_stays_in_the_forum(client_as, paris_chapter, member, organiser):
    comment = discussion_services.comment_post(
        author=member, text="Question?", chapter=paris_chapter
    )
    client_as(organiser).post(
        reverse("discussions:comment_post"), {"parent": comment.pk, "text": "Answer."}
    )
    reply = Comment.objects.get(parent=comment)
    assert (reply.chapter, reply.depth) == (paris_chapter, 2)


def test_flagging_a_forum_comment_names_the_chapter(client_as, paris_chapter, member, outsider):
    comment = discussion_services.comment_post(author=member, text="Hmm", chapter=paris_chapter)
    response = client_as(outsider).post(
        reverse("discussions:flag"), {"comment": comment.pk, "reason": "spam"}, follow=True
    )
    assert messages_of(response) == ["Thank you. The moderators of Paris chapter will review it."]


def test_everyone_can_read_the_forum(client, paris_chapter, member):
    discussion_services.comment_post(author=member, text="Public words", chapter=paris_chapter)
    assert "Public words" in page_text(client.get(paris_chapter.get_absolute_url()))
