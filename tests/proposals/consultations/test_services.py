"""Consultation services: opening, reviewing, closing, contributions and agreements."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Event
from proposals.consultations import services as consultation_services
from proposals.models import Proposal
from tests.kinds import K
from tests.proposals.consultations.factories import open_consultation

pytestmark = pytest.mark.django_db
S = Proposal.Status

# --- Consultations ---------------------------------------------------------------------------


def test_consultation_lifecycle(world, people):
    consultation = open_consultation(world, people.paris_dm)
    contribution = consultation_services.contribution_post(
        consultation=consultation, author=people.author, text="Weekly collection."
    )
    consultation_services.agreement_add(contribution=contribution, citizen=people.other)
    with pytest.raises(ValidationError, match="already agree"):
        consultation_services.agreement_add(contribution=contribution, citizen=people.other)
    with pytest.raises(PermissionDenied):
        consultation_services.agreement_add(contribution=contribution, citizen=people.author)
    assert (
        consultation_services.contribution_mark_read(
            contribution=contribution, actor=people.paris_dm
        )
        is True
    )
    assert (
        consultation_services.contribution_mark_read(
            contribution=contribution, actor=people.paris_dm
        )
        is False
    )
    consultation_services.contribution_mark_helped(
        contribution=contribution,
        actor=people.paris_dm,
        outcome_note="Adopted in the 2027 plan.",
    )
    consultation_services.consultation_close(
        consultation=consultation,
        actor=people.paris_dm,
        summary="Weekly bio-waste collection from 2027.",
    )
    contribution.refresh_from_db()
    consultation.refresh_from_db()
    assert contribution.agree_count == 1 and contribution.helped_shape_policy
    assert consultation.closed_at is not None and consultation.contribution_count == 1
    with pytest.raises(ValidationError, match="not open"):
        consultation_services.contribution_post(
            consultation=consultation, author=people.other, text="Late"
        )
    assert list(
        Event.objects.filter(consultation=consultation)
        .order_by("id")
        .values_list("kind", flat=True)
    ) == [
        K.CONSULTATION_OPENED,
        K.CONTRIBUTION_POSTED,
        K.CONTRIBUTION_READ,
        K.CONTRIBUTION_HELPED,
        K.CONSULTATION_CLOSED,
    ]


def test_only_decision_makers_of_the_space_open_and_review(world, people):
    with pytest.raises(PermissionDenied):
        open_consultation(world, people.lyon_dm)
    with pytest.raises(PermissionDenied):
        open_consultation(world, people.other)
    consultation = open_consultation(world, people.paris_dm)
    contribution = consultation_services.contribution_post(
        consultation=consultation, author=people.author, text="x"
    )
    with pytest.raises(PermissionDenied):
        consultation_services.contribution_mark_read(
            contribution=contribution, actor=people.lyon_dm
        )
    with pytest.raises(PermissionDenied):
        consultation_services.consultation_close(
            consultation=consultation, actor=people.other, summary="x"
        )


def test_a_consultation_must_close_after_it_opens(world, people):
    now = timezone.now()
    with pytest.raises(ValidationError):
        open_consultation(world, people.paris_dm, opens_at=now, closes_at=now - timedelta(days=1))


def test_contributions_wait_for_the_opening(world, people):
    now = timezone.now()
    consultation = open_consultation(
        world,
        people.paris_dm,
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=3),
    )
    with pytest.raises(ValidationError, match="not open"):
        consultation_services.contribution_post(
            consultation=consultation, author=people.author, text="Early"
        )
