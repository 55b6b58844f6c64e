"""The foundation, as a visitor lives it: home, language, sign-up, confirmation, onboarding."""

import re

from playwright.sync_api import expect

from civic.models import Citizen
from tests.civic.factories import PASSWORD, CitizenFactory
from tests.e2e import assert_accessible, email_link, login


def test_a_visitor_signs_up_in_french_confirms_and_reaches_their_profile(
    page, live_server, settings, mailoutbox
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "One citizen community, every level of government"
    )
    page.screenshot(path="/tmp/civic-home.png", full_page=True)
    assert_accessible(page)

    # The switcher is a button in the header, named in the language it switches to.
    page.get_by_role("banner").get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Une seule communauté citoyenne, à chaque échelon de gouvernement"
    )
    assert_accessible(page)

    page.get_by_role("banner").get_by_role("link", name="S'inscrire").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.screenshot(path="/tmp/civic-signup.png", full_page=True)
    assert_accessible(page)

    # Labels end with a "*" hidden from screen readers (required fields).
    passphrase = "une longue phrase de passe"
    page.get_by_label(re.compile(r"^E-mail\W*$")).fill("camille@example.org")
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill(passphrase)
    page.get_by_label(re.compile(r"^Mot de passe \(confirmation\)")).fill(passphrase)
    page.get_by_role("main").get_by_role("button", name="Création de compte").click()

    # allauth asks the visitor to check their inbox.
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    assert_accessible(page)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["camille@example.org"]
    citizen = Citizen.objects.get(email="camille@example.org")
    assert citizen.preferred_language == "fr"

    page.goto(email_link(message, contains="/accounts/confirm-email/"))
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name="Confirmer").click()

    # Signed in, the new citizen is asked to choose their home first.
    expect(page).to_have_url(re.compile(r"/me/home/$"))
    page.screenshot(path="/tmp/civic-onboarding.png", full_page=True)
    assert_accessible(page)
    page.get_by_role("link", name="Passer pour l'instant").click()

    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.get_by_role("main")).to_contain_text("camille@example.org")
    page.screenshot(path="/tmp/civic-profile.png", full_page=True)
    assert_accessible(page)


def test_the_login_page_is_accessible_and_a_wrong_password_is_refused(page, live_server):
    citizen = CitizenFactory(email="ines@example.org")

    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign In")
    assert_accessible(page)

    page.get_by_label("Email").fill(citizen.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("main").get_by_role("button", name="Sign In").click()

    # The error is announced to screen readers (role=alert).
    expect(page.get_by_role("alert")).to_contain_text(
        "The email address and/or password you specified are not correct."
    )
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()
    assert_accessible(page)

    login(page, live_server, citizen.email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/me/home/$"))


def test_keyboard_users_can_skip_to_the_main_content_and_see_where_the_focus_is(page):
    page.goto("/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    outline = skip_link.evaluate("link => getComputedStyle(link).outlineStyle")
    assert outline == "solid"

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_language_switcher_is_named_and_remembers_the_choice(page):
    page.goto("/accounts/login/")
    switcher = page.get_by_role("form", name="Language")
    switcher.get_by_role("button", name="Français").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    switcher = page.get_by_role("form", name="Langue")
    expect(switcher.get_by_role("button", name="English")).to_be_visible()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_a_citizen_asks_for_the_archive_of_their_data_and_downloads_it(
    page, live_server, tmp_path, monkeypatch
):
    from civic.models import DataExport

    storage = DataExport._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))
    citizen = CitizenFactory(email="jeanne@example.org")
    login(page, live_server, citizen.email, PASSWORD)

    page.goto(f"{live_server.url}/accounts/profile/")
    page.get_by_role("link", name="My data: archive with my files").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    assert_accessible(page)
    page.get_by_role("button", name="Prepare an archive").click()

    expect(page.get_by_role("status")).to_contain_text("Your archive is being prepared.")
    page.reload()  # built by the task once the request committed
    link = page.get_by_role("link", name=re.compile(r"^Archive of "))
    expect(link).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".zip")
