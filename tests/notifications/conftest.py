"""Fixtures for the notification tests: the small world, and delivery of recorded events.

``delivered`` runs what services enqueue on commit (the dispatch task, eagerly, and the
emails it queues), as a real commit would::

    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)

Builders of proposals and consultations live in ``tests/notifications/builders.py``.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.jurisdictions.builders import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def delivered(django_capture_on_commit_callbacks):
    def deliver():
        return django_capture_on_commit_callbacks(execute=True)

    return deliver


@pytest.fixture
def client_as(db):
    """client_as(citizen) → a new test ``Client`` logged in as that citizen."""

    def make(citizen) -> Client:
        client = Client()
        client.force_login(citizen)
        return client

    return make


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://civic.example"
