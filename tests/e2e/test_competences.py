"""Issue 8 as a citizen lives it, with the keyboard only (Tab, Space, Enter; no mouse): read
a lesson, pass its quiz, watch the progress bar move on "My competences", then show the
completed areas on one's public profile. axe-core checks every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from civic.competences.loader import load_competences
from civic.competences.models import Competence
from tests.civic.factories import PASSWORD, CitizenFactory
from tests.e2e import assert_accessible, login
from tests.jurisdictions.factories import build_world

LESSON = "freedom-and-liberty"
MAX_TABS = 200


@pytest.fixture
def framework(transactional_db):
    world = build_world()
    load_competences()
    return world


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until ``target`` has the focus (fails after ``MAX_TABS`` presses)."""
    target.wait_for()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def press_on(page: Page, target: Locator, key: str = "Enter") -> None:
    tab_to(page, target)
    page.keyboard.press(key)


def test_a_citizen_reads_a_lesson_passes_its_quiz_and_sees_the_progress_move(
    page, live_server, framework
):
    citizen = CitizenFactory(display_name="Nadia Citoyenne", home=framework.places.lyon)
    competence = Competence.objects.get(slug=LESSON)
    right = {
        question.text_en: [c.text_en for c in question.choices.all() if c.is_correct]
        for question in competence.questions.prefetch_related("choices")
    }
    login(page, live_server, citizen.email, PASSWORD)

    # "My competences": nothing completed yet.
    page.goto("/me/competences/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My competences")
    personal = page.get_by_role("progressbar", name="0 of 4 competences completed").first
    expect(personal).to_have_attribute("value", "0")
    assert_accessible(page)

    # The lesson, reached with Tab and Enter.
    press_on(page, page.get_by_role("link", name="Freedom and liberty: where my space ends"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Freedom and liberty: where my space ends"
    )
    expect(
        page.get_by_role("heading", name="Liberty: the space I can claim as mine")
    ).to_be_visible()
    expect(page.get_by_text("Lesson read", exact=True)).to_be_visible()
    assert_accessible(page)

    # The quiz: Space ticks each right answer, Enter sends.
    press_on(page, page.get_by_role("link", name="Take the quiz"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Quiz: Freedom and liberty: where my space ends"
    )
    assert_accessible(page)
    for question, answers in right.items():
        group = page.get_by_role("group", name=re.compile(re.escape(question)))
        for answer in answers:
            box = group.get_by_role("checkbox", name=answer, exact=True)
            press_on(page, box, "Space")
            expect(box).to_be_checked()
    press_on(page, page.get_by_role("button", name="Check my answers"))

    status = page.get_by_role("status")
    expect(status).to_contain_text("3 of 3 questions right (100 %).")
    expect(status).to_contain_text("Quiz passed!")
    expect(page.get_by_text("This competence is completed.")).to_be_visible()
    expect(page.get_by_text("Why:").first).to_be_visible()
    assert_accessible(page)

    # Back on "My competences": the bar of the personal area moved.
    press_on(page, page.get_by_role("link", name="See my competences"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My competences")
    moved = page.get_by_role("progressbar", name="1 of 4 competences completed")
    expect(moved).to_have_attribute("value", "1")
    expect(moved).to_have_attribute("max", "4")
    expect(
        page.get_by_role("progressbar", name="In all: 1 of 13 competences completed")
    ).to_be_visible()
    row = page.get_by_role("row", name=re.compile("^Freedom and liberty"))
    expect(row).to_contain_text("Passed (3 of 3)")
    expect(row).to_contain_text("Completed")
    assert_accessible(page)


def test_a_citizen_shows_a_completed_area_on_the_public_profile(page, live_server, framework):
    from civic.competences import services

    citizen = CitizenFactory(display_name="Nadia Citoyenne", home=framework.places.lyon)
    for competence in Competence.objects.filter(area__kind="personal"):
        services.lesson_mark_read(citizen=citizen, competence=competence)
        answers = [
            (q.pk, [c.pk for c in q.choices.all() if c.is_correct])
            for q in competence.questions.prefetch_related("choices")
        ]
        services.quiz_submit(citizen=citizen, competence=competence, answers=answers)
    login(page, live_server, citizen.email, PASSWORD)

    page.goto(f"/citizens/{citizen.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nadia Citoyenne")
    expect(page.get_by_text("Competence areas completed")).to_have_count(0)

    page.goto("/me/competences/")
    expect(page.get_by_role("progressbar", name="4 of 4 competences completed")).to_be_visible()
    press_on(
        page,
        page.get_by_role("checkbox", name="Show the areas I completed on my public profile"),
        "Space",
    )
    press_on(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text(
        "Your public profile now shows the areas you completed."
    )
    press_on(page, page.get_by_role("link", name="See my public profile"))

    expect(page.get_by_role("heading", name="Competence areas completed")).to_be_visible()
    expect(page.get_by_text("Personal — towards oneself")).to_be_visible()
    assert_accessible(page)


def test_the_framework_and_a_place_s_totals_are_accessible(page, framework):
    page.goto("/competences/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Citizen competences")
    expect(page.get_by_role("heading", level=2)).to_have_count(3)
    assert_accessible(page)

    page.goto(f"/places/{framework.places.france.slug}/competences/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Citizen competences — France")
    expect(page.get_by_text("Fewer than 10 citizens are counted here")).to_be_visible()
    assert_accessible(page)
