"""Every privileged write leaves one audit row, whichever door it came through.

Staff edits in the admin go through the same services as the web (``mandate_assign``,
``body_ensure``, ``responsibility_set``…), so the admin writes the same rows; an unchanged
save writes none. Account erasure names the account by its id only.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from chapters.services import meeting_create, membership_approve, membership_join
from civic.audit.models import AuditEntry
from civic.services import citizen_erase
from jurisdictions.models import Body, Mandate
from tests.chapters.factories import start_chapter
from tests.civic.factories import PASSWORD, CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    member = CitizenFactory(is_staff=True, is_superuser=True)
    client.force_login(member)
    return member


def rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_an_organiser_approving_a_request_and_scheduling_a_meeting_is_audited(world):
    organiser = CitizenFactory()
    chapter = start_chapter(world.places.paris, organiser, policy="approval")
    applicant = CitizenFactory()
    membership = membership_join(citizen=applicant, chapter=chapter)

    membership_approve(actor=organiser, membership=membership)
    starts = timezone.now() + datetime.timedelta(days=3)
    meeting = meeting_create(
        actor=organiser,
        chapter=chapter,
        title="Bins walk",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Mairie",
    )

    [approved] = rows("membership.approve")
    assert (approved.actor, approved.space, approved.before, approved.after) == (
        organiser,
        world.places.paris,
        "pending",
        "active",
    )
    [scheduled] = rows("meeting.create")
    assert (scheduled.object_type, scheduled.object_id) == ("meeting", meeting.pk)


def test_a_mandate_added_in_the_admin_is_audited_once(client, staff, world):
    councillor = CitizenFactory()
    body = world.bodies.lyon_city_hall

    response = client.post(
        reverse("admin:jurisdictions_mandate_add"),
        {"citizen": councillor.pk, "body": body.pk, "role": "elected", "title": "Deputy",
         "start_date": "2024-01-01", "end_date": ""},
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    mandate = Mandate.objects.get(citizen=councillor)
    [assigned] = rows("mandate.assign")
    assert (assigned.actor, assigned.object_id, assigned.space) == (staff, mandate.pk, body.space)


def test_a_body_saved_unchanged_in_the_admin_writes_no_row(client, staff, world):
    body = world.bodies.paris_council
    url = reverse("admin:jurisdictions_body_change", args=[body.pk])
    form = {"space": body.space_id, "name": body.name, "kind": body.kind,
            "contact_email": body.contact_email, "website": body.website,
            "mandates-TOTAL_FORMS": "0", "mandates-INITIAL_FORMS": "0",
            "mandates-MIN_NUM_FORMS": "0", "mandates-MAX_NUM_FORMS": "1000"}  # fmt: skip

    assert client.post(url, form).status_code == 302
    assert rows("body.update") == []

    assert client.post(url, form | {"website": "https://example.org/conseil"}).status_code == 302
    [updated] = rows("body.update")
    assert (updated.actor, updated.note) == (staff, "website")
    assert Body.objects.get(pk=body.pk).website == "https://example.org/conseil"


def test_ending_mandates_from_the_admin_list_is_audited(client, staff, world):
    mandate = world.mayor_mandate

    response = client.post(
        reverse("admin:jurisdictions_mandate_changelist"),
        {"action": "end_today", "_selected_action": [mandate.pk]},
    )

    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.end_date == timezone.localdate()
    [ended] = rows("mandate.end")
    assert (ended.actor, ended.object_id) == (staff, mandate.pk)


def test_a_citizen_erasing_their_account_leaves_a_row_without_personal_data(client):
    citizen = CitizenFactory(email="leaving@example.org", display_name="Léa Départ")
    client.force_login(citizen)

    response = client.post(reverse("delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    [erased] = rows("citizen.erase")
    assert (erased.actor_id, erased.object_id, erased.note) == (citizen.pk, citizen.pk, "self")
    text = " ".join([erased.before, erased.after, erased.note, str(erased)])
    assert "leaving" not in text and "Léa" not in text


def test_staff_erasing_an_account_are_named_as_the_actor(world):
    staff = CitizenFactory(is_staff=True, is_superuser=True)
    citizen = CitizenFactory()

    citizen_erase(citizen=citizen, actor=staff)
    citizen_erase(citizen=citizen, actor=staff)  # already erased: nothing more

    [erased] = rows("citizen.erase")
    assert (erased.actor, erased.object_id, erased.note) == (staff, citizen.pk, "staff")
