"""Platform-wide powers belong to platform staff; ``is_staff`` alone only opens the admin.
The spaces a citizen serves are read once per request."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import Group
from django.urls import reverse

from civic.rules import PLATFORM_STAFF_GROUP, is_platform_staff
from jurisdictions.models import Mandate
from jurisdictions.rules import served_spaces
from jurisdictions.services import mandate_assign
from proposals import services
from tests.civic.factories import CitizenFactory
from tests.proposals.factories import proposal_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon_proposal(world):
    return services.proposal_create(
        author=CitizenFactory(), space=world.places.lyon, submit=True, **proposal_fields(world)
    )


def test_staff_alone_open_the_admin_but_act_nowhere(client, world, lyon_proposal):
    staff = CitizenFactory(is_staff=True)
    assert not is_platform_staff(staff)
    assert not rules.has_perm("proposals.answer_proposal", staff, lyon_proposal)
    assert not rules.has_perm("jurisdictions.use_dashboard", staff)
    assert not rules.has_perm("consultations.open_consultation", staff, world.places.lyon)
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    changelist = reverse("admin:proposals_proposal_changelist")
    assert client.get(changelist).status_code == 403
    answer = client.post(
        reverse("proposals:answer", args=[lyon_proposal.pk]),
        {"text": "No.", "outcome": "declined"},
    )
    assert answer.status_code == 404  # as for an unknown id: not theirs to act on
    lyon_proposal.refresh_from_db()
    assert lyon_proposal.status == "submitted"


def test_platform_staff_act_everywhere(client, world, lyon_proposal):
    member = CitizenFactory(platform_staff=True)
    assert is_platform_staff(member)
    assert rules.has_perm("proposals.answer_proposal", member, lyon_proposal)
    assert rules.has_perm("jurisdictions.use_dashboard", member)
    client.force_login(member)
    assert client.get(reverse("admin:proposals_proposal_changelist")).status_code == 200


def test_the_group_alone_without_staff_status_gives_no_power(world, lyon_proposal):
    citizen = CitizenFactory()
    citizen.groups.add(Group.objects.get(name=PLATFORM_STAFF_GROUP))
    assert not is_platform_staff(citizen)
    assert not rules.has_perm("proposals.answer_proposal", citizen, lyon_proposal)


def test_a_superuser_and_nobody_inactive_is_platform_staff():
    assert is_platform_staff(CitizenFactory(is_staff=True, is_superuser=True))
    assert not is_platform_staff(CitizenFactory(platform_staff=True, is_active=False))


def test_the_platform_staff_group_exists_after_migrating():
    assert Group.objects.filter(name=PLATFORM_STAFF_GROUP).exists()


def test_the_spaces_served_are_read_once_for_every_check(
    world, lyon_proposal, django_assert_num_queries
):
    mayor = world.mayor
    with django_assert_num_queries(1):
        for _ in range(5):
            rules.has_perm("proposals.answer_proposal", mayor, lyon_proposal)
            rules.has_perm("consultations.open_consultation", mayor, world.places.paris)
            rules.has_perm("jurisdictions.use_dashboard", mayor)
    assert [space.pk for space in served_spaces(mayor)] == [world.places.paris.pk]


def test_a_new_mandate_counts_at_once_for_the_same_citizen(world, lyon_proposal):
    citizen = CitizenFactory()
    assert not rules.has_perm("proposals.answer_proposal", citizen, lyon_proposal)
    mandate_assign(
        citizen=citizen, body=world.bodies.lyon_city_hall, role=Mandate.Role.ELECTED, title="Mayor"
    )
    assert rules.has_perm("proposals.answer_proposal", citizen, lyon_proposal)
