"""Fixtures for the notification tests: the small world, and delivery of recorded events.

``delivered`` runs what services enqueue on commit (the dispatch task, eagerly, and the
emails it queues), as a real commit would::

    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)

Builders of proposals and consultations live in ``tests/notifications/factories.py``.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://civic.example"
