"""The admin shows the outbox and the notifications to staff, read-only."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from notifications.models import Event, Notification
from proposals import services as participation
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_receipt(world, delivered):
    proposal = submit(world, CitizenFactory(email="alice@example.org"), title="Benches")
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    return Event.objects.get(kind=K.PROPOSAL_READ)


def signed_in(citizen) -> Client:
    client = Client()
    client.force_login(citizen)
    return client


@pytest.fixture
def superuser(db):
    return CitizenFactory(is_staff=True, is_superuser=True)


def test_staff_browse_and_filter_events(read_receipt, superuser):
    client = signed_in(superuser)
    page = client.get("/admin/notifications/event/", {"kind": K.PROPOSAL_READ, "dispatched": "yes"})
    assert page.status_code == 200
    assert f"/admin/notifications/event/{read_receipt.pk}/change/" in page.text
    not_yet = client.get("/admin/notifications/event/", {"dispatched": "no"}).text
    assert f"/admin/notifications/event/{read_receipt.pk}/change/" not in not_yet
    found = client.get("/admin/notifications/event/", {"q": "Benches"}).text
    assert f"/admin/notifications/event/{read_receipt.pk}/change/" in found


def test_nobody_edits_the_outbox_or_the_notifications(read_receipt, superuser):
    client = signed_in(superuser)
    detail = client.get(f"/admin/notifications/event/{read_receipt.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.text
    assert client.get("/admin/notifications/event/add/").status_code == 403
    response = client.post(
        f"/admin/notifications/event/{read_receipt.pk}/change/", {"kind": K.PROPOSAL_ANSWERED}
    )
    assert response.status_code == 403
    assert Event.objects.get(pk=read_receipt.pk).kind == K.PROPOSAL_READ
    delete = client.get(f"/admin/notifications/event/{read_receipt.pk}/delete/")
    assert delete.status_code == 403

    notification = Notification.objects.get(event=read_receipt)
    listing = client.get("/admin/notifications/notification/", {"q": "alice@example.org"})
    assert f"/admin/notifications/notification/{notification.pk}/change/" in listing.text
    detail = client.get(f"/admin/notifications/notification/{notification.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.text


def test_staff_need_the_view_permission(read_receipt):
    staff = CitizenFactory(is_staff=True)
    client = signed_in(staff)
    assert client.get("/admin/notifications/event/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_event"))
    assert signed_in(staff).get("/admin/notifications/event/").status_code == 200


def test_citizens_do_not_get_in(read_receipt):
    response = signed_in(CitizenFactory()).get("/admin/notifications/event/")
    assert response.status_code == 302
