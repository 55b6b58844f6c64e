"""Minimal Django 4.2 settings for django-notifications-hq, the benchmark's peer.

Used only by benchmarks/peer_notify.py inside benchmarks/.peer-venv; the database comes
from PEER_DATABASE_URL (postgres://user@host:port/name), on the same PostgreSQL server
as civic's benchmark database.
"""

import os
from urllib.parse import unquote, urlsplit

_url = urlsplit(os.environ["PEER_DATABASE_URL"])

SECRET_KEY = "benchmark-only"  # noqa: S105 - signs nothing: no request is ever served
DEBUG = False
USE_TZ = True
TIME_ZONE = "Europe/Paris"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "notifications",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/"),
        "USER": unquote(_url.username or "postgres"),
        "PASSWORD": unquote(_url.password or ""),
        "HOST": _url.hostname or "127.0.0.1",
        "PORT": _url.port or 5432,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
