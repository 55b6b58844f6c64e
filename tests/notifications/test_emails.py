"""Immediate emails, digests and one-click unsubscribe (``notifications/emails.py``)."""

import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from jurisdictions.services import follow_add
from notifications import services
from notifications.emails import (
    UNSUBSCRIBE_SALT,
    citizens_due_for_digest,
    digest_send,
    notification_email_send,
    unsubscribe_token,
)
from notifications.models import Event, InboxState, Notification, Preference
from notifications.tasks import send_digests, send_notification_email
from proposals import services as participation
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import open_consultation, submit

pytestmark = pytest.mark.django_db


def read_receipt(world, delivered, author, title="More bins"):
    proposal = submit(world, author, title=title)
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    return proposal


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://civic.example/") and header.endswith(">")
    return urlsplit(header[1:-1]).path


# --- immediate emails -----------------------------------------------------------------------


def test_the_author_is_emailed_once_in_text_and_html_with_unsubscribe_headers(world, delivered):
    author = CitizenFactory(display_name="Alice", email="alice@example.org")
    proposal = read_receipt(world, delivered, author)

    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "[civic] Your proposal “More bins” was read by Paris."
    assert "Hello Alice," in message.body
    assert f"https://civic.example{proposal.get_absolute_url()}" in message.body
    assert "Your proposal “More bins” was read by Paris." in html_of(message)
    assert f'href="https://civic.example{proposal.get_absolute_url()}"' in html_of(message)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(message).startswith("/notifications/unsubscribe/")
    assert message.extra_headers["Content-Language"] == "en"

    # The dispatch again, the email task again: nothing more.
    event = Event.objects.get(kind=K.PROPOSAL_READ)
    assert services.event_dispatch(event_id=event.pk) == []
    notification = Notification.objects.get(event=event)
    assert send_notification_email.delay(notification.pk).get() == 0
    assert len(mail.outbox) == 1


def test_a_french_citizen_is_emailed_in_french(world, delivered):
    author = CitizenFactory(display_name="Amélie", preferred_language="fr")
    read_receipt(world, delivered, author, title="Plus de poubelles")

    [message] = mail.outbox
    assert message.subject == "[civic] Votre proposition « Plus de poubelles » a été lue par Paris."
    assert message.extra_headers["Content-Language"] == "fr"
    assert "Bonjour Amélie," in message.body
    assert "Ne plus recevoir ces e-mails :" in message.body
    assert '<html lang="fr">' in html_of(message)


def test_followers_of_the_space_are_not_emailed_right_away(world, delivered):
    follower = CitizenFactory()
    follow_add(citizen=follower, space=world.places.paris)
    read_receipt(world, delivered, CitizenFactory(email="author@example.org"))
    assert [m.to for m in mail.outbox] == [["author@example.org"]]


def test_a_failed_send_backs_off_and_the_relay_sends_it_later(world, delivered, monkeypatch):
    from notifications.models import EmailState
    from notifications.tasks import relay_undispatched

    author = CitizenFactory()
    proposal = submit(world, author)
    participation.proposal_mark_read(proposal=proposal, reader=world.mayor)  # not dispatched
    event = Event.objects.get(kind=K.PROPOSAL_READ)
    [notification_id] = services.event_dispatch(event_id=event.pk)

    def smtp_down(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", smtp_down)
        assert notification_email_send(notification_id=notification_id) is False
    notification = Notification.objects.get(pk=notification_id)
    assert (notification.email_state, notification.email_attempts) == (EmailState.PENDING, 1)
    assert "smtp down" in notification.email_error
    assert notification.emailed_at is None
    assert notification.email_due_at > timezone.now()  # backs off a minute
    assert relay_undispatched() == 0  # not due yet

    Notification.objects.filter(pk=notification_id).update(email_due_at=timezone.now())
    assert relay_undispatched() == 1

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert (notification.email_state, notification.email_attempts) == (EmailState.SENT, 2)


def test_an_email_fails_for_good_after_the_last_attempt_with_its_reason(
    world, delivered, monkeypatch, settings
):
    from notifications.models import EmailState

    settings.NOTIFICATIONS_EMAIL_ATTEMPTS = 2
    participation.proposal_mark_read(proposal=submit(world, CitizenFactory()), reader=world.mayor)
    [notification_id] = services.event_dispatch(event_id=Event.objects.get(kind=K.PROPOSAL_READ).pk)

    def refused(self, fail_silently=False):
        raise smtplib.SMTPDataError(550, b"mailbox unavailable")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refused)
    for _ in range(3):
        Notification.objects.filter(pk=notification_id).update(email_due_at=timezone.now())
        notification_email_send(notification_id=notification_id)

    notification = Notification.objects.get(pk=notification_id)
    assert (notification.email_state, notification.email_attempts) == (EmailState.FAILED, 2)
    assert "mailbox unavailable" in notification.email_error


