"""The client's address, the one function every rate limit asks (DRF's throttles,
django-ratelimit and allauth's login limits).

``X-Forwarded-For`` is anyone's to write: it is read only behind ``TRUSTED_PROXY_COUNT``
reverse proxies (0 by default: the connection's address, ``REMOTE_ADDR``, is the client). With
*n* trusted proxies, each appending the address it received from, the client is the *n*-th
address from the right; an address further left was written by the client itself.
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    """The address of the client of ``request`` (a Django or DRF request)."""
    request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if len(hops) < trusted:
        return remote  # not through every proxy: the connection's address is all we know
    return hops[-trusted]
