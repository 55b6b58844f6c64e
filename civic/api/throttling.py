"""The write budget of the web pages, applied to the API (429 JSON with a message).

Web views count each citizen's writes with ``civic.ratelimit.ratelimit_write``; the API's
default throttles include ``WriteRateThrottle`` (``REST_FRAMEWORK`` in the settings), so the
same ``WRITE_RATE_LIMIT`` (django-ratelimit syntax, such as ``30/m``) holds per citizen and
per scope on every endpoint, in the same shared cache.
Reads are never counted here (DRF's ``anon``/``user`` throttles still apply to them).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, throttling
from rest_framework.permissions import SAFE_METHODS

from civic.net import client_ip
from civic.ratelimit import write_limited


class ClientAddressMixin:
    """Anonymous callers are counted by ``civic.net.client_ip`` (trusted proxies only)."""

    def get_ident(self, request) -> str:
        return client_ip(request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass


def write_scope(view) -> str:
    """The counter a write belongs to: ``view.write_scope`` if set, else basename.action.

    For example ``api:proposal.support`` (POST and DELETE share it) or ``api:comment.create``.
    """
    scope = getattr(view, "write_scope", None)
    if scope:
        return scope
    name = getattr(view, "basename", None) or type(view).__name__
    action = getattr(view, "action", None) or (view.request.method or "").lower()
    return f"api:{name}.{action}"


class WriteRateThrottle(throttling.BaseThrottle):
    """At most ``WRITE_RATE_LIMIT`` writes per citizen (or address) per scope.

    Over the budget the request gets a 429 whose ``detail`` says what to do: raised here,
    because DRF's own ``throttled()`` only knows the generic "Request was throttled."
    """

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        # ``request`` is DRF's: its ``user`` is the token or session citizen, which
        # django-ratelimit's "user_or_ip" key reads.
        if write_limited(request, group=write_scope(view)):
            raise exceptions.Throttled(
                detail=_("You are doing this too often. Wait a minute, then try again.")
            )
        return True
