"""Following a consultation from its page and the API: told before it closes and of its
outcome (issue 19 §5). Contributing follows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from proposals.consultations import services
from proposals.consultations.models import ConsultationFollow
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.pages import page
from tests.proposals.consultations.factories import contribute, open_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(world):
    return open_consultation(world, world.mayor)


def test_a_citizen_follows_and_unfollows_a_consultation_from_its_page(client_as, consultation):
    citizen = CitizenFactory()
    client = client_as(citizen)
    url = reverse("consultations:follow", args=[consultation.pk])

    before = page(client.get(consultation.get_absolute_url()))
    followed = page(client.post(url, follow=True))

    assert "Follow this consultation" in before
    assert "You follow this consultation: you will be told before it closes" in followed
    assert "You follow this consultation — stop following" in followed
    assert ConsultationFollow.objects.filter(consultation=consultation, citizen=citizen).exists()

    stopped = page(client.post(url, {"action": "unfollow"}, follow=True))

    assert "You no longer follow this consultation." in stopped
    assert not ConsultationFollow.objects.filter(citizen=citizen).exists()


def test_an_anonymous_visitor_is_asked_to_sign_in_and_sees_no_button(client, consultation):
    response = client.post(reverse("consultations:follow", args=[consultation.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "Follow this consultation" not in page(client.get(consultation.get_absolute_url()))
    assert not ConsultationFollow.objects.exists()


def test_an_unknown_consultation_is_a_404(client_as):
    response = client_as(CitizenFactory()).post(reverse("consultations:follow", args=[999999]))

    assert response.status_code == 404


def test_the_api_follows_and_unfollows(api_as, api, consultation):
    citizen = CitizenFactory()
    url = f"/api/v1/consultations/{consultation.pk}/follow/"

    assert api.post(url).status_code == 401
    assert api_as(citizen).post(url).json() == {"followed": True}
    assert ConsultationFollow.objects.filter(citizen=citizen).count() == 1
    assert api_as(citizen).delete(url).json() == {"followed": False}
    assert not ConsultationFollow.objects.filter(citizen=citizen).exists()


def test_contributing_follows_the_consultation(world, consultation):
    writer = CitizenFactory()

    contribute(consultation, writer)

    assert ConsultationFollow.objects.filter(consultation=consultation, citizen=writer).exists()


def test_followers_are_told_before_it_closes_and_of_its_outcome(world, consultation, delivered):
    follower, writer, stopped = CitizenFactory(), CitizenFactory(), CitizenFactory()
    services.consultation_follow(consultation=consultation, citizen=follower)
    contribute(consultation, writer)
    contribute(consultation, stopped)
    services.consultation_unfollow(consultation=consultation, citizen=stopped)
    type(consultation).objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() + timedelta(hours=20)
    )

    with delivered():
        services.consultations_remind_closing()
    with delivered():
        services.consultation_close(
            consultation=consultation, actor=world.mayor, summary="Weekly collection."
        )

    def told(citizen):
        return sorted(
            Notification.objects.filter(recipient=citizen).values_list("kind", flat=True)
        )

    both = sorted([K.CONSULTATION_CLOSING, K.CONSULTATION_CLOSED])
    assert told(follower) == told(writer) == both
    assert told(stopped) == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([follower.email, writer.email] * 2)
