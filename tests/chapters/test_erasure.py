"""Account erasure leaves no trace in the chapters: no membership, no RSVP, and every count
that included the citizen drops; a last organiser's chapter passes to another member."""

from __future__ import annotations

import pytest

from chapters.models import RSVP, Membership
from chapters.services import membership_share_email, rsvp_add
from civic.services import citizen_erase
from tests.chapters.factories import member_of

pytestmark = pytest.mark.django_db


def test_an_erased_member_no_longer_counts_as_a_member_or_an_attendee(
    paris_chapter, organiser, meeting
):
    member = member_of(paris_chapter, display_name="Marie Membre")
    membership_share_email(citizen=member, chapter=paris_chapter, share=True)
    rsvp_add(citizen=member, meeting=meeting)
    paris_chapter.refresh_from_db()
    meeting.refresh_from_db()
    assert (paris_chapter.member_count, meeting.rsvp_count) == (2, 1)

    citizen_erase(citizen=member)

    paris_chapter.refresh_from_db()
    meeting.refresh_from_db()
    assert (paris_chapter.member_count, meeting.rsvp_count) == (1, 0)
    assert not Membership.objects.filter(citizen=member).exists()
    assert not RSVP.objects.filter(citizen=member).exists()


def test_an_erased_last_organiser_hands_the_chapter_to_the_longest_standing_member(
    paris_chapter, organiser
):
    first = member_of(paris_chapter, display_name="First")
    member_of(paris_chapter, display_name="Second")

    citizen_erase(citizen=organiser)

    organisers = Membership.objects.organisers().filter(chapter=paris_chapter)
    assert [m.citizen for m in organisers] == [first]
    paris_chapter.refresh_from_db()
    assert paris_chapter.member_count == 2
