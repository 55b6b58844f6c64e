"""The organisers' admin (/organisers/) and the chapters pages of the staff admin (/admin/).

Organiser A (Olga, the Paris chapter) must not reach chapter B (Lyon, Bruno's) in any way:
lists, change pages, history, deletion, actions, foreign-key choices, exports — nor any
other app. Staff who are not chapters administrators (decision makers are ``is_staff``) see
no chapters page; superusers see everything.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from chapters import services
from chapters.models import Chapter, Meeting, Membership
from jurisdictions.services import jurisdiction_create
from tests.chapters.factories import member_of, schedule
from tests.civic.factories import CitizenFactory
from tests.notifications.factories import texts

pytestmark = pytest.mark.django_db
S = Membership.Status


def admin_url(view: str, model=None, *args, site: str = "organisers") -> str:
    if model is None:
        return reverse(f"{site}:{view}")
    return reverse(f"{site}:chapters_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def lyon_request(lyon_chapter):
    """A request to join the Lyon chapter (chapter B), waiting for Bruno."""
    return services.membership_join(citizen=CitizenFactory(), chapter=lyon_chapter)


@pytest.fixture
def lyon_meeting(lyon_chapter, organiser_b):
    return schedule(lyon_chapter, organiser_b, title="Lyon meeting")


@pytest.fixture
def paris_request(paris_chapter, organiser):
    services.chapter_update(actor=organiser, chapter=paris_chapter, policy="approval")
    citizen = CitizenFactory(display_name="Paula Pending")
    return services.membership_join(citizen=citizen, chapter=paris_chapter)


@pytest.fixture
def olga(client_as, organiser, paris_chapter):
    """Organiser A's client."""
    return client_as(organiser)


def changelist_text(client, model) -> str:
    response = client.get(admin_url("changelist", model))
    assert response.status_code == 200
    return response.content.decode()


# --- The door -------------------------------------------------------------------------------


def test_an_organiser_enters_without_being_staff_and_sees_only_chapters(olga, organiser):
    assert organiser.is_staff is False
    response = olga.get(admin_url("index"))
    text = response.content.decode()

    assert response.status_code == 200
    for model in (Chapter, Membership, Meeting):
        assert admin_url("changelist", model) in text
    app_list = response.context["app_list"]
    assert [app["app_label"] for app in app_list] == ["chapters"]
    assert {m["object_name"] for m in app_list[0]["models"]} == {"Chapter", "Membership", "Meeting"}


def test_an_organiser_sees_nothing_of_the_staff_admin(olga):
    for path in ("/admin/", "/admin/civic/citizen/", "/admin/jurisdictions/jurisdiction/"):
        response = olga.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_other_apps_are_not_on_the_organisers_site(olga):
    other_apps = ("/organisers/civic/citizen/", "/organisers/auth/group/", "/organisers/civic/")
    for path in other_apps:
        assert olga.get(path).status_code == 404


def test_a_citizen_who_organises_nothing_is_refused(client_as, outsider, member):
    for person in (outsider, member):
        response = client_as(person).get(admin_url("index"), follow=True)
        assert response.status_code == 403


