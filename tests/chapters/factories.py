"""Factories of the chapters app: builders through the services, and a factory per model.

The functions build chapters, members and meetings through the services;

Used by the fixtures of ``tests/chapters/conftest.py`` and by the browser tests.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from chapters import services
from chapters.models import RSVP, Chapter, Meeting, Membership
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import JurisdictionFactory


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


# --- one factory per model: a row, directly -------------------------------------------------
class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter

    space = factory.SubFactory(JurisdictionFactory)
    kind = Chapter.Kind.LOCAL
    name = factory.Sequence(lambda n: f"Chapter {n}")
    slug = factory.Sequence(lambda n: f"chapter-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member (``role=Membership.Role.ORGANISER`` for an organiser)."""

    class Meta:
        model = Membership

    chapter = factory.SubFactory(ChapterFactory)
    citizen = factory.SubFactory(CitizenFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting next week, two hours long, in a place."""

    class Meta:
        model = Meeting

    chapter = factory.SubFactory(ChapterFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "Maison des associations, Paris"
    created_by = factory.SubFactory(CitizenFactory)


class RSVPFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RSVP

    meeting = factory.SubFactory(MeetingFactory)
    citizen = factory.SubFactory(CitizenFactory)
