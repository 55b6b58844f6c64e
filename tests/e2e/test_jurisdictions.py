"""Issue 3 as a newcomer lives it: sign up, choose a home with the keyboard, see what one
follows, and ask who is responsible for household waste."""

import re

from playwright.sync_api import expect

from civic.models import Citizen
from jurisdictions.models import Jurisdiction
from jurisdictions.services import jurisdiction_create
from tests.e2e import assert_accessible, email_link
from tests.jurisdictions.factories import build_world

Kind = Jurisdiction.Kind


def add_parthenay(world):
    """A second city matching "Par", smaller than Paris, so it is suggested after it."""
    region = jurisdiction_create(
        name="Nouvelle-Aquitaine", kind=Kind.REGION, parent=world.places.france, code="FR-NAQ"
    )
    county = jurisdiction_create(name="Deux-Sèvres", kind=Kind.COUNTY, parent=region, code="FR-79")
    return jurisdiction_create(name="Parthenay", kind=Kind.CITY, parent=county, population=10_000)


def test_a_newcomer_chooses_paris_with_the_keyboard_and_learns_who_handles_waste(
    page, live_server, settings, mailoutbox
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    world = build_world()
    paris = world.places.paris
    add_parthenay(world)

    # Sign up and confirm the address, as in the foundation test (in English this time).
    page.goto("/accounts/signup/")
    passphrase = "a long enough passphrase"
    page.get_by_label(re.compile(r"^Email\W*$")).fill("nadia@example.org")
    page.get_by_label(re.compile(r"^Password\W*$")).fill(passphrase)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(passphrase)
    page.get_by_role("main").get_by_role("button", name="Sign Up").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert len(mailoutbox) == 1
    page.goto(email_link(mailoutbox[0], contains="/accounts/confirm-email/"))
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    # Onboarding: "Where do you live?"
    expect(page).to_have_url(re.compile(r"/me/home/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Where do you live?")
    assert_accessible(page)

    combobox = page.get_by_role("combobox", name="Your city")
    listbox = page.locator("#home-listbox")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    combobox.focus()
    # Wait for the answer to "Par" itself (hx-sync drops any earlier, shorter query).
    with page.expect_response(lambda response: "q=Par&" in response.url + "&"):
        page.keyboard.type("Par")

    # The suggestions show and the combobox says so; screen readers hear how many matched.
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("Paris, Île-de-France, France")
    expect(options.nth(1)).to_contain_text("Parthenay, Nouvelle-Aquitaine, France")
    expect(combobox).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-autocomplete-status]")).to_have_text(
        "2 suggestions, use the arrow keys to choose"
    )
    expect(combobox).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    assert_accessible(page)

    # Keyboard only. ArrowDown walks the list (the active option is announced through
    # aria-activedescendant and is the only one aria-selected), wraps round, and stops on Paris.
    ids = [option.get_attribute("id") for option in options.all()]
    paris_id = f"home-option-{paris.pk}"
    assert ids[0] == paris_id
    for expected in [*ids, paris_id]:
        page.keyboard.press("ArrowDown")
        expect(combobox).to_have_attribute("aria-activedescendant", expected)
        expect(listbox.locator("[aria-selected=true]")).to_have_count(1)
        expect(listbox.locator(f"#{expected}")).to_have_attribute("aria-selected", "true")
    expect(combobox).to_be_focused()
    page.keyboard.press("Enter")

    expect(combobox).to_have_value("Paris, Île-de-France, France")
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(listbox).to_be_hidden()
    expect(combobox).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    expect(page.locator("input[name=city]")).to_have_value(str(paris.pk))
    # Enter chose the option and did not submit the form.
    expect(page).to_have_url(re.compile(r"/me/home/$"))

    page.get_by_role("button", name="Set my home").click()

    # "What I follow": the chain from the city up to the unions, in order.
    expect(page).to_have_url(re.compile(r"/me/following/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What I follow")
    expect(page.get_by_role("main")).to_contain_text("Welcome to Paris!")
    chain = page.get_by_role("list", name="From my city to the unions it belongs to")
    names = chain.get_by_role("listitem").all_inner_texts()
    wanted = ["Paris", "Île-de-France", "France", "European Union"]
    positions = [names.index(name) for name in wanted]
    assert positions == sorted(positions), f"chain out of order: {names}"
    assert names[0] == "Paris"  # the city comes first
    assert Citizen.objects.get(email="nadia@example.org").home_id == paris.pk
    assert_accessible(page)

    # Who is responsible for household waste? The place defaults to the home.
    page.goto("/responsible/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is responsible?")
    where = page.get_by_role("combobox", name="Where (your home city by default)")
    expect(where).to_have_value("Paris, Île-de-France, France")
    assert_accessible(page)
    page.get_by_label("Topic").select_option(label="Household waste")
    page.get_by_role("button", name="Ask").click()

    answer = page.get_by_role("region", name=re.compile(r"^In Paris, household waste is"))
    expect(answer.get_by_role("heading", level=2)).to_have_text(
        "In Paris, household waste is the responsibility of Métropole du Grand Paris."
    )
    expect(
        answer.get_by_role("link", name=re.compile("Go to the space of Métropole"))
    ).to_be_visible()
    expect(answer).to_contain_text("Conseil de la Métropole")
    expect(answer).to_contain_text("Rule that matched: a rule specific to Paris.")
    expect(answer).to_contain_text("Loi MAPTAM (2014)")
    assert_accessible(page)


def test_typing_again_forgets_the_active_suggestion(page):
    world = build_world()
    add_parthenay(world)

    page.goto("/responsible/")
    combobox = page.get_by_role("combobox", name="Where (your home city by default)")
    listbox = page.locator("#where-listbox")
    combobox.focus()
    with page.expect_response(lambda response: "q=Pari&" in response.url + "&"):
        page.keyboard.type("Pari")
    expect(listbox.get_by_role("option").first).to_contain_text("Paris, Île-de-France, France")
    page.keyboard.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-activedescendant", re.compile(r"^where-option-"))

    # The active option is gone from the new list: nothing may point at it any more.
    page.keyboard.press("Backspace")
    with page.expect_response(lambda response: "q=Part&" in response.url + "&"):
        page.keyboard.type("t")
    expect(listbox.get_by_role("option")).to_have_text([re.compile(r"^Parthenay")])
    expect(combobox).to_have_attribute("aria-expanded", "true")
    expect(combobox).not_to_have_attribute("aria-activedescendant", re.compile(".*"))
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-activedescendant", re.compile(r"^where-option-\d+$"))
    page.keyboard.press("Enter")
    expect(combobox).to_have_value("Parthenay, Nouvelle-Aquitaine, France")