def test_a_visitor_signs_in_on_the_site_and_comes_back(client):
    response = client.get(admin_url("index"), follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/organisers/"


def test_an_organiser_is_sent_on_after_signing_in(olga):
    response = olga.get(admin_url("login") + "?next=/organisers/chapters/meeting/")
    assert response.status_code == 302 and response["Location"] == "/organisers/chapters/meeting/"
    outside = olga.get(admin_url("login") + "?next=https://evil.example.org/")
    assert outside["Location"] == "/organisers/"


def test_losing_the_organiser_role_closes_the_door_at_once(
    client_as, paris_chapter, organiser, member
):
    services.membership_set_role(
        actor=organiser,
        membership=paris_chapter.memberships.get(citizen=member),
        role="organiser",
    )
    client = client_as(member)
    assert client.get(admin_url("index")).status_code == 200
    services.membership_leave(citizen=member, chapter=paris_chapter)
    assert client.get(admin_url("index"), follow=True).status_code == 403


# --- Organiser A and chapter B --------------------------------------------------------------


def test_lists_show_only_the_organisers_own_chapter(
    olga, paris_chapter, lyon_chapter, lyon_request, lyon_meeting, member, meeting
):
    chapters = changelist_text(olga, Chapter)
    memberships = changelist_text(olga, Membership)
    meetings = changelist_text(olga, Meeting)

    assert "Paris chapter" in chapters and "Lyon chapter" not in chapters
    assert "Marie Membre" in memberships and lyon_request.citizen.public_name not in memberships
    assert "Bruno Bertin" not in memberships
    assert "First meeting" in meetings and "Lyon meeting" not in meetings
    # Filtering by chapter B's id gives nothing either.
    response = olga.get(admin_url("changelist", Membership) + f"?chapter={lyon_chapter.pk}")
    assert response.context["cl"].result_count == 0


def test_the_chapter_filter_names_only_their_chapters(olga, lyon_chapter):
    text = changelist_text(olga, Membership)
    assert "Paris chapter" in text and "Lyon chapter" not in text


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_chapter_bs_pages_cannot_be_reached_by_address(
    olga, view, lyon_chapter, lyon_request, lyon_meeting
):
    chapter_b = ((Chapter, lyon_chapter), (Membership, lyon_request), (Meeting, lyon_meeting))
    for model, obj in chapter_b:
        response = olga.get(admin_url(view, model, obj.pk))
        assert response.status_code in (302, 403, 404), (model, view)
        if response.status_code == 302:
            assert response["Location"] == admin_url("index")


def test_chapter_b_cannot_be_changed_by_posting_to_its_address(
    olga, lyon_chapter, lyon_request, lyon_meeting
):
    responses = [
        olga.post(
            admin_url("change", Chapter, lyon_chapter.pk),
            {"name": "Taken", "description": "Ours now", "policy": "open"},
        ),
        olga.post(admin_url("change", Membership, lyon_request.pk), {"role": "organiser"}),
        olga.post(
            admin_url("change", Meeting, lyon_meeting.pk),
            {
                "title": "Hijacked",
                "starts_at_0": "2099-01-01",
                "starts_at_1": "18:00:00",
                "ends_at_0": "2099-01-01",
                "ends_at_1": "20:00:00",
                "place": "Elsewhere",
            },
        ),
        olga.post(admin_url("delete", Meeting, lyon_meeting.pk), {"post": "yes"}),
    ]

    assert all(response.status_code in (302, 403, 404) for response in responses)
    lyon_chapter.refresh_from_db()
    lyon_request.refresh_from_db()
    assert (lyon_chapter.name, lyon_chapter.description, lyon_chapter.policy) == (
        "Lyon chapter",
        "",
        "approval",
    )
    assert (lyon_request.role, lyon_request.status) == ("member", S.PENDING)
    assert Meeting.objects.get(pk=lyon_meeting.pk).title == "Lyon meeting"


def test_actions_ignore_chapter_bs_rows(olga, lyon_chapter, lyon_request, delivered):
    with delivered():
        response = olga.post(
            admin_url("changelist", Membership),
            {"action": "approve_requests", "_selected_action": [lyon_request.pk]},
        )
    assert response.status_code in (200, 302)
    assert Membership.objects.get(pk=lyon_request.pk).status == S.PENDING
    assert texts(lyon_request.citizen) == []

    export = olga.post(
        admin_url("changelist", Chapter),
        {"action": "export_members", "_selected_action": [lyon_chapter.pk]},
    )
    assert "Bruno Bertin" not in export.content.decode("utf-8-sig")


def test_a_meeting_form_offers_only_their_chapters(olga, paris_chapter, lyon_chapter):
    response = olga.get(admin_url("add", Meeting))
    field = response.context["adminform"].form.fields["chapter"]

    assert [str(label) for value, label in field.choices if value] == ["Paris chapter"]


def meeting_post(chapter, **overrides) -> dict:
    data = {
        "chapter": chapter.pk,
        "title": "Admin meeting",
        "description": "",
        "starts_at_0": "2099-03-01",
        "starts_at_1": "18:30:00",
        "ends_at_0": "2099-03-01",
        "ends_at_1": "20:30:00",
        "place": "Town hall",
        "online_url": "",
        "capacity": "",
    }
    data.update(overrides)
    return data


def test_a_meeting_cannot_be_created_in_chapter_b(olga, lyon_chapter):
    response = olga.post(admin_url("add", Meeting), meeting_post(lyon_chapter))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_organiser_schedules_a_meeting_in_the_admin_and_members_are_told(
    olga, paris_chapter, organiser, member, delivered
):
    with delivered():
        response = olga.post(admin_url("add", Meeting), meeting_post(paris_chapter))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.chapter, meeting.created_by) == (paris_chapter, organiser)
    assert texts(member) == ["Paris chapter scheduled a meeting: “Admin meeting”."]


