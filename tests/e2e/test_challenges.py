"""Issue 7 as a citizen lives it: the practices, a practice page with its assessment form,
the 50/50 challenge and its MTR calculator on the Gatineau example, and the Department of
Peace with the member states of the United Nations. axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from challenges import demo
from challenges.models import Challenge
from tests.civic.factories import PASSWORD, CitizenFactory
from tests.e2e import assert_accessible, login
from tests.jurisdictions.factories import build_world


@pytest.fixture
def founding(transactional_db):
    build_world()
    demo.load()
    return {c.kind: c for c in Challenge.objects.select_related("practice")}


def test_a_citizen_runs_the_mtr_calculator_on_the_gatineau_example(page, live_server, founding):
    citizen = CitizenFactory(display_name="Nadia Citoyenne", email="nadia@example.org")
    login(page, live_server, citizen.email, PASSWORD)

    # The practices, then the MTR practice with its assessment form.
    page.goto("/practices/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Practices")
    assert_accessible(page)
    page.get_by_role("link", name="Mixed Territorial Representation (MTR)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mixed Territorial Representation (MTR)"
    )
    expect(page.get_by_role("group", name="Functioning of governments")).to_be_visible()
    assert_accessible(page)

    # The 50/50 page: progress in words, then the calculator.
    fifty = founding[Challenge.Kind.GENDER_BALANCE]
    page.goto(fifty.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(fifty.title)
    expect(page.get_by_role("progressbar", name="0 of 50 community groups (0 %)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Load the Gatineau example").click()
    districts = page.get_by_label("Districts, one per line: district, gender")
    expect(districts).to_have_value(re.compile(r"^Gatineau 1, man\nGatineau 2, woman\n"))
    assert districts.input_value().count("\n") == 17  # 18 districts

    page.get_by_role("button", name="Calculate").click()
    result = page.get_by_role("region", name="Your assembly with MTR")
    expect(result).to_contain_text(
        "18 districts become 9 mixed districts electing 9 women and 9 men."
    )
    after = result.get_by_role("row", name=re.compile(r"^With MTR"))
    expect(after.get_by_role("cell")).to_have_text(["9", "18", "9", "9", "50 %"])
    assert_accessible(page)


def test_the_department_of_peace_lists_the_193_member_states(page, founding):
    peace = founding[Challenge.Kind.PEACE]
    page.goto(peace.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Department of Peace")
    expect(page.get_by_role("progressbar", name="0 of 193 community groups (0 %)")).to_be_visible()
    table = page.get_by_role(
        "table", name="Member states, their national chapter and whether it takes part"
    )
    expect(table.get_by_role("rowheader")).to_have_count(193)
    assert_accessible(page)


def test_an_odd_district_count_is_explained_in_the_page(page, founding):
    page.goto(founding[Challenge.Kind.GENDER_BALANCE].get_absolute_url())
    page.get_by_label("Districts, one per line: district, gender").fill("A, woman\nB, man\nC, f")
    page.get_by_role("button", name="Calculate").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "The calculator could not use this list."
    )
    expect(page.locator("#mtr_districts_error")).to_contain_text(
        "There are 3 districts: an odd number cannot be paired."
    )
    assert_accessible(page)


def test_a_citizen_proposes_a_practice_and_assesses_another(page, live_server, founding):
    citizen = CitizenFactory(display_name="Nadia Citoyenne", email="nadia@example.org")
    login(page, live_server, citizen.email, PASSWORD)

    page.goto("/practices/")
    page.get_by_role("link", name="Propose a practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a practice")
    assert_accessible(page)
    page.get_by_label("Name of the practice").fill("Citizen assemblies")
    page.get_by_label("Domain of intervention").select_option(label="Legislature and cabinet")
    page.get_by_label("Description").fill("Citizens drawn by lot deliberate and propose.")
    page.get_by_label("Evidence (optional)").fill("https://example.org/evaluation")
    page.get_by_role("button", name="Publish the practice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Citizen assemblies")
    expect(page.get_by_role("main")).to_contain_text("No one has assessed this practice yet.")
    assert_accessible(page)

    # Assess the Department of Peace: three ratings and freedom, grouped and labelled.
    page.goto(founding[Challenge.Kind.PEACE].practice.get_absolute_url())
    for group, rating in (
        ("Citizens' development and integration", "+2 · strongly helps"),
        ("Functioning of collectivities", "+1 · helps"),
        ("Functioning of governments", "+1 · helps"),
        ("Is it compatible with freedom and liberty?", "Yes"),
    ):
        page.get_by_role("group", name=group).get_by_label(rating, exact=True).check()
    page.get_by_role("button", name="Save my assessment").click()
    expect(page.get_by_role("status").first).to_contain_text("Your assessment is counted.")
    expect(page.get_by_role("main")).to_contain_text(
        "+2.0 on citizens' development and integration (1 assessment)"
    )
    expect(page.get_by_role("button", name="Update my assessment")).to_be_visible()
    assert_accessible(page)
