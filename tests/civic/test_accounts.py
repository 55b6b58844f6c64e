"""Signing up, confirming, logging in, resetting and changing the password and the email."""

from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from civic.models import Citizen
from tests.civic.conftest import link_in, log_in, sent_to
from tests.civic.factories import PASSWORD, CitizenFactory

NEW_PASSWORD = "a quite different passphrase 42"

pytestmark = pytest.mark.django_db


def sign_up(client, email="lea@example.org", display_name="Léa", **extra):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": display_name,
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


def logged_in_id(client):
    return client.session.get("_auth_user_id")


# --- Signing up and confirming --------------------------------------------------------------


def test_signup_sends_a_confirmation_link_that_logs_the_citizen_in(client, mandatory_verification):
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    assert "Display name" in page.text
    assert "Your password must contain at least 8 characters." in page.text

    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    citizen = Citizen.objects.get(email="lea@example.org")
    assert citizen.display_name == "Léa"
    assert citizen.preferred_language == "en"
    assert not EmailAddress.objects.get(user=citizen).verified
    assert logged_in_id(client) is None

    [message] = mail.outbox
    assert message.to == ["lea@example.org"]
    assert message.subject == "[civic] Please Confirm Your Email Address"
    confirm_url = link_in(message, "/accounts/confirm-email/")

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "lea@example.org" in page.text
    assert logged_in_id(client) is None  # a GET (a mail scanner) confirms nothing

    response = client.post(confirm_url)

    assert EmailAddress.objects.get(user=citizen).verified
    assert logged_in_id(client) == str(citizen.pk)
    # Onboarding: a citizen without a home chooses one first.
    assert response.status_code == 302
    assert response["Location"] == reverse("jurisdictions:choose_home")


def test_signup_from_a_french_page_is_french(client, mandatory_verification):
    client.cookies["civic_language"] = "fr"

    sign_up(client)

    assert Citizen.objects.get(email="lea@example.org").preferred_language == "fr"
    [message] = mail.outbox
    assert message.subject == "[civic] Confirmez votre adresse e-mail"


def test_signing_up_with_a_taken_email_reveals_nothing_and_warns_the_owner(
    client, citizen, mandatory_verification
):
    response = sign_up(client, email="ANA@example.org")

    # The page looks like any signup (no account enumeration); the owner gets an email.
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert Citizen.objects.filter(email__iexact="ana@example.org").count() == 1
    [message] = sent_to("ana@example.org")
    assert message.subject == "[civic] Account Already Exists"