def test_the_admin_meeting_form_shows_the_services_messages(olga, paris_chapter):
    response = olga.post(
        admin_url("add", Meeting), meeting_post(paris_chapter, place="", ends_at_1="17:00:00")
    )
    text = response.content.decode()
    assert "The meeting must end after it starts." in text
    assert "Give a place or an online link (or both)." in text
    assert not Meeting.objects.exists()


def test_an_organiser_edits_and_deletes_their_meeting(olga, meeting):
    olga.post(
        admin_url("change", Meeting, meeting.pk),
        meeting_post(meeting.chapter, title="Renamed", capacity="12"),
    )
    meeting.refresh_from_db()
    assert (meeting.title, meeting.capacity) == ("Renamed", 12)
    olga.post(admin_url("delete", Meeting, meeting.pk), {"post": "yes"})
    assert not Meeting.objects.exists()


def test_an_organiser_edits_their_chapter_but_not_its_place(olga, paris_chapter, lyon):
    olga.post(
        admin_url("change", Chapter, paris_chapter.pk),
        {
            "name": "Paris chapter",
            "description": "Updated",
            "policy": "approval",
            "space": lyon.pk,
            "kind": "national",
            "member_count": 999,
        },
    )
    paris_chapter.refresh_from_db()
    assert (paris_chapter.description, paris_chapter.policy) == ("Updated", "approval")
    assert (paris_chapter.space.name, paris_chapter.kind, paris_chapter.member_count) == (
        "Paris",
        "local",
        1,
    )


def test_organisers_can_neither_add_nor_delete_chapters(olga, paris_chapter):
    assert olga.get(admin_url("add", Chapter)).status_code == 403
    response = olga.post(admin_url("delete", Chapter, paris_chapter.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Chapter.objects.filter(pk=paris_chapter.pk).exists()


# --- Deciding requests ----------------------------------------------------------------------


def test_an_organiser_approves_a_request_and_the_citizen_is_told(
    olga, paris_chapter, paris_request, delivered
):
    with delivered():
        response = olga.post(
            admin_url("changelist", Membership),
            {"action": "approve_requests", "_selected_action": [paris_request.pk]},
            follow=True,
        )

    assert "1 request approved: the citizen was told." in response.content.decode()
    paris_request.refresh_from_db()
    assert paris_request.status == S.ACTIVE
    paris_chapter.refresh_from_db()
    assert paris_chapter.member_count == 2
    assert texts(paris_request.citizen) == ["Welcome to Paris chapter: your request was approved."]


def test_an_organiser_declines_a_request(olga, paris_request, delivered):
    with delivered():
        olga.post(
            admin_url("changelist", Membership),
            {"action": "reject_requests", "_selected_action": [paris_request.pk]},
        )
    assert Membership.objects.get(pk=paris_request.pk).status == S.REJECTED
    assert texts(paris_request.citizen) == ["Your request to join Paris chapter was not accepted."]


def test_the_last_organiser_cannot_be_demoted_in_the_admin(olga, paris_chapter, organiser):
    own = paris_chapter.memberships.get(citizen=organiser)
    response = olga.post(admin_url("change", Membership, own.pk), {"role": "member"})
    assert response.status_code == 200
    assert "A chapter keeps at least one organiser" in response.content.decode()
    assert Membership.objects.get(pk=own.pk).role == "organiser"


def test_an_organiser_names_another_organiser(olga, paris_chapter, member):
    membership = paris_chapter.memberships.get(citizen=member)
    olga.post(admin_url("change", Membership, membership.pk), {"role": "organiser"})
    assert Membership.objects.get(pk=membership.pk).role == "organiser"


# --- The member export ----------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_shows_only_the_emails_members_agreed_to_share(
    olga, paris_chapter, member, lyon_chapter
):
    sharing = member_of(paris_chapter, display_name="Sophie Shares", email="sophie@example.org")
    services.membership_share_email(citizen=sharing, chapter=paris_chapter, share=True)
    pending = CitizenFactory(display_name="=HYPERLINK(1)")
    member_of(paris_chapter, pending)

    response = olga.post(
        admin_url("changelist", Chapter),
        {"action": "export_members", "_selected_action": [paris_chapter.pk]},
    )

    rows = {row["Name"]: row for row in read_csv(response)}
    assert set(rows) == {"Olga Organiser", "Marie Membre", "Sophie Shares", "'=HYPERLINK(1)"}
    assert rows["Sophie Shares"]["Email"] == "sophie@example.org"
    assert rows["Marie Membre"]["Email"] == ""
    assert rows["Olga Organiser"]["Email"] == ""
    assert rows["Olga Organiser"]["Role"] == "Organiser"
    assert "marie@example.org" not in response.content.decode("utf-8-sig")


def test_the_membership_list_hides_unshared_emails(olga, paris_chapter, member):
    assert "marie@example.org" not in changelist_text(olga, Membership)
    # Searching by email cannot reveal it either.
    response = olga.get(admin_url("changelist", Membership) + "?q=marie@example.org")
    assert response.context["cl"].result_count == 0


def test_the_membership_export_action_is_scoped_and_consensual(olga, paris_chapter, member):
    services.membership_share_email(citizen=member, chapter=paris_chapter, share=True)
    response = olga.post(
        admin_url("changelist", Membership),
        {
            "action": "export_members",
            "_selected_action": list(paris_chapter.memberships.values_list("pk", flat=True)),
        },
    )
    rows = {row["Name"]: row["Email"] for row in read_csv(response)}
    assert rows == {"Olga Organiser": "", "Marie Membre": "marie@example.org"}


# --- Staff ----------------------------------------------------------------------------------


def test_staff_without_the_chapters_permission_see_no_chapter(client_as, staff, paris_chapter):
    client = client_as(staff)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "/admin/chapters/" not in index.content.decode()
    for model in (Chapter, Membership, Meeting):
        assert client.get(admin_url("changelist", model, site="admin")).status_code == 403
    assert client.get(admin_url("change", Chapter, paris_chapter.pk, site="admin")).status_code in (
        302,
        403,
    )
    assert client.get(admin_url("index"), follow=True).status_code == 403  # not an organiser


def test_staff_who_organise_a_chapter_see_only_theirs_in_the_staff_admin(
    client_as, staff, paris_chapter, lyon_chapter, organiser_b
):
    services.membership_join(citizen=staff, chapter=lyon_chapter)
    request = lyon_chapter.memberships.get(citizen=staff)
    services.membership_approve(actor=organiser_b, membership=request)
    services.membership_set_role(actor=organiser_b, membership=request, role="organiser")
    client = client_as(staff)

    text = client.get(admin_url("changelist", Chapter, site="admin")).content.decode()

    assert "Lyon chapter" in text and "Paris chapter" not in text
    response = client.get(admin_url("change", Chapter, paris_chapter.pk, site="admin"))
    assert response.status_code == 302
    apps = {app["app_label"]: app for app in client.get("/admin/").context["app_list"]}
    assert {m["object_name"] for m in apps["chapters"]["models"]} == {
        "Chapter",
        "Membership",
        "Meeting",
    }


def test_staff_with_the_global_permission_see_every_chapter(
    client_as, staff, paris_chapter, lyon_chapter
):
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="chapters", codename__startswith="view_")
    )
    text = client_as(staff).get(admin_url("changelist", Chapter, site="admin")).content.decode()
    assert "Paris chapter" in text and "Lyon chapter" in text


