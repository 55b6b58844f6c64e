"""Issue 6 as the mayor of Paris and a citizen live it: the dashboard's inbox, bulk read
receipts, an answer and a transfer, then what the author sees; the accountability page.

Each person has their own browser context (own cookies); axe-core checks every page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from civic.audit.models import AuditEntry
from jurisdictions.services import home_set
from notifications.models import Event
from proposals import services
from proposals.discussions import services as discussion_services
from proposals.models import Proposal
from tests.civic.factories import PASSWORD, CitizenFactory
from tests.e2e import assert_accessible, login
from tests.e2e.conftest import DEFAULT_TIMEOUT_MS
from tests.jurisdictions.factories import build_world
from tests.kinds import K

S = Proposal.Status


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def alice(world):
    citizen = CitizenFactory(display_name="Alice Author", email="alice@example.org")
    home_set(citizen=citizen, city=world.places.paris)
    return citizen


def propose(world, author, title: str) -> Proposal:
    return services.proposal_create(
        author=author,
        space=world.places.paris,
        submit=True,
        topic=world.topics.household_waste,
        title=title,
        text="Put more bins in every street.",
        impact_citizens=1,
        impact_citizens_text="Cleaner streets.",
        impact_collectivities=1,
        impact_collectivities_text="Less waste.",
        impact_governments=0,
        impact_governments_text="Neutral.",
        freedom_statement="Nobody is forced.",
    )


@pytest.fixture
def signed_in(browser, live_server, page):
    """signed_in(citizen) → a logged-in page; the first reuses the ``page`` fixture's context,
    the next ones get their own context (checked for CSP and script errors too)."""
    contexts, pages = [], []

    def open_as(citizen):
        if not pages:
            new_page = page
        else:
            context = browser.new_context(locale="en-US", base_url=live_server.url)
            context.set_default_timeout(DEFAULT_TIMEOUT_MS)
            context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
            contexts.append(context)
            new_page = context.new_page()
            new_page.civic_errors = []

            def on_console(message, new_page=new_page):
                if message.type == "error" and "Content Security Policy" in message.text:
                    new_page.civic_errors.append(f"CSP on {new_page.url}: {message.text}")

            new_page.on("console", on_console)
            new_page.on(
                "pageerror",
                lambda error, new_page=new_page: new_page.civic_errors.append(
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


def test_the_mayor_works_through_the_inbox_and_the_author_sees_the_outcome(world, alice, signed_in):
    titles = ["Bins near schools", "Compost in parks", "Night collection"]
    proposals = [propose(world, alice, title) for title in titles]

    # --- The mayor opens the dashboard from the navigation ---------------------------------
    mayor = signed_in(world.mayor)
    mayor.goto("/")
    mayor.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(mayor).to_have_url(re.compile(r"/dashboard/$"))
    expect(mayor.get_by_role("heading", level=1)).to_have_text("Dashboard")
    counts = mayor.locator("#dashboard-counts")
    expect(counts).to_contain_text("3 unread proposals")
    inbox = mayor.locator("#inbox")
    for title in titles:
        expect(inbox.get_by_role("link", name=title)).to_be_visible()
    mayor.screenshot(path="/tmp/civic-dashboard.png", full_page=True)
    assert_accessible(mayor)

    # --- Bulk "mark as read" with htmx: no reload, the counts follow -----------------------
    mayor.evaluate("window.civicNoReload = true")
    for title in titles:
        inbox.get_by_role("checkbox", name=f"Select “{title}”").check()
    mayor.get_by_role("button", name="Mark the selected proposals as read").click()
    expect(inbox.get_by_role("status")).to_contain_text("3 proposals marked as read")
    expect(counts).to_contain_text("0 unread proposals")
    assert mayor.evaluate("window.civicNoReload === true"), "the page was reloaded"
    # Keyboard users land on the announced result.
    expect(inbox.get_by_role("status")).to_be_focused()
    assert_accessible(mayor)
    for proposal in proposals:
        proposal.refresh_from_db()
        assert proposal.status == S.READ and proposal.read_by == world.mayor
    assert Event.objects.filter(kind=K.PROPOSAL_READ).count() == 3

    # --- She answers the first one (htmx) ---------------------------------------------------
    inbox.get_by_role("link", name=titles[0]).click()
    expect(mayor.get_by_role("heading", name=titles[0])).to_be_visible()
    assert_accessible(mayor)
    answer_form = mayor.get_by_role("form", name="Answer")
    answer_form.get_by_role("combobox", name="Decision").select_option(label="Accepted")
    answer_form.get_by_role("textbox", name="Answer").fill("Yes: **40 schools** get bins.")
    answer_form.get_by_role("button", name="Publish the answer").click()
    decision = mayor.locator("#decision")
    expect(decision.get_by_role("status")).to_contain_text("Your answer is published.")
    expect(decision.locator(".official-answer strong")).to_have_text("40 schools")
    expect(mayor.locator("#proposal-status")).to_contain_text("Accepted")
    mayor.screenshot(path="/tmp/civic-dashboard-proposal.png", full_page=True)
    assert_accessible(mayor)

    # --- She transfers the second one to Île-de-France, overriding the suggestion ----------
    mayor.get_by_role("link", name="Back to the inbox").click()
    mayor.get_by_role("link", name=titles[1]).click()
    picker = mayor.get_by_role("combobox", name="Send it to")
    # The suggestion (who is responsible for household waste in Paris) is pre-selected.
    expect(picker).to_have_value("Métropole du Grand Paris")
    picker.fill("")
    picker.press_sequentially("Île-de-Fr", delay=30)
    option = mayor.get_by_role("option", name=re.compile("^Île-de-France"))
    expect(option).to_be_visible()
    picker.press("ArrowDown")
    picker.press("Enter")
    expect(picker).to_have_value(re.compile("^Île-de-France"))
    mayor.get_by_role("textbox", name=re.compile("^Why it belongs there")).fill(
        "Parks are a regional matter."
    )
    assert_accessible(mayor)
    mayor.get_by_role("button", name="Transfer", exact=True).click()
    expect(mayor).to_have_url(re.compile(r"/dashboard/$"))
    expect(mayor.get_by_role("main")).to_contain_text(
        f"“{titles[1]}” was transferred to Île-de-France."
    )
    expect(mayor.locator("#inbox").get_by_role("link", name=titles[1])).to_have_count(0)
    assert_accessible(mayor)

    answered, transferred = (Proposal.objects.get(pk=p.pk) for p in proposals[:2])
    assert answered.status == S.ACCEPTED
    assert (transferred.status, transferred.space) == (S.TRANSFERRED, world.places.ile_de_france)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"proposal.read", "proposal.answer", "proposal.transfer"} <= actions

    # --- Alice sees the new statuses, and her notifications ---------------------------------
    author = signed_in(alice)
    author.goto(answered.get_absolute_url())
    official = author.get_by_role("region", name="Official answer")
    expect(official).to_contain_text("Accepted")
    expect(official.locator("strong")).to_have_text("40 schools")
    assert_accessible(author)
    author.goto(transferred.get_absolute_url())
    expect(author.locator(".proposal-status").first).to_contain_text("Transferred")
    expect(author.get_by_role("main")).to_contain_text("Île-de-France")
    author.goto("/notifications/")
    inbox_page = author.get_by_role("main")
    expect(inbox_page).to_contain_text(f"“{titles[0]}” was answered by Paris")
    expect(inbox_page).to_contain_text(f"“{titles[1]}” was transferred from Paris to Île-de-France")
    assert_accessible(author)


def test_the_moderation_queue_and_the_accountability_page_are_accessible(
    world, alice, signed_in, page
):
    proposal = propose(world, alice, "Bins near schools")
    troll = CitizenFactory(display_name="Troll")
    comment = discussion_services.comment_post(
        author=troll, text="Nobody cares, idiot.", proposal=proposal
    )
    discussion_services.flag_add(
        citizen=alice, reason="personal_attack", details="Insult.", content=comment
    )

    mayor = signed_in(world.mayor)
    mayor.goto("/dashboard/moderation/")
    item = mayor.locator(f"#mod-comment-{comment.pk}")
    expect(item).to_contain_text("Nobody cares, idiot.")
    expect(item).to_contain_text("Personal attack or harassment")
    assert_accessible(mayor)
    item.get_by_role("textbox", name="Public reason").fill("Insult (rule 2).")
    item.get_by_role("button", name="Hide").click()
    item = mayor.locator(f"#mod-comment-{comment.pk}")
    expect(item.get_by_role("status")).to_contain_text("Hidden.")
    expect(item.get_by_role("button", name="Restore")).to_be_visible()
    mayor.screenshot(path="/tmp/civic-dashboard-moderation.png", full_page=True)
    assert_accessible(mayor)

    mayor.goto("/dashboard/consultations/")
    assert_accessible(mayor)
    mayor.goto("/dashboard/contributions/")
    assert_accessible(mayor)
    mayor.get_by_role("link", name="Audit log").click()
    expect(mayor.get_by_role("table")).to_contain_text("content.hide")
    mayor.get_by_role("combobox", name="Action").select_option("content.hide")
    mayor.get_by_role("button", name="Filter").click()
    expect(mayor.get_by_role("heading", name="1 entry")).to_be_visible()
    assert_accessible(mayor)

    mayor.goto(world.places.paris.get_absolute_url())
    mayor.get_by_role("link", name=re.compile("^Accountability")).click()
    expect(mayor.get_by_role("heading", level=1)).to_have_text("Accountability of Paris")
    expect(
        mayor.get_by_role("img", name="Proposals received and answered per month")
    ).to_be_visible()
    mayor.screenshot(path="/tmp/civic-accountability.png", full_page=True)
    assert_accessible(mayor)