def test_a_worker_killed_mid_send_leaves_a_lease_that_ends_and_the_email_goes(world, delivered):
    from notifications.models import EmailState
    from notifications.tasks import relay_undispatched

    participation.proposal_mark_read(proposal=submit(world, CitizenFactory()), reader=world.mayor)
    [notification_id] = services.event_dispatch(event_id=Event.objects.get(kind=K.PROPOSAL_READ).pk)
    assert services.notification_claim_email(notification_id=notification_id)  # then killed
    assert not services.notification_claim_email(notification_id=notification_id)  # leased
    assert relay_undispatched() == 0

    Notification.objects.filter(pk=notification_id).update(email_due_at=timezone.now())
    relay_undispatched()

    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=notification_id).email_state == EmailState.SENT


def test_one_task_sends_a_chunk_over_one_connection_with_stable_message_ids(
    world, delivered, settings, monkeypatch
):
    from notifications import emails

    connections = []
    real = emails.get_connection
    monkeypatch.setattr(emails, "get_connection", lambda: connections.append(1) or real())
    settings.NOTIFICATIONS_EMAIL_CHUNK = 2
    proposal = submit(world, CitizenFactory())
    for _ in range(4):
        participation.support_add(proposal=proposal, citizen=CitizenFactory())
    with delivered():
        participation.proposal_set_status(
            proposal=proposal, actor=world.mayor, status="implemented", note="Done."
        )

    ids = [m.extra_headers["Message-ID"] for m in mail.outbox]
    sent = Notification.objects.filter(email_state="sent").count()
    assert len(ids) == len(set(ids)) == sent >= 5
    per_event = (
        Notification.objects.filter(email_state="sent").values("event").annotate(n=Count("pk"))
    )
    assert len(connections) == sum((row["n"] + 1) // 2 for row in per_event)  # chunks of 2
    assert all(i.startswith("<civic-notification-") and i.endswith("@civic.example>") for i in ids)


# --- one-click unsubscribe ------------------------------------------------------------------


def test_one_click_unsubscribe_works_without_session_or_csrf_and_stops_those_emails(
    world, delivered
):
    author = CitizenFactory(email="alice@example.org")
    read_receipt(world, delivered, author)
    path = unsubscribe_path(mail.outbox[0])

    # What a mail client does (RFC 8058): a bare POST, no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "You will no longer receive these emails." in response.text
    assert Preference.objects.get(citizen=author, kind=K.PROPOSAL_READ).enabled is False

    mail.outbox.clear()
    read_receipt(world, delivered, author, title="Second")
    assert mail.outbox == []
    # Only email stops: the notification is still in the inbox.
    assert Notification.objects.filter(recipient=author).count() == 2


def test_opening_the_unsubscribe_link_asks_before_unsubscribing(world, delivered):
    author = CitizenFactory()
    read_receipt(world, delivered, author)
    response = Client().get(unsubscribe_path(mail.outbox[0]))
    assert response.status_code == 200
    assert "Stop receiving these emails?" in response.text
    assert not Preference.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_unsubscribe_token_is_not_found(world, method):
    citizen = CitizenFactory()
    forged = signing.dumps({"c": citizen.pk, "k": K.PROPOSAL_READ}, salt="another purpose")
    tampered = unsubscribe_token(citizen_id=citizen.pk, kind=K.PROPOSAL_READ)[:-2] + "xx"
    for token in (forged, tampered, "nonsense"):
        response = getattr(Client(), method)(f"/notifications/unsubscribe/{token}/")
        assert response.status_code == 404
    assert not Preference.objects.exists()
    assert signing.loads(
        unsubscribe_token(citizen_id=citizen.pk, kind="digest"), salt=UNSUBSCRIBE_SALT
    ) == {"c": citizen.pk, "k": "digest"}


# --- digests --------------------------------------------------------------------------------


@pytest.fixture
def follower(world):
    citizen = CitizenFactory(display_name="Flora", email="flora@example.org")
    follow_add(citizen=citizen, space=world.places.paris)
    return citizen


def news_in_paris(world, delivered):
    """A proposal read and a consultation opened in Paris (audience events)."""
    proposal = submit(world, CitizenFactory(), title="Benches in parks")
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
        open_consultation(world)
    mail.outbox.clear()  # the author's immediate email
    return proposal


def digested_long_ago(citizen, frequency=InboxState.Digest.WEEKLY):
    InboxState.objects.update_or_create(
        citizen=citizen,
        defaults={"digest": frequency, "last_digest_at": timezone.now() - timedelta(days=8)},
    )


def test_who_is_due_for_which_digest(world):
    def follows_paris(**fields):
        citizen = CitizenFactory(**fields)
        follow_add(citizen=citizen, space=world.places.paris)
        return citizen

    default = follows_paris()  # no state row: the default weekly digest
    weekly_due = follows_paris()
    digested_long_ago(weekly_due)
    weekly_recent = follows_paris()
    InboxState.objects.create(citizen=weekly_recent, last_digest_at=timezone.now())
    daily = follows_paris()
    InboxState.objects.create(citizen=daily, digest=InboxState.Digest.DAILY)
    off = follows_paris()
    InboxState.objects.create(citizen=off, digest=InboxState.Digest.OFF)
    follows_paris(is_active=False)
    CitizenFactory()  # follows nothing: nothing to digest

    assert set(citizens_due_for_digest("weekly")) == {default.pk, weekly_due.pk}
    assert set(citizens_due_for_digest("daily")) == {daily.pk}
    assert list(citizens_due_for_digest("off")) == []


def test_a_digest_lists_the_news_of_followed_places_with_an_unsubscribe_link(
    world, delivered, follower
):
    digested_long_ago(follower)
    proposal = news_in_paris(world, delivered)

    assert digest_send(citizen_id=follower.pk, frequency="weekly") is True

    [message] = mail.outbox
    assert message.to == ["flora@example.org"]
    assert message.subject == "[civic] Your weekly digest: 2 updates from the places you follow"
    assert "A proposal was read in Paris: “Benches in parks”." in message.body
    assert f"https://civic.example{proposal.get_absolute_url()}" in message.body
    assert "Paris opened a consultation: “How should we collect bio-waste?”." in html_of(message)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Its unsubscribe link stops the digest.
    Client(enforce_csrf_checks=True).post(unsubscribe_path(message))
    assert InboxState.objects.get(citizen=follower).digest == InboxState.Digest.OFF


def test_one_digest_per_period_even_if_the_task_runs_twice(world, delivered, follower):
    digested_long_ago(follower)
    news_in_paris(world, delivered)

    assert send_digests.delay("weekly").get() == 1
    send_digests.delay("weekly").get()
    digest_send(citizen_id=follower.pk, frequency="weekly")
    # Even with news arriving in between.
    news_in_paris(world, delivered)
    mail.outbox.clear()
    assert digest_send(citizen_id=follower.pk, frequency="weekly") is False
    assert mail.outbox == []
    assert citizens_due_for_digest("weekly").filter(pk=follower.pk).exists() is False


def test_one_digest_per_period_counts_the_sends(world, delivered, follower):
    digested_long_ago(follower)
    news_in_paris(world, delivered)
    send_digests.delay("weekly").get()
    send_digests.delay("weekly").get()
    assert [m.to for m in mail.outbox] == [["flora@example.org"]]


def test_nothing_to_report_sends_nothing(world, follower):
    digested_long_ago(follower)
    assert digest_send(citizen_id=follower.pk, frequency="weekly") is False
    assert mail.outbox == []


def test_news_from_before_the_last_digest_is_not_sent_again(world, delivered, follower):
    news_in_paris(world, delivered)
    digested_long_ago(follower)  # eight days ago, after the news
    Event.objects.update(created_at=timezone.now() - timedelta(days=9))
    assert digest_send(citizen_id=follower.pk, frequency="weekly") is False
    assert mail.outbox == []


def test_a_failed_digest_is_sent_by_the_retry(world, delivered, follower, monkeypatch):
    digested_long_ago(follower)
    news_in_paris(world, delivered)

    def smtp_down(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", smtp_down)
        with pytest.raises(ConnectionRefusedError):
            digest_send(citizen_id=follower.pk, frequency="weekly")

    assert digest_send(citizen_id=follower.pk, frequency="weekly") is True
    assert len(mail.outbox) == 1
    assert "“Benches in parks”" in mail.outbox[0].body


def test_a_digest_switched_off_meanwhile_is_not_sent(world, delivered, follower):
    digested_long_ago(follower)
    news_in_paris(world, delivered)
    services.digest_set(citizen=follower, frequency="off")
    assert digest_send(citizen_id=follower.pk, frequency="weekly") is False
    assert mail.outbox == []


def test_a_french_digest(world, delivered, follower):
    follower.preferred_language = "fr"
    follower.save(update_fields=["preferred_language"])
    digested_long_ago(follower, InboxState.Digest.DAILY)
    news_in_paris(world, delivered)
    InboxState.objects.filter(citizen=follower).update(
        last_digest_at=timezone.now() - timedelta(days=2)
    )
    assert digest_send(citizen_id=follower.pk, frequency="daily") is True
    [message] = mail.outbox
    assert message.subject.startswith("[civic] Votre résumé quotidien : 2 nouveautés")
    assert "Voici ce qui s'est passé dans les territoires que vous suivez :" in message.body
    assert message.extra_headers["Content-Language"] == "fr"
