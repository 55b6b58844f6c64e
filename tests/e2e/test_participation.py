"""Issue 4 as citizens and a decision maker live it: a proposal to Paris is written,
supported, commented, read and answered; a consultation is opened, contributed to, agreed
with and marked as having helped shape policy.

Each person has their own browser context (own cookies), so everyone stays signed in and
each page is seen exactly as that person sees it.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jurisdictions.services import home_set
from proposals.consultations.models import Consultation, Contribution
from proposals.models import Proposal
from tests.civic.factories import PASSWORD, CitizenFactory
from tests.e2e import assert_accessible, login
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS
from tests.jurisdictions.factories import build_world

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def alice(world):
    """The author: lives in Paris."""
    citizen = CitizenFactory(display_name="Alice Author", email="alice@example.org")
    home_set(citizen=citizen, city=world.places.paris)
    return citizen


@pytest.fixture
def oscar(world):
    """Another citizen of Paris, who supports, comments and agrees."""
    citizen = CitizenFactory(display_name="Oscar Other", email="oscar@example.org")
    home_set(citizen=citizen, city=world.places.paris)
    return citizen


@pytest.fixture
def signed_in(browser, live_server, page):
    """signed_in(citizen) → a page in a new browser context, logged in as ``citizen``.

    Like the ``page`` fixture, each context fails the test on a CSP violation or an uncaught
    script error (collected in ``page.civic_errors``, checked by ``assert_accessible`` and at
    teardown). The first call reuses the ``page`` fixture's context.
    """
    contexts = []
    pages = []

    def open_as(citizen):
        if not pages:
            new_page = page
        else:
            context = browser.new_context(locale="en-US", base_url=live_server.url)
            context.set_default_timeout(DEFAULT_TIMEOUT_MS)
            context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
            contexts.append(context)
            new_page = context.new_page()
            errors: list[str] = []
            new_page.civic_errors = errors

            def on_console(message, new_page=new_page):
                if message.type == "error" and "Content Security Policy" in message.text:
                    errors.append(f"CSP on {new_page.url}: {message.text}")

            new_page.on("console", on_console)
            new_page.on(
                "pageerror",
                lambda error, new_page=new_page: errors.append(
                    f"Script error on {new_page.url}: {error}"
                ),
            )
        login(new_page, live_server, citizen.email, PASSWORD)
        pages.append(new_page)
        return new_page

    yield open_as
    errors = [error for p in pages[1:] for error in p.civic_errors]
    for context in contexts:
        context.close()
    if errors:
        pytest.fail("The browser reported errors:\n" + "\n".join(f"- {e}" for e in errors))


def test_a_proposal_to_paris_is_supported_commented_read_and_answered(
    world, alice, oscar, signed_in
):
    paris = world.places.paris
    mayor = world.mayor

    # --- Alice writes to Paris through the form ------------------------------------------
    author = signed_in(alice)
    author.goto(paris.get_absolute_url())
    author.get_by_role("link", name="Make a proposal to Paris").click()
    expect(author.get_by_role("heading", level=1)).to_have_text("Make a proposal")
    expect(author.get_by_role("combobox", name=re.compile("^Addressed to"))).to_have_value(
        "Paris, Île-de-France, France"
    )
    assert_accessible(author)

    author.get_by_label(re.compile(r"^Topic\W*$")).select_option(label="Household waste")
    # htmx tells her who is responsible where she lives, and that she addresses someone else.
    suggestion = author.locator("#space-suggestion")
    expect(suggestion).to_contain_text(
        "In Paris, household waste is the responsibility of Métropole du Grand Paris."
    )
    expect(suggestion).to_contain_text("You are addressing Paris, but household waste")
    author.get_by_label(re.compile(r"^Title\W*$")).fill("Sorting bins in every courtyard")
    author.get_by_label(re.compile(r"^Your proposal\W*$")).fill(
        "Give every building **two sorting bins**.\n\n- one for paper\n- one for glass"
    )
    impacts = [
        ("citizens' development and integration", "Neighbours meet at the bins.", "+1 · helps"),
        ("the functioning of collectivities", "Less waste to burn.", "+2 · strongly helps"),
        ("the functioning of governments", "Nothing changes for the State.", "0 · neutral"),
    ]
    for dimension, text, rating in impacts:
        author.get_by_label(f"How does it affect {dimension}?").fill(text)
        author.get_by_role("group", name=f"Rating for {dimension}").get_by_label(rating).check()
    author.get_by_label(re.compile(r"^Compatibility with freedom and liberty\W*$")).fill(
        "Nobody is forced to sort; the bins are only offered."
    )
    assert_accessible(author)
    author.get_by_role("button", name="Submit", exact=True).click()

    expect(author).to_have_url(re.compile(r"/proposals/\d+/$"))
    expect(author.get_by_role("heading", level=1)).to_have_text("Sorting bins in every courtyard")
    expect(author.get_by_role("main")).to_contain_text("Your proposal was sent to Paris.")
    expect(author.get_by_text("Not read yet by Paris.")).to_be_visible()
    # The Markdown is rendered, the impacts and their ratings are shown.
    text = author.locator(".proposal-text")
    expect(text.locator("strong")).to_have_text("two sorting bins")
    expect(text.get_by_role("listitem")).to_have_text(["one for paper", "one for glass"])
    impacts_list = author.locator("dl.impacts")
    for _, text_, rating in impacts:
        expect(impacts_list).to_contain_text(rating)
        expect(impacts_list).to_contain_text(text_)
    assert_accessible(author)
    proposal = Proposal.objects.get(title="Sorting bins in every courtyard")
    assert (proposal.author, proposal.space, proposal.status) == (alice, paris, "submitted")
    assert (proposal.impact_citizens, proposal.impact_collectivities) == (1, 2)
    url = proposal.get_absolute_url()

    # --- Oscar supports it (htmx, no reload) and comments --------------------------------
    supporter = signed_in(oscar)
    supporter.goto(url)
    support_box = supporter.locator(f"#support-{proposal.pk}")
    expect(support_box.get_by_role("status")).to_contain_text("0 supports")
    supporter.evaluate("window.civicNoReload = true")
    support_box.get_by_role("button", name="Support this proposal").click()
    expect(support_box.get_by_role("status")).to_contain_text("1 support")
    expect(support_box.get_by_role("status")).to_contain_text("You support this proposal.")
    expect(
        support_box.get_by_role("button", name=re.compile("withdraw your support"))
    ).to_have_attribute("aria-pressed", "true")
    assert supporter.evaluate("window.civicNoReload === true"), "the page was reloaded"

    supporter.get_by_label("Start the discussion").fill("Count me in: our courtyard is a mess.")
    supporter.get_by_role("button", name="Publish my comment").click()
    comments = supporter.locator(f"#comments-proposal-{proposal.pk}")
    expect(comments.get_by_role("heading", name="1 comment")).to_be_visible()
    expect(comments).to_contain_text("Count me in: our courtyard is a mess.")
    expect(comments).to_contain_text("Oscar Other")

    # --- The mayor opens it: the read receipt -------------------------------------------
    decider = signed_in(mayor)
    decider.goto(url)
    expect(decider.get_by_role("main")).to_contain_text(
        "Read receipt recorded: everyone now sees that Paris has read this proposal."
    )
    expect(decider.get_by_role("heading", name="Decide for Paris")).to_be_visible()
    expect(decider.locator(f"#support-{proposal.pk}")).to_contain_text("1 support")
    assert_accessible(decider)

    author.reload()
    expect(author.locator(".receipt")).to_contain_text(re.compile(r"^Read by Paris on \d+ \w+"))
    expect(author.get_by_text("Not read yet by Paris.")).to_have_count(0)
    expect(author.get_by_role("main")).to_contain_text("Count me in: our courtyard is a mess.")
    assert_accessible(author)

    # --- The mayor answers: accepted ----------------------------------------------------
    answer_form = decider.get_by_role("form", name="Answer")
    answer_form.get_by_role("combobox", name="Decision").select_option(label="Accepted")
    answer_form.get_by_role("textbox", name="Answer").fill(
        "Yes: **every courtyard** gets its bins by June."
    )
    answer_form.get_by_role("button", name="Publish the answer").click()
    official = decider.get_by_role("region", name="Official answer")
    expect(official).to_contain_text("Accepted")
    expect(official.locator("strong")).to_have_text("every courtyard")
    assert_accessible(decider)

    author.reload()
    official = author.get_by_role("region", name="Official answer")
    expect(official).to_contain_text("Yes: every courtyard gets its bins by June.")
    expect(official).to_contain_text("Answered by Anne Mairesse")
    expect(official).to_contain_text("Accepted")
    # Prominent: right under the header, above the proposal itself.
    answer_top = official.bounding_box()["y"]
    assert answer_top < author.locator(".proposal-text").bounding_box()["y"]
    assert_accessible(author)


def test_a_consultation_contribution_is_agreed_with_and_helps_shape_policy(
    world, alice, oscar, signed_in
):
    paris = world.places.paris
    now = timezone.localtime()

    # --- The mayor opens a consultation for Paris ---------------------------------------
    decider = signed_in(world.mayor)
    decider.goto(paris.get_absolute_url())
    decider.get_by_role("link", name="Open a consultation").click()
    expect(decider.get_by_role("heading", level=1)).to_have_text(
        "Open a consultation in Paris, Île-de-France, France"
    )
    decider.get_by_label(re.compile(r"^Question\W*$")).fill(
        "Where should the new recycling centres go?"
    )
    decider.get_by_label(re.compile(r"^Context\W*$")).fill(
        "We will build **three** centres in 2026."
    )
    decider.get_by_label(re.compile(r"^Topic\W*$")).select_option(label="Household waste")
    decider.get_by_label(re.compile(r"^Opens at\W*$")).fill(
        (now - timedelta(hours=1)).strftime(DATETIME_LOCAL)
    )
    decider.get_by_label(re.compile(r"^Closes at\W*$")).fill(
        (now + timedelta(days=14)).strftime(DATETIME_LOCAL)
    )
    assert_accessible(decider)
    decider.get_by_role("button", name="Publish the consultation").click()

    expect(decider.get_by_role("heading", level=1)).to_have_text(
        "Where should the new recycling centres go?"
    )
    expect(decider.get_by_role("main")).to_contain_text("The consultation is published.")
    expect(decider.locator("section[aria-labelledby=context-title] strong")).to_have_text("three")
    consultation = Consultation.objects.get()
    assert consultation.space == paris and consultation.is_open
    url = consultation.get_absolute_url()

    # --- Alice contributes ---------------------------------------------------------------
    author = signed_in(alice)
    author.goto(url)
    assert_accessible(author)
    author.get_by_role("textbox", name=re.compile(r"^Your contribution")).fill(
        "Near the markets: people already carry their waste there."
    )
    author.get_by_role("button", name="Publish my contribution").click()
    expect(author.get_by_role("main")).to_contain_text("Thank you! Your contribution is published.")
    contribution = Contribution.objects.get()
    item = author.locator(f"#contribution-{contribution.pk}")
    expect(item.get_by_role("heading", name="Alice Author contributed")).to_be_visible()
    expect(item).to_contain_text("Near the markets")

    # --- Oscar agrees (htmx) -------------------------------------------------------------
    agreeing = signed_in(oscar)
    agreeing.goto(url)
    item = agreeing.locator(f"#contribution-{contribution.pk}")
    expect(item.get_by_role("status")).to_have_text("0 citizens agree")
    item.get_by_role("button", name="I agree").click()
    expect(item.get_by_role("status")).to_have_text("1 citizen agrees")
    expect(item.get_by_role("button", name="You agree — withdraw")).to_have_attribute(
        "aria-pressed", "true"
    )

    # --- The mayor marks it as having helped shape policy --------------------------------
    decider.goto(url)
    item = decider.locator(f"#contribution-{contribution.pk}")
    expect(item.get_by_role("status")).to_have_text("1 citizen agrees")
    assert_accessible(decider)
    item.locator("summary", has_text="Helped shape policy").click()
    item.get_by_label("How did it help?").fill("The first centre opens next to the Saxe market.")
    item.get_by_role("button", name="Mark as helpful").click()
    expect(decider.get_by_role("main")).to_contain_text(
        "Its author will see that this contribution helped shape policy."
    )
    item = decider.locator(f"#contribution-{contribution.pk}")
    expect(item.locator(".tag", has_text="Helped shape policy")).to_be_visible()
    expect(item).to_contain_text("The first centre opens next to the Saxe market.")
    assert_accessible(decider)

    # Everyone sees the badge and the note, the author first.
    author.goto(url)
    item = author.locator(f"#contribution-{contribution.pk}")
    expect(item.locator(".tag", has_text="Helped shape policy")).to_be_visible()
    expect(item.get_by_text("How this contribution helped shape policy")).to_be_visible()
    expect(item).to_contain_text("The first centre opens next to the Saxe market.")
    assert_accessible(author)
