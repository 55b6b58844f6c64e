"""Bad input never reaches a 500: NUL bytes, JSON nested too deep or too large, unknown API
addresses, invalid page parameters; an anonymous API call is told how to authenticate."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/responsible/?jurisdiction=%00",
        "/api/v1/chapters/%00/",
        "/api/v1/proposals/?search=a%00",
    ],
)
def test_a_nul_byte_in_an_api_address_is_a_400_json(client, address):
    response = client.get(address)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize("address", ["/places/?q=%00", "/proposals/?search=%00", "/places/a%00b/"])
def test_a_nul_byte_in_a_page_address_is_the_400_page(client, address):
    response = client.get(address)

    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]


def test_a_nul_byte_in_a_form_is_a_400(client_as, citizen):
    response = client_as(citizen).post("/accounts/profile/", {"display_name": "Ana\x00"})

    assert response.status_code == 400
    citizen.refresh_from_db()
    assert "\x00" not in citizen.display_name


@pytest.mark.parametrize("address", ["/api/v1/auth/token/", "/api/v1/proposals/"])
def test_json_nested_too_deep_is_a_400_before_parsing(api_as, citizen, address):
    deep = "[" * 3000 + "]" * 3000

    response = api_as(citizen).post(address, deep, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_ordinary_nesting_still_parses(api_as, citizen):
    response = api_as(citizen).post(
        "/api/v1/proposals/", {"title": "x", "tags": [[{"a": ["[[[["]}]]}, format="json"
    )

    assert response.status_code == 400  # refused by the serializer, field by field
    assert "space" in response.json()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_json_body_over_the_limit_is_a_400(api_as, citizen):
    response = api_as(citizen).post(
        "/api/v1/proposals/", '{"title": "' + "x" * 2000 + '"}', content_type="application/json"
    )

    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


def test_an_unknown_api_address_is_a_404_json(client):
    response = client.get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_an_unknown_page_is_the_404_page(client):
    response = client.get("/nothing-here/")

    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_an_anonymous_api_write_is_a_401_saying_how_to_authenticate(client, world):
    response = client.post("/api/v1/proposals/", {}, content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("page_size=-1", "page_size"), ("page_size=abc", "page_size"), ("page=0", "page"),
     ("page=x", "page")],
)  # fmt: skip
def test_invalid_page_parameters_are_a_400_naming_them(client, world, query, parameter):
    response = client.get(f"/api/v1/proposals/?{query}")

    assert response.status_code == 400
    assert parameter in response.json()


def test_a_page_past_the_last_stays_a_404(client, world):
    assert client.get("/api/v1/proposals/?page=99").status_code == 404


def _api_addresses():
    """Every route of the API, its path parameters filled with an id or a slug."""
    import re

    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    for route in walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or "format" in route:
            continue
        route = re.sub(r"\^|\$|\\\.\(\?P<format>[^)]*\)/?\??", "", route)
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", "1", route)
        yield "/" + route.replace("\\", "")


@pytest.mark.parametrize("address", sorted(set(_api_addresses())))
def test_options_never_fails_on_an_api_endpoint(api_as, citizen, address):
    response = api_as(citizen).options(address)

    assert response.status_code < 500, address
