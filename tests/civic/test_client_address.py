"""One client address for every rate limit: a forged X-Forwarded-For changes nothing unless
civic sits behind that many trusted proxies (TRUSTED_PROXY_COUNT)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from civic.net import client_ip

pytestmark = pytest.mark.django_db


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_received_from_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; the proxy appended the address it saw.
    forged = request_from("10.0.0.2", "6.6.6.6, 198.51.100.7")

    assert client_ip(forged) == "198.51.100.7"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2", "")) == "10.0.0.2"


def test_behind_two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"
    assert client_ip(request_from("10.0.0.2", "198.51.100.7")) == "10.0.0.2"


def test_a_forged_header_does_not_get_around_the_api_throttle(settings, monkeypatch):
    from civic.api.throttling import AnonRateThrottle

    settings.TRUSTED_PROXY_COUNT = 0
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/min", "user": "2/min"})
    api = APIClient()

    codes = [
        api.get("/api/v1/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]

    assert codes == [200, 200, 429]


def test_web_write_limits_and_allauth_count_the_same_address(settings, rf):
    from allauth.account.adapter import get_adapter
    from django_ratelimit.core import _get_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", "6.6.6.6, 198.51.100.7")

    assert _get_ip(request) == "198.51.100.7"
    assert get_adapter(request).get_client_ip(request) == "198.51.100.7"
