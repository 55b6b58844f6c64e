"""The profile page, the language, erasing the account and downloading one's data."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from civic.models import Citizen
from tests.civic.conftest import link_in
from tests.civic.factories import PASSWORD, CitizenFactory

pytestmark = pytest.mark.django_db


# --- Profile --------------------------------------------------------------------------------


def test_the_profile_needs_a_signed_in_citizen(client):
    response = client.get(reverse("profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_profile_shows_the_citizen_their_own_settings(citizen_client):
    page = citizen_client.get(reverse("profile"))

    assert page.status_code == 200
    assert "Signed in as ana@example.org." in page.text
    assert 'value="Ana"' in page.text
    assert "Choose your home city" in page.text
    assert "never shown next to your name" in page.text  # the gender field explains itself


def test_a_citizen_renames_themselves_and_switches_to_french(citizen_client, citizen):
    response = citizen_client.post(
        reverse("profile"),
        {"display_name": "Ana B.", "preferred_language": "fr", "gender": "woman"},
    )

    assert response.status_code == 302
    assert response.cookies["civic_language"].value == "fr"
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.preferred_language, citizen.gender) == (
        "Ana B.",
        "fr",
        "woman",
    )
    page = citizen_client.get(response["Location"])
    assert '<html lang="fr">' in page.text
    assert "Ana B." in page.text
    # Django's own French catalogue: the language choices now read in French.
    assert "Anglais" in page.text and "Français" in page.text


def test_french_stays_on_after_logging_in_again_elsewhere(citizen):
    Citizen.objects.filter(pk=citizen.pk).update(preferred_language="fr")
    browser = Client()
    browser.force_login(citizen)

    page = browser.get(reverse("account_email"))

    assert '<html lang="fr">' in page.text
    assert "Adresse e-mail" in page.text  # allauth's French catalogue


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"display_name": "x" * 500, "preferred_language": "en"},
            "Ensure this value has at most 80 characters (it has 500).",
        ),
        (
            {"display_name": "Ana B.", "preferred_language": "xx"},
            "Select a valid choice. xx is not one of the available choices.",
        ),
        (
            {"display_name": "Ana B.", "preferred_language": "en", "gender": "robot"},
            "Select a valid choice. robot is not one of the available choices.",
        ),
    ],
)
def test_invalid_profile_input_is_a_form_error(citizen_client, citizen, data, error):
    response = citizen_client.post(reverse("profile"), data)

    assert response.status_code == 200
    assert error in response.text
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.preferred_language) == ("Ana", "en")
    # Nothing half-applied: the header still names the citizen as they are saved.
    assert "Your profile (Ana)" in response.text


def test_the_language_switcher_remembers_the_choice_on_the_citizen(citizen_client, citizen):
    response = citizen_client.post(
        reverse("set_language"), {"language": "fr", "next": reverse("profile")}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("profile")
    citizen.refresh_from_db()
    assert citizen.preferred_language == "fr"


def test_the_language_switcher_refuses_foreign_redirects(client):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"
    assert response.cookies["civic_language"].value == "fr"


# --- Deleting the account -------------------------------------------------------------------


def delete(client, password=PASSWORD, confirm="on"):
    return client.post(reverse("delete_account"), {"confirm": confirm, "password": password})


def test_deleting_the_account_erases_personal_data_but_keeps_the_row(
    citizen_client, citizen, paris
):
    citizen.gender = "woman"
    citizen.home = paris
    citizen.save()
    Token.objects.create(user=citizen)
    other_device = Client()
    other_device.force_login(citizen)
    assert citizen_client.get(reverse("delete_account")).status_code == 200

    response = delete(citizen_client)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = citizen_client.get(response["Location"])
    assert "Your account was deleted and your personal data erased." in home.text
    erased = Citizen.objects.get(pk=citizen.pk)
    assert erased.email == f"deleted-{citizen.pk}@deleted.invalid"
    assert (erased.display_name, erased.gender, erased.home) == ("", "", None)
    assert not erased.is_active
    assert not erased.has_usable_password()
    assert erased.deleted_at is not None
    assert erased.public_name == "deleted citizen"
    assert str(erased) == "deleted citizen"
    assert not EmailAddress.objects.filter(user=citizen).exists()
    assert not Token.objects.filter(user=citizen).exists()
    assert not Session.objects.exists()
    # Both browsers are signed out.
    for browser in (citizen_client, other_device):
        page = browser.get(reverse("profile"))
        assert page.status_code == 302
        assert page["Location"].startswith(reverse("account_login"))


def test_the_same_email_can_sign_up_again_after_deletion(
    citizen_client, citizen, mandatory_verification
):
    delete(citizen_client)
    mail.outbox.clear()

    response = Client().post(
        reverse("account_signup"),
        {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    fresh = Citizen.objects.get(email="ana@example.org")
    assert fresh.pk != citizen.pk
    assert Citizen.objects.count() == 2
    assert link_in(mail.outbox[0], "/accounts/confirm-email/")


def test_deletion_needs_the_confirmation_box(citizen_client, citizen):
    response = delete(citizen_client, confirm="")

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert Citizen.objects.get(pk=citizen.pk).deleted_at is None


def test_deletion_needs_the_current_password(citizen_client, citizen):
    response = delete(citizen_client, password="not my password")

    assert response.status_code == 200
    assert "Incorrect password." in response.text
    citizen.refresh_from_db()
    assert citizen.deleted_at is None
    assert citizen.email == "ana@example.org"


def test_guessing_the_password_on_the_deletion_page_is_rate_limited(citizen_client, citizen):
    for _attempt in range(5):
        delete(citizen_client, password="guess")

    response = delete(citizen_client)

    assert "Too many failed login attempts. Try again later." in response.text
    assert Citizen.objects.get(pk=citizen.pk).deleted_at is None


def test_deleting_needs_a_signed_in_citizen(client):
    response = client.post(reverse("delete_account"), {"confirm": "on", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Downloading one's data -----------------------------------------------------------------


def test_a_citizen_downloads_their_data_as_json(citizen_client, citizen):
    EmailAddress.objects.create(user=citizen, email="ana.work@example.org", verified=False)
    CitizenFactory(email="someone.else@example.org")

    response = citizen_client.get(reverse("export_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="civic-my-data-')
    data = json.loads(response.content)
    assert data["account"]["profile"]["email"] == "ana@example.org"
    assert data["account"]["profile"]["display_name"] == "Ana"
    assert sorted(data["account"]["email_addresses"], key=lambda a: a["email"]) == [
        {"email": "ana.work@example.org", "verified": False, "primary": False},
        {"email": "ana@example.org", "verified": True, "primary": True},
    ]
    assert "someone.else@example.org" not in response.content.decode()


def test_downloading_data_needs_a_signed_in_citizen(client):
    response = client.get(reverse("export_data"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
