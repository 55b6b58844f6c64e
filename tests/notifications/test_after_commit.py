"""Nothing a request does after its commit may fail it: an email header is one line whatever
a title holds, and a mail server that cannot be reached leaves the saved change standing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from notifications.models import Event
from proposals import services
from proposals.models import Proposal
from tests.civic.factories import CitizenFactory
from tests.proposals.factories import proposal_fields

pytestmark = pytest.mark.django_db


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def author(world):
    return CitizenFactory(display_name="Alice Author")


def test_a_title_with_a_line_break_makes_a_one_line_subject(
    world, author, client_as, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    proposal = services.proposal_create(
        author=author, space=world.places.paris, submit=True,
        **proposal_fields(world, title="Bins\r\nBcc: someone@evil.example"),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(world.mayor).get(proposal.get_absolute_url())

    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.READ
    (email,) = [m for m in mail.outbox if author.email in m.to]
    assert "\n" not in email.subject and "\r" not in email.subject
    assert "Bins Bcc: someone@evil.example" in email.subject
    assert email.bcc == []


def test_an_unreachable_mail_server_does_not_fail_a_saved_answer(
    world, author, client_as, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"
    proposal = services.proposal_create(
        author=author, space=world.places.paris, submit=True, **proposal_fields(world)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(world.mayor).post(
            f"/proposals/{proposal.pk}/answer/", {"text": "Yes.", "outcome": "accepted"}
        )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.answer_text == "Yes."
    # The relay delivers later: the event waits, undispatched.
    assert Event.objects.filter(proposal=proposal, dispatched_at__isnull=True).exists()
