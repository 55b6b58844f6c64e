"""Typed access to environment variables that fails loudly.

django-environ parses the values; these helpers turn every parse failure into an
``ImproperlyConfigured`` naming the variable and the value's expected form, so a typo in
a deployment stops start-up instead of silently falling back to a default.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from collections.abc import Sequence
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class _Env(environ.Env):
    """environ.Env whose URL parsers reject unknown schemes with a named error."""

    def db_url(self, var=environ.Env.DEFAULT_DATABASE_ENV, default=environ.Env.NOTSET, engine=None):
        raw = os.environ.get(var)
        if raw is not None:
            scheme = urlsplit(raw).scheme
            if scheme not in self.DB_SCHEMES:
                raise ImproperlyConfigured(
                    f"{var} is malformed: {raw!r} is not a database URL "
                    f"(expected e.g. postgres://user@host:5432/name or sqlite:///path)."
                )
        return super().db_url(var, default=default, engine=engine)

    def email_url(
        self, var=environ.Env.DEFAULT_EMAIL_ENV, default=environ.Env.NOTSET, backend=None
    ):
        raw = os.environ.get(var)
        if raw is not None and urlsplit(raw).scheme not in self.EMAIL_SCHEMES:
            raise ImproperlyConfigured(
                f"{var} is malformed: {raw!r} (expected smtp://, smtp+tls://, consolemail:// ...)."
            )
        return super().email_url(var, default=default, backend=backend)


env = _Env()


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} is malformed: {raw!r} is not a boolean (use true or false)."
    )


def env_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} is malformed: {raw!r} is not a whole number.") from None


def env_choice(name: str, choices: Sequence[str], *, default: str) -> str:
    value = os.environ.get(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name} is malformed: {value!r} is not one of {', '.join(choices)}."
        )
    return value


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, *, default: str) -> str:
    """A URL with a scheme and a host (``redis://127.0.0.1:6379/0``), or the default."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    parts = urlsplit(raw.strip())
    if not parts.scheme or not (parts.netloc or parts.path):
        raise ImproperlyConfigured(f"{name} is malformed: {raw!r} is not a URL.")
    return raw.strip()


def env_match(name: str, pattern: str, *, default: str, expected: str) -> str:
    """A string matching the regular expression ``pattern`` in full, or the default.

    ``expected`` describes the form in the error message (``"e.g. 120/min"``).
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip()
    if not re.fullmatch(pattern, value):
        raise ImproperlyConfigured(f"{name} is malformed: {raw!r} (expected {expected}).")
    return value


def env_timezone(name: str, *, default: str) -> str:
    """An IANA time zone name (``Europe/Paris``), or the default."""
    value = (os.environ.get(name) or "").strip() or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} is malformed: {value!r} is not a time zone (expected e.g. Europe/Paris)."
        ) from None
    return value
