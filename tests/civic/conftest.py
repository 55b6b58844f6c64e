"""Fixtures for citizen accounts: mandatory verification, a signed-in citizen, a home city."""

import re

import pytest
from django.core import mail

from tests.civic.factories import PASSWORD, CitizenFactory


@pytest.fixture
def mandatory_verification(settings):
    """DEBUG defaults to true in development, which makes verification optional."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


@pytest.fixture
def citizen(db):
    return CitizenFactory(email="ana@example.org", display_name="Ana")


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def paris(db):
    from jurisdictions.models import Jurisdiction

    return Jurisdiction.objects.add_root(
        instance=Jurisdiction(
            name="Paris",
            kind=Jurisdiction.Kind.CITY,
            slug="paris",
            code="FR-75/paris",
            country_code="FR",
            label="Paris, Île-de-France, France",
        )
    )


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in an email body that starts with ``path_prefix``."""
    match = re.search(rf"https?://testserver({re.escape(path_prefix)}\S*)", message.body)
    assert match, f"no {path_prefix} link in: {message.body}"
    return match.group(1)


def log_in(client, email: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]
