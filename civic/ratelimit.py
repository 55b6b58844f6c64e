"""Rate limits on every write (django-ratelimit over the shared cache).

Web views get a form-level message and a 429 page; API views get a 429 JSON body
(``civic.api.throttling``). The budget per citizen is ``WRITE_RATE_LIMIT``.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited


def write_limited(request, *, group: str, rate: str | None = None) -> bool:
    """Count one write by this citizen (or IP) in ``group``; True once over the budget."""
    return is_ratelimited(
        request,
        group=group,
        key="user_or_ip",
        rate=rate or settings.WRITE_RATE_LIMIT,
        method=ALL,
        increment=True,
    )


def ratelimit_write(view=None, *, group: str | None = None, rate: str | None = None):
    """Decorate a POST view: over the budget, answer 429 with a message instead of writing."""

    def decorator(func):
        name = group or f"{func.__module__}.{func.__name__}"

        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and write_limited(request, group=name, rate=rate):
                return render(request, "429.html", status=429)
            return func(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
