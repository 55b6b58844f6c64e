"""``/api/v1/me/``, API tokens, pagination and throttling settings, and the schema."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.test import APIClient, APIRequestFactory

from civic.api.exceptions import exception_handler
from civic.api.pagination import PageNumberPagination
from civic.api.throttling import AnonRateThrottle, UserRateThrottle
from tests.civic.factories import PASSWORD, CitizenFactory

ME = "/api/v1/me/"
TOKEN = "/api/v1/auth/token/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_api(api, citizen):
    api.force_authenticate(citizen)
    return api


# --- /api/v1/me/ ----------------------------------------------------------------------------


def test_me_needs_authentication(api):
    response = api.get(ME)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_me_returns_the_citizens_own_profile(citizen_api, citizen, paris):
    citizen.home, citizen.gender = paris, "woman"
    citizen.save()

    response = citizen_api.get(ME)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == citizen.pk
    assert body["email"] == "ana@example.org"
    assert body["display_name"] == "Ana"
    assert body["preferred_language"] == "en"
    assert body["gender"] == "woman"
    assert body["home"] == {
        "id": paris.pk,
        "slug": "paris",
        "label": "Paris, Île-de-France, France",
    }
    assert "password" not in body


def test_patch_updates_the_display_name_and_language(citizen_api, citizen):
    response = citizen_api.patch(ME, {"display_name": "Ana B.", "preferred_language": "fr"})

    assert response.status_code == 200
    assert response.json()["display_name"] == "Ana B."
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.preferred_language) == ("Ana B.", "fr")


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"preferred_language": "xx"}, {"preferred_language": ['"xx" is not a valid choice.']}),
        (
            {"display_name": "x" * 500},
            {"display_name": ["Ensure this field has no more than 80 characters."]},
        ),
        ({"gender": "robot"}, {"gender": ['"robot" is not a valid choice.']}),
    ],
)
def test_bad_input_is_a_400_with_field_messages(citizen_api, citizen, data, errors):
    response = citizen_api.patch(ME, data)

    assert response.status_code == 400
    assert response.json() == errors
    citizen.refresh_from_db()
    assert (citizen.display_name, citizen.preferred_language) == ("Ana", "en")


def test_read_only_and_unknown_fields_are_ignored(citizen_api, citizen, paris):
    response = citizen_api.patch(
        ME,
        {
            "id": 999,
            "email": "mallory@example.org",
            "home": {"id": paris.pk},
            "date_joined": "2000-01-01T00:00:00Z",
            "is_staff": True,
            "display_name": "Ana B.",
        },
    )

    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.display_name == "Ana B."
    assert citizen.email == "ana@example.org"
    assert citizen.home is None
    assert not citizen.is_staff
    assert citizen.date_joined.year != 2000


def test_put_is_not_offered(citizen_api):
    assert citizen_api.put(ME, {"display_name": "Ana B."}).status_code == 405


def test_anonymous_cannot_patch(api, citizen):
    response = api.patch(ME, {"display_name": "Mallory"})

    assert response.status_code == 401
    citizen.refresh_from_db()
    assert citizen.display_name == "Ana"


def test_the_api_root_lists_the_account_endpoints(api):
    response = api.get("/api/v1/")

    assert response.status_code == 200
    assert response.json()["me"] == "http://testserver/api/v1/me/"
    assert response.json()["auth_token"] == "http://testserver/api/v1/auth/token/"


# --- Tokens ---------------------------------------------------------------------------------


def obtain(api, email="ana@example.org", password=PASSWORD):
    return api.post(TOKEN, {"email": email, "password": password})


def test_a_citizen_gets_a_token_and_uses_it(api, citizen):
    response = obtain(api, email="ANA@example.org")

    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=citizen).key == key
    assert obtain(api).json()["token"] == key  # asking again returns the same token

    other_client = APIClient()
    other_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = other_client.get(ME)
    assert me.status_code == 200
    assert me.json()["email"] == "ana@example.org"
    assert other_client.patch(ME, {"display_name": "Ana T."}).status_code == 200
    citizen.refresh_from_db()
    assert citizen.display_name == "Ana T."


def test_a_wrong_password_gets_no_token(api, citizen):
    response = obtain(api, password="not my password")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Unable to log in with the provided email and password."]
    }
    assert not Token.objects.exists()


def test_missing_fields_are_field_errors(api):
    response = api.post(TOKEN, {"email": "not an email"})

    assert response.status_code == 400
    assert response.json() == {
        "email": ["Enter a valid email address."],
        "password": ["This field is required."],
    }


def test_an_unverified_email_gets_no_token_when_verification_is_mandatory(
    api, mandatory_verification
):
    citizen = CitizenFactory(email="new@example.org", verified=False)
    EmailAddress.objects.create(user=citizen, email=citizen.email, verified=False, primary=True)

    response = obtain(api, email="new@example.org")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Confirm your email address first: follow the link we sent you."]
    }


def test_guessing_passwords_for_a_token_is_rate_limited_like_the_login(api, citizen):
    for _attempt in range(5):
        assert obtain(api, password="guess").status_code == 400

    response = obtain(api)

    assert response.status_code == 429
    assert response.json() == {"detail": "Too many failed login attempts. Try again later."}
    assert not Token.objects.exists()


def test_token_requests_are_throttled_per_client(api, citizen):
    for _attempt in range(10):
        assert obtain(api).status_code == 200

    response = obtain(api)

    assert response.status_code == 429
    assert "Request was throttled" in response.json()["detail"]


def test_a_citizen_revokes_their_token(api, citizen):
    key = obtain(api).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert api.delete(TOKEN).status_code == 204

    assert not Token.objects.exists()
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_an_erased_citizens_token_stops_working(api, citizen):
    from civic.services import citizen_erase

    key = obtain(api).json()["token"]
    citizen_erase(citizen=citizen)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert api.get(ME).status_code == 401


def test_revoking_needs_authentication(api):
    assert api.delete(TOKEN).status_code == 401


# --- Pagination, throttling, errors ---------------------------------------------------------


def test_pagination_is_the_civic_one_with_a_capped_page_size(settings):
    assert api_settings.DEFAULT_PAGINATION_CLASS is PageNumberPagination
    assert settings.REST_FRAMEWORK["PAGE_SIZE"] == 20
    paginator = PageNumberPagination()
    request = Request(APIRequestFactory().get("/", {"page_size": 1000}))

    page = paginator.paginate_queryset(list(range(250)), request)

    assert len(page) == 100
    assert paginator.get_paginated_response(page).data["count"] == 250


def test_default_page_size_applies_without_a_query_parameter():
    paginator = PageNumberPagination()
    request = Request(APIRequestFactory().get("/"))

    assert len(paginator.paginate_queryset(list(range(250)), request)) == 20


def test_the_configured_throttles_are_the_ones_drf_applies():
    assert AnonRateThrottle in api_settings.DEFAULT_THROTTLE_CLASSES
    assert UserRateThrottle in api_settings.DEFAULT_THROTTLE_CLASSES
    assert AnonRateThrottle().rate == "120/min"
    assert UserRateThrottle().rate == "600/min"


def test_a_citizen_over_the_rate_gets_a_429(citizen_api, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    for _request in range(3):
        assert citizen_api.get(ME).status_code == 200

    response = citizen_api.get(ME)

    assert response.status_code == 429
    assert "Request was throttled" in response.json()["detail"]
    assert "Retry-After" in response


def test_domain_validation_errors_become_400_with_field_messages():
    response = exception_handler(
        ValidationError({"display_name": "Too rude.", "__all__": "Nope."}), {}
    )

    assert response.status_code == 400
    assert response.data == {"display_name": ["Too rude."], "non_field_errors": ["Nope."]}


# --- Schema ---------------------------------------------------------------------------------


def test_the_schema_validates_without_warnings(tmp_path, capsys):
    from drf_spectacular.management.commands.spectacular import SchemaGenerationError

    schema = tmp_path / "schema.yml"

    # --fail-on-warn turns every drf-spectacular warning or error into an exception.
    try:
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    except SchemaGenerationError:
        pytest.fail(f"drf-spectacular warned:\n{capsys.readouterr().err}")

    text = schema.read_text()
    assert "/api/v1/me/:" in text
    assert "/api/v1/auth/token/:" in text
    assert "tokenAuth" in text


def test_profile_changes_count_in_the_write_budget(settings, citizen_api, citizen):
    settings.WRITE_RATE_LIMIT = "2/m"

    codes = [
        citizen_api.patch(ME, {"display_name": f"Ana {n}"}, format="json").status_code
        for n in range(3)
    ]

    assert codes == [200, 200, 429]
    citizen.refresh_from_db()
    assert citizen.display_name == "Ana 1"
    assert citizen_api.get(ME).status_code == 200  # reading is not a write


def test_every_api_write_counts_in_the_write_budget():
    from civic.api.throttling import WriteRateThrottle

    assert WriteRateThrottle in api_settings.DEFAULT_THROTTLE_CLASSES
