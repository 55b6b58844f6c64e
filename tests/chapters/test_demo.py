"""chapters.demo.load(): the demo chapters, loaded twice without change."""

from __future__ import annotations

import pytest
from django.utils import timezone

from chapters import demo
from chapters.models import Chapter, Meeting, Membership
from proposals.discussions.models import Comment
from tests.civic.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(world):
    """The demo logins ``load_demo`` creates before loading the chapters."""
    return {
        "admin": CitizenFactory(email=demo.ADMIN, is_staff=True, is_superuser=True),
        "organiser": CitizenFactory(email=demo.ORGANISER, display_name="Amadou Diallo"),
        "citizen": CitizenFactory(email=demo.CITIZEN, display_name="Camille Martin"),
    }


def test_the_demo_has_three_chapters_a_meeting_and_a_request(accounts, world):
    first = demo.load()
    second = demo.load()

    assert first == second == {"chapters": 3, "meetings": 1, "requests": 1}
    paris = Chapter.objects.get(space=world.places.paris)
    assert paris.policy == Chapter.Policy.APPROVAL
    assert paris.memberships.organisers().get().citizen == accounts["organiser"]
    request = paris.memberships.get(citizen=accounts["citizen"])
    assert request.status == Membership.Status.PENDING
    meeting = Meeting.objects.get(chapter=paris)
    days_ahead = (meeting.starts_at - timezone.now()).days
    assert 25 <= days_ahead <= 31
    assert Comment.objects.filter(chapter=paris).count() == 1
    assert Chapter.objects.get(space=world.places.montreal).policy == Chapter.Policy.OPEN
    france = Chapter.objects.get(space=world.places.france)
    assert france.kind == Chapter.Kind.NATIONAL
    assert not france.memberships.exists()


def test_the_demo_waits_for_its_accounts(world):
    assert demo.load() == {"chapters": 0, "meetings": 0, "requests": 0}
    assert not Chapter.objects.exists()
