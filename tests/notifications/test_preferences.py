"""Preferences per kind and channel: in-app mutes hide, email opts out or in."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from jurisdictions.services import follow_add
from notifications import registry, selectors, services
from notifications.models import Channel, InboxState, Notification, Preference
from proposals import services as participation
from proposals.discussions import services as discussion_services
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import open_consultation, submit, told

pytestmark = pytest.mark.django_db


def test_defaults_show_everything_and_email_what_is_personal(world):
    rows = {row["kind"]: row for row in selectors.preferences_of(CitizenFactory())}
    assert list(rows) == [str(kind) for kind in registry.notifiable()]
    assert all(row["in_app"] for row in rows.values())
    assert rows[K.PROPOSAL_READ]["email"] is True
    assert rows[K.CONTENT_RESTORED]["email"] is False
    assert rows[K.CONSULTATION_OPENED]["email"] is False  # followed places go to the digest
    # Emailed right away: what concerns the citizen personally, but a restored text.
    personal = {str(kind) for kind in registry.notifiable() if kind.recipients is not None}
    assert {kind for kind, row in rows.items() if row["email"]} == personal - {K.CONTENT_RESTORED}


def test_muting_a_kind_in_the_app_hides_it_personal_or_audience(world, delivered):
    author, follower = CitizenFactory(), CitizenFactory()
    follow_add(citizen=follower, space=world.places.paris)
    for citizen in (author, follower):
        services.preference_set(
            citizen=citizen, kind=K.PROPOSAL_READ, channel=Channel.IN_APP, enabled=False
        )
    with delivered():
        participation.proposal_mark_read(proposal=submit(world, author), reader=world.mayor)
        open_consultation(world)

    assert told(author) == []
    assert told(follower) == [(K.CONSULTATION_OPENED, False)]
    assert selectors.unread_count(author) == 0
    assert selectors.unread_count(follower) == 1
    # Muting the inbox does not stop the email, a separate choice.
    assert [m.to for m in mail.outbox] == [[author.email]]


def test_opting_out_of_an_email_stops_only_that_email(world, delivered):
    muted, other = CitizenFactory(), CitizenFactory()
    services.preference_set(
        citizen=muted, kind=K.PROPOSAL_READ, channel=Channel.EMAIL, enabled=False
    )
    with delivered():
        participation.proposal_mark_read(proposal=submit(world, muted), reader=world.mayor)
        participation.proposal_mark_read(proposal=submit(world, other), reader=world.mayor)

    assert [m.to for m in mail.outbox] == [[other.email]]
    assert told(muted) == [(K.PROPOSAL_READ, True)]  # still in the inbox


def test_opting_in_to_an_email_that_is_off_by_default(world, delivered):
    eager, quiet = CitizenFactory(), CitizenFactory()
    services.preference_set(
        citizen=eager, kind=K.CONTENT_RESTORED, channel=Channel.EMAIL, enabled=True
    )
    proposal = submit(world, CitizenFactory())
    comments = [
        discussion_services.comment_post(author=citizen, text="Hm", proposal=proposal)
        for citizen in (eager, quiet)
    ]
    for comment in comments:
        discussion_services.content_moderate(
            actor=world.mayor, reason="Checking", content=comment, action="hide"
        )
    mail.outbox.clear()
    with delivered():
        for comment in comments:
            discussion_services.content_moderate(
                actor=world.mayor, content=comment, action="restore"
            )

    assert [m.to for m in mail.outbox] == [[eager.email]]
    assert mail.outbox[0].subject == "[civic] A moderator restored something you wrote."
    assert Notification.objects.filter(kind=K.CONTENT_RESTORED).count() == 2


def test_a_citizen_without_an_active_account_is_not_emailed(world, delivered):
    author = CitizenFactory()
    proposal = submit(world, author)
    author.is_active = False
    author.save(update_fields=["is_active"])
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    assert mail.outbox == []


def test_saving_several_choices_writes_only_the_changes(world):
    citizen = CitizenFactory()
    services.preferences_save(
        citizen=citizen,
        choices={
            (K.PROPOSAL_READ, Channel.EMAIL): False,
            (K.PROPOSAL_READ, Channel.IN_APP): True,  # the default: no row
            (K.CONSULTATION_OPENED, Channel.EMAIL): True,
        },
        digest=InboxState.Digest.DAILY,
    )
    assert set(Preference.objects.values_list("kind", "channel", "enabled")) == {
        (K.PROPOSAL_READ, Channel.EMAIL, False),
        (K.CONSULTATION_OPENED, Channel.EMAIL, True),
    }
    assert InboxState.objects.get(citizen=citizen).digest == InboxState.Digest.DAILY


@pytest.mark.parametrize(
    ("kind", "channel", "digest", "field"),
    [
        ("proposal.exploded", Channel.EMAIL, None, "kind"),
        (K.PROPOSAL_READ, "pigeon", None, "channel"),
        (K.PROPOSAL_READ, Channel.EMAIL, "hourly", "digest"),
    ],
)
def test_unknown_choices_are_refused_and_nothing_is_saved(world, kind, channel, digest, field):
    citizen = CitizenFactory()
    with pytest.raises(ValidationError) as refused:
        services.preferences_save(
            citizen=citizen,
            choices={(K.COMMENT_REPLIED, Channel.EMAIL): False, (kind, channel): False},
            digest=digest,
        )
    assert field in refused.value.message_dict
    assert not Preference.objects.exists()
