"""Issue 7, chapters, as organisers and citizens live it: an organiser signs in to the
organisers' admin and approves a request to join; a citizen joins a chapter and says they
will come to its meeting; the public chapter pages pass axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from chapters import services
from chapters.models import RSVP, Chapter, Membership
from tests.chapters.factories import schedule, start_chapter
from tests.civic.factories import PASSWORD, CitizenFactory
from tests.e2e import assert_accessible, login
from tests.jurisdictions.factories import build_world


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def organiser(world):
    return CitizenFactory(display_name="Olga Organiser", email="olga@example.org")


@pytest.fixture
def paris_chapter(world, organiser):
    chapter = start_chapter(
        world.places.paris,
        organiser,
        name="Citizens & Societies — Paris",
        description="We promote **societal best practices** in Paris.",
    )
    services.membership_share_email(citizen=organiser, chapter=chapter, share=True)
    return chapter


@pytest.fixture
def meeting(paris_chapter, organiser):
    return schedule(paris_chapter, organiser, title="Monthly meeting", capacity=20)


def test_an_organiser_signs_in_to_the_organisers_admin_and_approves_a_request(
    page, live_server, world, organiser, paris_chapter
):
    services.chapter_update(actor=organiser, chapter=paris_chapter, policy="approval")
    paula = CitizenFactory(display_name="Paula Pending", email="paula@example.org")
    request = services.membership_join(citizen=paula, chapter=paris_chapter)
    assert request.status == Membership.Status.PENDING
    assert organiser.is_staff is False

    # The organisers' admin sends her to the site's login page, then back.
    page.goto("/organisers/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/organisers/$"))
    page.locator("input[name=login]").fill(organiser.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("#main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/organisers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your chapters")

    page.get_by_role("link", name="Memberships").first.click()
    row = page.locator("#result_list tbody tr", has_text="Paula Pending")
    expect(row).to_contain_text("Waiting for approval")
    expect(page.locator("#result_list")).not_to_contain_text("paula@example.org")
    row.locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option(label="Approve the selected requests")
    page.get_by_role("button", name="Go").click()

    expect(page.locator(".messagelist")).to_contain_text(
        "1 request approved: the citizen was told."
    )
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE
    paris_chapter.refresh_from_db()
    assert paris_chapter.member_count == 2


def test_a_citizen_joins_a_chapter_and_rsvps_to_its_meeting(
    page, live_server, world, paris_chapter, meeting
):
    camille = CitizenFactory(display_name="Camille Martin", email="camille@example.org")
    login(page, live_server, camille.email, PASSWORD)

    page.goto(paris_chapter.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Citizens & Societies — Paris")
    expect(page.get_by_role("main")).to_contain_text("Only members of the chapter take part")
    assert_accessible(page)
    page.get_by_role("button", name="Join the chapter").click()

    expect(page.get_by_role("main")).to_contain_text("Welcome to Citizens & Societies — Paris!")
    expect(page.get_by_text("You are a member")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("2 members")
    assert_accessible(page)

    # A member takes part in the forum.
    page.get_by_label("Start the discussion").fill("Hello! I would like to help with the 50/50.")
    page.get_by_role("button", name="Publish my comment").click()
    expect(page.get_by_role("main")).to_contain_text("Hello! I would like to help with the 50/50.")

    page.get_by_role("link", name="Monthly meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monthly meeting")
    expect(page.get_by_role("main")).to_contain_text("0 of 20 places taken")
    assert_accessible(page)
    page.get_by_role("button", name="I will come").click()

    expect(page.get_by_role("main")).to_contain_text("See you there! You said you will come.")
    expect(page.get_by_role("main")).to_contain_text("1 of 20 places taken")
    assert_accessible(page)
    assert RSVP.objects.filter(meeting=meeting, citizen=camille).exists()
    membership = paris_chapter.memberships.get(citizen=camille)
    assert membership.status == Membership.Status.ACTIVE


def test_the_public_chapter_pages_are_accessible(page, world, paris_chapter, meeting):
    pages = [
        ("/chapters/", "Chapters"),
        (paris_chapter.get_absolute_url(), "Citizens & Societies — Paris"),
        (meeting.get_absolute_url(), "Monthly meeting"),
        (world.places.paris.get_absolute_url(), "Paris"),
        (world.places.lyon.get_absolute_url(), "Lyon"),
    ]
    for path, heading in pages:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    expect(page.get_by_role("link", name="Start a chapter")).to_be_visible()


def test_an_organiser_schedules_a_meeting_from_the_chapter_page(
    page, live_server, world, organiser, paris_chapter
):
    login(page, live_server, organiser.email, PASSWORD)
    page.goto(paris_chapter.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a meeting").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Title")).fill("Assessing the MTR")
    page.get_by_label(re.compile(r"^Starts at")).fill("2099-05-04T18:30")
    page.get_by_label(re.compile(r"^Ends at")).fill("2099-05-04T20:30")
    page.get_by_label(re.compile(r"^Place")).fill("Maison des associations")
    page.get_by_role("button", name="Publish the meeting").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Assessing the MTR")
    expect(page.get_by_role("main")).to_contain_text("The meeting is published.")
    assert_accessible(page)
    assert Chapter.objects.get(pk=paris_chapter.pk).meetings.count() == 1