def test_a_superuser_sees_everything_and_creates_chapters(
    client_as, superuser, paris_chapter, lyon_chapter, world
):
    client = client_as(superuser)
    text = client.get(admin_url("changelist", Chapter, site="admin")).content.decode()
    assert "Paris chapter" in text and "Lyon chapter" in text

    response = client.post(
        admin_url("add", Chapter, site="admin"),
        {
            "space": world.places.montreal.pk,
            "kind": "local",
            "name": "",
            "description": "",
            "policy": "open",
            "organiser_email": "OLGA@example.org",
        },
    )
    assert response.status_code == 302
    montreal = Chapter.objects.get(space=world.places.montreal)
    assert montreal.name == "Montréal chapter"
    assert montreal.memberships.organisers().get().citizen.email == "olga@example.org"


def test_the_admin_refuses_a_chapter_the_rules_refuse(client_as, superuser, paris_chapter, world):
    client = client_as(superuser)
    base = {"name": "", "description": "", "policy": "open", "organiser_email": ""}
    response = client.post(
        admin_url("add", Chapter, site="admin"),
        {**base, "space": paris_chapter.space.pk, "kind": "local"},
    )
    assert "Paris already has a local chapter: Paris chapter." in response.content.decode()
    # A small town is not even offered.
    town = jurisdiction_create(
        name="Villefranche", kind="city", parent=world.places.rhone, population=30_000
    )
    response = client.post(
        admin_url("add", Chapter, site="admin"), {**base, "space": town.pk, "kind": "local"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert Chapter.objects.count() == 1
