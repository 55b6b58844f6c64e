"""/api/v1/chapters/, /api/v1/memberships/ and /api/v1/meetings/: the web's rules, in JSON."""

from __future__ import annotations

import pytest
from django.urls import reverse

from challenges.models import Challenge, Participation, Practice
from chapters import services
from chapters.models import RSVP, Chapter, Membership
from jurisdictions.services import jurisdiction_create
from tests.chapters.factories import member_of, schedule
from tests.civic.factories import CitizenFactory
from tests.notifications.factories import texts

pytestmark = pytest.mark.django_db
S = Membership.Status


def chapter_url(chapter, action: str = "") -> str:
    if action:
        return reverse(f"api:chapter-{action}", kwargs={"slug": chapter.slug})
    return reverse("api:chapter-detail", kwargs={"slug": chapter.slug})


def membership_url(membership, action: str = "") -> str:
    return reverse(f"api:membership-{action or 'detail'}", kwargs={"pk": membership.pk})


def rsvp_url(meeting) -> str:
    return reverse("api:meeting-rsvp", kwargs={"pk": meeting.pk})


# --- Chapters -------------------------------------------------------------------------------


def test_anyone_lists_and_filters_chapters(api_as, paris_chapter, lyon_chapter, france, organiser):
    national = services.chapter_create(actor=organiser, space=france)
    api = api_as()

    everything = api.get(reverse("api:chapter-list")).json()
    local = api.get(reverse("api:chapter-list"), {"kind": "local"}).json()
    in_lyon = api.get(reverse("api:chapter-list"), {"space": lyon_chapter.space.slug}).json()
    found = api.get(reverse("api:chapter-list"), {"search": "franc"}).json()

    assert [c["slug"] for c in everything["results"]] == [
        national.slug,
        lyon_chapter.slug,
        paris_chapter.slug,
    ]
    assert {c["slug"] for c in local["results"]} == {paris_chapter.slug, lyon_chapter.slug}
    assert [c["name"] for c in in_lyon["results"]] == ["Lyon chapter"]
    assert [c["kind"] for c in found["results"]] == ["national"]
    first = everything["results"][1]
    assert first["space"]["name"] == "Lyon" and first["member_count"] == 1
    assert first["web_url"].endswith(lyon_chapter.get_absolute_url())


def test_a_chapter_in_detail(api_as, paris_chapter, member, organiser):
    practice = Practice.objects.create(title="MTR", slug="mtr", domain="elections", description="-")
    challenge = Challenge.objects.create(
        practice=practice, slug="50-50", title="50/50", description="-", goal=50
    )
    Participation.objects.create(challenge=challenge, chapter=paris_chapter)

    anonymous = api_as().get(chapter_url(paris_chapter)).json()
    as_member = api_as(member).get(chapter_url(paris_chapter)).json()

    assert anonymous["organisers"] == ["Olga Organiser"]
    assert anonymous["challenges"] == [{"slug": "50-50", "title": "50/50"}]
    assert anonymous["my_membership"] is None
    assert anonymous["calendar_url"].endswith(f"/chapters/{paris_chapter.slug}/meetings.ics")
    assert as_member["my_membership"]["status"] == "active"
    assert as_member["my_membership"]["role"] == "member"
    assert "olga@example.org" not in str(anonymous)


def test_an_unknown_chapter_is_404(api_as, db):
    assert api_as().get("/api/v1/chapters/nowhere/").status_code == 404


def test_a_citizen_starts_a_chapter_and_organises_it(api_as, lyon, outsider):
    response = api_as(outsider).post(
        reverse("api:chapter-list"), {"space": lyon.slug, "policy": "approval"}
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["kind"], body["policy"]) == ("Lyon chapter", "local", "approval")
    assert body["organisers"] == ["Oscar Outsider"]
    assert body["my_membership"]["role"] == "organiser"


def test_a_small_town_is_refused_with_the_population_rule(api_as, world, outsider):
    town = jurisdiction_create(
        name="Villefranche", kind="city", parent=world.places.rhone, population=30_000
    )
    response = api_as(outsider).post(reverse("api:chapter-list"), {"space": town.slug})

    assert response.status_code == 400
    rule = "Local chapters are for cities of more than 250,000 people; Villefranche has 30,000."
    assert response.json() == {"space": [rule]}
    assert not Chapter.objects.exists()


