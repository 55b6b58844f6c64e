"""Plain functions that build chapters, members and meetings for tests, through the services.

Used by the fixtures of ``tests/chapters/conftest.py`` and by the browser tests.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from chapters import services
from chapters.models import Chapter
from tests.civic.factories import CitizenFactory


def start_chapter(space, organiser, *, policy=Chapter.Policy.OPEN, name="", **fields) -> Chapter:
    """A chapter of ``space`` started by ``organiser`` (its first organiser)."""
    return services.chapter_create(
        actor=organiser, space=space, name=name, policy=policy, organiser=organiser, **fields
    )


def member_of(chapter, citizen=None, **factory_fields):
    """An active member of ``chapter`` (approved by an organiser if the chapter asks)."""
    citizen = citizen or CitizenFactory(**factory_fields)
    membership = services.membership_join(citizen=citizen, chapter=chapter)
    if membership.status != membership.Status.ACTIVE:
        organiser = chapter.memberships.organisers().first().citizen
        services.membership_approve(actor=organiser, membership=membership)
    return citizen


def schedule(chapter, organiser, *, in_days=7, hours=2, **fields):
    """A meeting of ``chapter`` in ``in_days`` days, in a place unless told otherwise."""
    starts_at = (timezone.now() + timedelta(days=in_days)).replace(microsecond=0)
    values = {
        "title": "Monthly meeting",
        "description": "",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "place": "Maison des associations, Paris",
        "online_url": "",
        "capacity": None,
    }
    values.update(fields)
    return services.meeting_create(actor=organiser, chapter=chapter, **values)