def test_with_optional_verification_a_taken_email_is_a_form_error(client, citizen, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"

    response = sign_up(client, email="ANA@example.org")

    assert response.status_code == 200
    assert "A user is already registered with this email address." in response.text
    assert Citizen.objects.filter(email__iexact="ana@example.org").count() == 1


def test_signup_with_mismatched_passwords_shows_an_error(client):
    response = sign_up(client, password2="something else entirely")

    assert response.status_code == 200
    assert "You must type the same password each time." in response.text
    assert not Citizen.objects.exists()


def test_an_unverified_citizen_cannot_log_in(client, mandatory_verification):
    citizen = CitizenFactory(email="new@example.org", verified=False)
    EmailAddress.objects.create(user=citizen, email=citizen.email, verified=False, primary=True)

    response = log_in(client, "new@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_id(client) is None
    page = client.get(reverse("profile"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))


# --- Logging in -----------------------------------------------------------------------------


def test_a_verified_citizen_logs_in_and_chooses_a_home_first(client, citizen):
    response = log_in(client, "ana@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("jurisdictions:choose_home")
    assert logged_in_id(client) == str(citizen.pk)


def test_a_citizen_with_a_home_lands_on_their_profile(client, citizen, paris):
    Citizen.objects.filter(pk=citizen.pk).update(home=paris)

    response = log_in(client, "ANA@example.org")

    assert response["Location"] == reverse("profile")


def test_an_explicit_next_url_wins_over_onboarding(client, citizen):
    response = client.post(
        reverse("account_login") + "?next=/accounts/export/",
        {"login": "ana@example.org", "password": PASSWORD, "next": "/accounts/export/"},
    )

    assert response["Location"] == "/accounts/export/"


def test_a_wrong_password_is_a_form_error(client, citizen):
    response = log_in(client, "ana@example.org", "not my password")

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.text
    assert logged_in_id(client) is None


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, citizen):
    for _attempt in range(5):  # ACCOUNT_RATE_LIMITS["login_failed"]: 5 per 5 minutes
        response = log_in(client, "ana@example.org", "guess")
        assert "Too many failed" not in response.text

    response = log_in(client, "ana@example.org")

    assert response.status_code == 429
    assert "Too many failed login attempts. Try again later." in response.text
    assert logged_in_id(client) is None


def test_a_locked_account_leaves_the_others_behind_the_same_address_open(client, citizen):
    # A school, a library, a city office: one address, many citizens.
    for _attempt in range(5):
        log_in(client, "ana@example.org", "guess")
    assert log_in(client, "ana@example.org").status_code == 429

    CitizenFactory(email="bob@example.org")
    response = log_in(client, "bob@example.org")

    assert response.status_code == 302
    assert logged_in_id(client) is not None


def test_guesses_from_many_addresses_lock_the_account(client, citizen):
    from civic.adapters import LOGIN_FAILED_PER_ACCOUNT

    attempts = int(LOGIN_FAILED_PER_ACCOUNT["login_failed_account"].split("/")[0])
    for n in range(attempts):
        client.post(
            "/accounts/login/", {"login": "ana@example.org", "password": "guess"},
            REMOTE_ADDR=f"198.51.100.{n}",
        )  # fmt: skip

    response = client.post(
        "/accounts/login/", {"login": "ana@example.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.1",
    )  # fmt: skip

    assert response.status_code == 429
    assert logged_in_id(client) is None


def test_a_successful_login_gives_back_its_attempt(client, citizen):
    for _attempt in range(4):
        log_in(client, "ana@example.org", "guess")
    assert log_in(client, "ana@example.org").status_code == 302
    client.logout()

    response = log_in(client, "ana@example.org", "guess")

    assert "Too many failed" not in response.text


def test_too_many_login_requests_get_the_429_page(client, citizen, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for _attempt in range(3):
        assert log_in(client, "someone@example.org", "guess").status_code == 200

    response = log_in(client, "someone@example.org", "guess")

    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert response.text.count("<h1") == 1


def test_the_rate_limits_in_settings_are_the_ones_allauth_applies():
    from allauth.account import app_settings

    limits = app_settings.RATE_LIMITS
    assert limits["login_failed"] == "5/5m/key"  # the key is the (account, address) pair
    assert limits["signup"] == "20/h/ip"
    assert limits["reset_password"] == "20/m/ip,5/m/key"


def test_logging_out_ends_the_session(citizen_client):
    response = citizen_client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert logged_in_id(citizen_client) is None


# --- Password reset, change password, change email ------------------------------------------


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, citizen):
    page = client.get(reverse("account_reset_password"))
    assert page.status_code == 200

    response = client.post(reverse("account_reset_password"), {"email": "ana@example.org"})

    assert response.status_code == 302
    [message] = sent_to("ana@example.org")
    assert message.subject == "[civic] Password Reset Email"
    key_url = link_in(message, "/accounts/password/reset/key/")
    form_page = client.get(key_url, follow=True)  # allauth moves the key into the session
    assert form_page.status_code == 200
    assert "Change Password" in form_page.text
    set_url = form_page.redirect_chain[-1][0]

    response = client.post(set_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)
    assert log_in(client, "ana@example.org", NEW_PASSWORD)["Location"] == reverse(
        "jurisdictions:choose_home"
    )


def test_a_french_citizen_gets_the_reset_email_in_french(client):
    CitizenFactory(email="marie@example.org", preferred_language="fr")

    client.post(reverse("account_reset_password"), {"email": "marie@example.org"})

    [message] = sent_to("marie@example.org")
    assert message.subject == "[civic] E-mail de réinitialisation de mot de passe"


def test_a_used_reset_link_no_longer_works(client, citizen):
    client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    key_url = link_in(mail.outbox[0], "/accounts/password/reset/key/")
    form_page = client.get(key_url, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    again = client.get(key_url, follow=True)

    assert again.status_code == 200
    assert "Bad Token" in again.text


def test_a_citizen_changes_their_password(citizen_client, citizen):
    assert citizen_client.get(reverse("account_change_password")).status_code == 200

    response = citizen_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password(NEW_PASSWORD)


def test_changing_the_password_needs_the_current_one(citizen_client, citizen):
    response = citizen_client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "Please type your current password." in response.text
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)


def test_a_citizen_changes_their_email_after_confirming_the_new_one(
    citizen_client, citizen, mandatory_verification
):
    page = citizen_client.get(reverse("account_email"))
    assert page.status_code == 200
    assert "ana@example.org" in page.text

    response = citizen_client.post(
        reverse("account_email"), {"action_add": "", "email": "ana.new@example.org"}
    )

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.email == "ana@example.org"  # not before the new address is confirmed
    [message] = sent_to("ana.new@example.org")
    citizen_client.post(link_in(message, "/accounts/confirm-email/"))

    citizen.refresh_from_db()
    assert citizen.email == "ana.new@example.org"
    assert list(EmailAddress.objects.filter(user=citizen).values_list("email", "verified")) == [
        ("ana.new@example.org", True)
    ]


# --- Accessibility of the account pages -----------------------------------------------------


class _FormAudit(HTMLParser):
    """Collects h1 count, visible inputs and the ``for`` of every label."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.inputs: list[str] = []
        self.labelled: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
        }:
            self.inputs.append(attrs.get("id") or f"<{tag} name={attrs.get('name')}>")


def audit(html: str) -> _FormAudit:
    parser = _FormAudit()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    "url_name",
    ["account_login", "account_signup", "account_reset_password"],
)
def test_entrance_pages_have_one_h1_and_a_label_for_every_field(client, url_name):
    page = client.get(reverse(url_name))

    assert page.status_code == 200
    found = audit(page.text)
    assert found.h1 == 1
    assert found.inputs
    assert set(found.inputs) <= found.labelled, set(found.inputs) - found.labelled


@pytest.mark.parametrize(
    "url_name",
    ["profile", "delete_account", "account_email", "account_change_password"],
)
def test_account_pages_have_one_h1_and_a_label_for_every_field(citizen_client, url_name):
    page = citizen_client.get(reverse(url_name))

    assert page.status_code == 200
    found = audit(page.text)
    assert found.h1 == 1
    assert found.inputs
    assert set(found.inputs) <= found.labelled, set(found.inputs) - found.labelled


# --- Admin ----------------------------------------------------------------------------------


def test_staff_search_citizens_by_email_or_name_and_never_see_gender(admin_client, citizen):
    citizen.gender = "woman"
    citizen.save()
    CitizenFactory(email="bob@example.org", display_name="Bob")

    page = admin_client.get(reverse("admin:civic_citizen_changelist"), {"q": "ana"})

    assert page.status_code == 200
    assert "ana@example.org" in page.text
    assert "bob@example.org" not in page.text
    assert "gender" not in page.text.lower()
    assert "Erased accounts" in page.text  # the erased/current filter


@pytest.mark.parametrize("lookup", ["gender", "gender__exact", "gender__in", "gender__isnull"])
def test_the_admin_never_filters_citizens_by_gender(admin_client, citizen, lookup):
    citizen.gender = "woman"
    citizen.save()
    CitizenFactory(email="bob@example.org", display_name="Bob", gender="man")

    page = admin_client.get(reverse("admin:civic_citizen_changelist"), {lookup: "woman"})

    assert page.status_code == 400
    assert "ana@example.org" not in page.text


def test_the_admin_change_page_has_no_gender_field(admin_client, citizen):
    citizen.gender = "woman"
    citizen.save()

    page = admin_client.get(reverse("admin:civic_citizen_change", args=[citizen.pk]))

    assert page.status_code == 200
    assert 'name="gender"' not in page.text
    assert "Woman" not in page.text


def test_staff_add_a_citizen_with_a_lower_cased_email(admin_client):
    response = admin_client.post(
        reverse("admin:civic_citizen_add"),
        {
            "email": "Chloe@Example.org",
            "display_name": "Chloé",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    chloe = Citizen.objects.get(display_name="Chloé")
    assert chloe.email == "chloe@example.org"
    assert chloe.check_password(PASSWORD)


def test_staff_cannot_add_a_second_account_for_an_email(admin_client, citizen):
    response = admin_client.post(
        reverse("admin:civic_citizen_add"),
        {
            "email": "ANA@example.org",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "Citizen with this Email address already exists." in response.text
    assert Citizen.objects.filter(email__iexact="ana@example.org").count() == 1


def test_staff_erase_citizens_instead_of_deleting_them(admin_client, citizen):
    changelist = reverse("admin:civic_citizen_changelist")
    assert 'value="delete_selected"' not in admin_client.get(changelist).text

    response = admin_client.post(
        changelist,
        {"action": "erase_citizens", "_selected_action": [citizen.pk]},
        follow=True,
    )

    assert "1 citizen was erased." in response.text
    citizen.refresh_from_db()
    assert citizen.is_deleted
    assert citizen.public_name == "deleted citizen"
    assert Citizen.objects.filter(pk=citizen.pk).exists()