def test_a_second_chapter_of_a_place_is_refused(api_as, paris_chapter, outsider):
    response = api_as(outsider).post(reverse("api:chapter-list"), {"space": "paris-nowhere"})
    assert response.status_code == 400 and "space" in response.json()
    response = api_as(outsider).post(reverse("api:chapter-list"), {"space": paris_chapter.space.pk})
    assert response.json() == {"space": ["Paris already has a local chapter: Paris chapter."]}


def test_anonymous_cannot_start_a_chapter(api_as, lyon):
    response = api_as().post(reverse("api:chapter-list"), {"space": lyon.slug})
    assert response.status_code in (401, 403)
    assert not Chapter.objects.exists()


def test_organisers_read_the_member_list_with_shared_emails_only(
    api_as, paris_chapter, organiser, member
):
    sharing = member_of(paris_chapter, display_name="Sophie Shares", email="sophie@example.org")
    services.membership_share_email(citizen=sharing, chapter=paris_chapter, share=True)

    response = api_as(organiser).get(chapter_url(paris_chapter, "memberships"))

    rows = {row["name"]: row["email"] for row in response.json()["results"]}
    assert rows == {
        "Olga Organiser": None,
        "Marie Membre": None,
        "Sophie Shares": "sophie@example.org",
    }


def test_outsider_cannot_read_the_member_list(
    api_as, paris_chapter, member, outsider, lyon_chapter
):
    organiser_b = lyon_chapter.memberships.organisers().get().citizen
    for person in (member, outsider, organiser_b):
        assert api_as(person).get(chapter_url(paris_chapter, "memberships")).status_code == 403
    assert api_as().get(chapter_url(paris_chapter, "memberships")).status_code in (401, 403)


# --- Memberships ----------------------------------------------------------------------------


def test_joining_an_open_chapter(api_as, paris_chapter, outsider):
    api = api_as(outsider)
    response = api.post(reverse("api:membership-list"), {"chapter": paris_chapter.slug})

    assert response.status_code == 201
    assert response.json()["status"] == "active"
    mine = api.get(reverse("api:membership-list")).json()["results"]
    assert [(m["chapter"], m["status"]) for m in mine] == [(paris_chapter.slug, "active")]
    paris_chapter.refresh_from_db()
    assert paris_chapter.member_count == 2


def test_asking_to_join_and_being_approved(api_as, lyon_chapter, organiser_b, outsider, delivered):
    request = api_as(outsider).post(reverse("api:membership-list"), {"chapter": lyon_chapter.slug})
    assert request.json()["status"] == "pending"
    membership = Membership.objects.get(pk=request.json()["id"])

    pending = api_as(organiser_b).get(
        chapter_url(lyon_chapter, "memberships"), {"status": "pending"}
    )
    assert [row["name"] for row in pending.json()["results"]] == ["Oscar Outsider"]
    with delivered():
        response = api_as(organiser_b).post(membership_url(membership, "approve"))

    assert response.status_code == 200 and response.json()["status"] == "active"
    assert texts(outsider) == ["Welcome to Lyon chapter: your request was approved."]
    again = api_as(organiser_b).post(membership_url(membership, "reject"))
    assert again.status_code == 400
    assert again.json() == {"status": ["This request was already answered."]}


def test_outsider_cannot_decide_a_request(api_as, lyon_chapter, organiser, member, outsider):
    membership = services.membership_join(citizen=outsider, chapter=lyon_chapter)
    for person in (organiser, member, outsider):  # Olga organises Paris, not Lyon
        for action in ("approve", "reject"):
            response = api_as(person).post(membership_url(membership, action))
            assert response.status_code == 403
    assert api_as().post(membership_url(membership, "approve")).status_code in (401, 403)
    assert Membership.objects.get(pk=membership.pk).status == S.PENDING
    assert api_as(organiser).post("/api/v1/memberships/999999/approve/").status_code == 404


def test_outsider_cannot_name_organisers(api_as, paris_chapter, member, outsider, organiser):
    membership = paris_chapter.memberships.get(citizen=member)
    for person in (member, outsider):
        response = api_as(person).post(membership_url(membership, "role"), {"role": "organiser"})
        assert response.status_code == 403
    response = api_as(organiser).post(membership_url(membership, "role"), {"role": "organiser"})
    assert response.status_code == 200 and response.json()["role"] == "organiser"


def test_a_member_shares_their_email(api_as, paris_chapter, member):
    membership = paris_chapter.memberships.get(citizen=member)
    response = api_as(member).patch(membership_url(membership), {"share_email": True})
    assert response.status_code == 200 and response.json()["share_email"] is True
    assert Membership.objects.get(pk=membership.pk).share_email is True


def test_nobody_changes_or_ends_someone_elses_membership(api_as, paris_chapter, member, organiser):
    membership = paris_chapter.memberships.get(citizen=member)
    api = api_as(organiser)
    assert api.patch(membership_url(membership), {"share_email": True}).status_code == 404
    assert api.delete(membership_url(membership)).status_code == 404
    assert Membership.objects.filter(pk=membership.pk, share_email=False).exists()


def test_leaving_and_the_last_organiser(api_as, paris_chapter, organiser, member):
    own = paris_chapter.memberships.get(citizen=organiser)
    refused = api_as(organiser).delete(membership_url(own))
    assert refused.status_code == 400
    assert refused.json()["successor"] == [
        "You are the last organiser of Paris chapter: name the member who will organise it "
        "after you."
    ]

    left = api_as(organiser).delete(membership_url(own) + f"?successor={member.pk}")

    assert left.status_code == 204
    assert paris_chapter.memberships.organisers().get().citizen == member
    paris_chapter.refresh_from_db()
    assert paris_chapter.member_count == 1


def test_my_memberships_need_an_account(api_as, db):
    assert api_as().get(reverse("api:membership-list")).status_code in (401, 403)


# --- Meetings and RSVPs ---------------------------------------------------------------------


def test_meetings_of_a_chapter(api_as, paris_chapter, lyon_chapter, organiser, organiser_b, member):
    online = schedule(
        paris_chapter, organiser, title="Online", place="", online_url="https://meet.example.org/x"
    )
    schedule(lyon_chapter, organiser_b, title="In Lyon")

    public = api_as().get(reverse("api:meeting-list"), {"chapter": paris_chapter.slug}).json()
    members = api_as(member).get(reverse("api:meeting-list"), {"chapter": paris_chapter.slug})

    assert [m["title"] for m in public["results"]] == ["Online"]
    assert public["results"][0]["online_url"] is None  # for members only
    assert public["results"][0]["going"] is None
    assert members.json()["results"][0]["online_url"] == "https://meet.example.org/x"
    assert members.json()["results"][0]["going"] is False
    detail = api_as().get(reverse("api:meeting-detail", kwargs={"pk": online.pk}))
    assert detail.json()["chapter"] == paris_chapter.slug


def test_a_member_rsvps_until_the_meeting_is_full(api_as, paris_chapter, organiser, member):
    meeting = schedule(paris_chapter, organiser, capacity=1)
    other = member_of(paris_chapter)

    going = api_as(member).post(rsvp_url(meeting))
    full = api_as(other).post(rsvp_url(meeting))
    cancelled = api_as(member).delete(rsvp_url(meeting))

    assert going.status_code == 201
    assert going.json() == {"going": True, "rsvp_count": 1, "capacity": 1}
    assert full.status_code == 400
    assert full.json() == {"non_field_errors": ["This meeting is full: all 1 places are taken."]}
    assert cancelled.status_code == 200 and cancelled.json()["rsvp_count"] == 0
    assert not RSVP.objects.exists()


def test_outsider_cannot_rsvp(api_as, meeting, outsider):
    assert api_as(outsider).post(rsvp_url(meeting)).status_code == 403
    assert api_as().post(rsvp_url(meeting)).status_code in (401, 403)
    assert not meeting.rsvps.exists()


def test_writes_are_throttled(api_as, settings, paris_chapter):
    settings.WRITE_RATE_LIMIT = "2/m"
    api = api_as(CitizenFactory())
    for _ in range(2):
        api.post(reverse("api:membership-list"), {"chapter": paris_chapter.slug})
    response = api.post(reverse("api:membership-list"), {"chapter": paris_chapter.slug})
    assert response.status_code == 429


def test_lists_read_a_bounded_number_of_queries(
    api_as, paris_chapter, organiser, member, django_assert_num_queries
):
    def grow(n):
        for i in range(n):
            schedule(paris_chapter, organiser, title=f"Meeting {i}", in_days=i + 1)
            member_of(paris_chapter)

    api = api_as(member)
    grow(1)
    with django_assert_num_queries(17) as few:
        api.get(reverse("api:meeting-list"), {"chapter": paris_chapter.slug})
        api.get(reverse("api:chapter-list"))
        api.get(chapter_url(paris_chapter))
    grow(10)
    with django_assert_num_queries(len(few.captured_queries)):
        api.get(reverse("api:meeting-list"), {"chapter": paris_chapter.slug})
        api.get(reverse("api:chapter-list"))
        api.get(chapter_url(paris_chapter))
