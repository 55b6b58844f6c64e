"""Who is told what, for every kind of event (each app's ``notifications.py``).

Personal recipients get a row (and, by default, an email); the followers of the event's
space see audience kinds in their inbox without any row. Nobody is told of their own act.
"""

from datetime import timedelta

import pytest
from django.core import mail

from jurisdictions.services import follow_add
from notifications import registry, selectors, services
from notifications.models import Event, Notification
from proposals import services as participation
from proposals.consultations import services as consultation_services
from proposals.discussions import services as discussion_services
from proposals.models import Proposal, ProposalFollow
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import inbox, open_consultation, submit, texts, told

pytestmark = pytest.mark.django_db
S = Proposal.Status


@pytest.fixture
def author():
    return CitizenFactory(display_name="Alice Author")


@pytest.fixture
def supporter():
    return CitizenFactory(display_name="Sam Supporter")


@pytest.fixture
def space_follower(world):
    """Follows Paris (the city), nothing else."""
    citizen = CitizenFactory(display_name="Flora Follower")
    follow_add(citizen=citizen, space=world.places.paris)
    return citizen


@pytest.fixture
def bystander(world):
    """Follows Lyon only: never concerned by Paris."""
    citizen = CitizenFactory(display_name="Bob Bystander")
    follow_add(citizen=citizen, space=world.places.lyon)
    return citizen


@pytest.fixture
def proposal(world, author, supporter):
    proposal = submit(world, author)
    participation.support_add(proposal=proposal, citizen=supporter)
    return proposal


def test_every_kind_citizens_can_choose_is_delivered_somehow():
    # A kind on the preferences page that nobody ever receives would be a dead switch.
    assert registry.notifiable()
    for kind in registry.notifiable():
        assert kind.recipients is not None or kind.audience, kind


def test_proposal_read_tells_its_author_and_the_followers_of_its_space(
    world, delivered, proposal, author, supporter, space_follower, bystander
):
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)

    assert told(author) == [(K.PROPOSAL_READ, True)]
    assert told(space_follower) == [(K.PROPOSAL_READ, False)]
    # Supporting is not enough to hear of the read receipt (only of answers).
    assert told(supporter) == []
    assert told(bystander) == []
    assert told(world.mayor) == []


def test_an_answer_tells_the_author_supporters_and_followers_of_the_proposal(
    world, delivered, proposal, author, supporter, space_follower, bystander
):
    # No service follows a proposal without supporting it yet: the row stands for one.
    proposal_follower = CitizenFactory()
    ProposalFollow.objects.create(proposal=proposal, citizen=proposal_follower)

    with delivered():
        participation.proposal_answer(
            proposal=proposal, actor=world.mayor, text="Yes.", outcome=S.ACCEPTED
        )

    personal = {n.recipient_id for n in Notification.objects.filter(kind=K.PROPOSAL_ANSWERED)}
    assert personal == {author.pk, supporter.pk, proposal_follower.pk}
    assert (K.PROPOSAL_ANSWERED, True) in told(supporter)
    assert told(space_follower) == [
        (K.PROPOSAL_ANSWERED, False),
        (K.PROPOSAL_READ, False),  # answering an unread proposal records the receipt first
    ]
    assert texts(space_follower)[0] == "Paris answered “More bins”: accepted."
    assert told(bystander) == []
    assert told(world.mayor) == []


def test_a_status_change_tells_the_author_only_until_it_is_implemented(
    world, delivered, proposal, author, supporter
):
    with delivered():
        participation.proposal_set_status(
            proposal=proposal, actor=world.mayor, status=S.UNDER_CONSIDERATION
        )
    changed = Notification.objects.filter(kind=K.PROPOSAL_STATUS_CHANGED)
    assert {n.recipient_id for n in changed} == {author.pk}
    assert texts(author, kind=K.PROPOSAL_STATUS_CHANGED) == [
        "“More bins” is now under consideration."
    ]

    with delivered():
        participation.proposal_set_status(
            proposal=proposal, actor=world.mayor, status=S.IMPLEMENTED
        )
    implemented = changed.filter(event__data__to=S.IMPLEMENTED)
    assert {n.recipient_id for n in implemented} == {author.pk, supporter.pk}
    assert texts(supporter) == ["“More bins” is now implemented."]


def test_a_transfer_tells_author_and_supporters_but_not_the_new_space_followers(
    world, delivered, proposal, author, supporter
):
    metropole_follower = CitizenFactory()
    follow_add(citizen=metropole_follower, space=world.organisations.metropole)

    with delivered():
        participation.proposal_transfer(
            proposal=proposal,
            actor=world.mayor,
            to_space=world.organisations.metropole,
            reason="Waste is the Métropole's.",
        )

    expected = "“More bins” was transferred from Paris to Métropole du Grand Paris."
    assert texts(author) == [expected]
    assert texts(supporter) == [expected]
    assert told(metropole_follower) == []


def test_contribution_read_and_helped_tell_its_author(world, delivered, space_follower):
    consultation = open_consultation(world)
    contributor, other = CitizenFactory(), CitizenFactory()
    contribution = consultation_services.contribution_post(
        consultation=consultation, author=contributor, text="Weekly collection."
    )
    consultation_services.contribution_post(
        consultation=consultation, author=other, text="Compost."
    )

    with delivered():
        consultation_services.contribution_mark_helped(
            contribution=contribution, actor=world.mayor, outcome_note="We do it from May."
        )

    assert told(contributor) == [(K.CONTRIBUTION_HELPED, True), (K.CONTRIBUTION_READ, True)]
    assert texts(contributor) == [
        "Your contribution to “How should we collect bio-waste?” helped shape policy in Paris.",
        "Your contribution to “How should we collect bio-waste?” was read by Paris.",
    ]
    assert told(other) == []
    # Followers of Paris heard of the consultation opening, not of one contribution's fate.
    assert told(space_follower) == [(K.CONSULTATION_OPENED, False)]


def test_a_reply_tells_the_author_of_the_parent_comment(world, delivered, proposal, author):
    commenter, replier = CitizenFactory(), CitizenFactory(display_name="Rita Replier")
    comment = discussion_services.comment_post(
        author=commenter, text="Good idea", proposal=proposal
    )

    with delivered():
        discussion_services.comment_post(author=replier, text="Agreed", parent=comment)

    assert texts(commenter) == ["Rita Replier replied to your comment."]
    assert told(replier) == []
    # The proposal's author hears of it as a comment on their proposal.
    assert texts(author) == ["Rita Replier commented on your proposal “More bins”."]


def test_replying_to_oneself_tells_only_the_proposal_s_author(world, delivered, proposal, author):
    commenter = CitizenFactory()
    comment = discussion_services.comment_post(author=commenter, text="First", proposal=proposal)
    with delivered():
        discussion_services.comment_post(author=commenter, text="Also", parent=comment)
    assert told(commenter) == []
    assert told(author) == [(K.COMMENT_POSTED, True)]
    assert Notification.objects.count() == 1


def test_a_comment_tells_the_author_of_the_proposal_once_by_email(
    world, delivered, proposal, author
):
    commenter = CitizenFactory(display_name="Carl Commenter")

    with delivered():
        discussion_services.comment_post(author=commenter, text="Good", proposal=proposal)

    assert texts(author) == ["Carl Commenter commented on your proposal “More bins”."]
    assert [m.to for m in mail.outbox] == [[author.email]]
    assert told(commenter) == []


def test_a_comment_on_a_contribution_tells_its_author(world, delivered):
    writer, commenter = CitizenFactory(), CitizenFactory(display_name="Carl Commenter")
    consultation = open_consultation(world)
    contribution = consultation_services.contribution_post(
        consultation=consultation, author=writer, text="Plant trees"
    )

    with delivered():
        discussion_services.comment_post(author=commenter, text="Yes", contribution=contribution)

    assert texts(writer) == [
        f"Carl Commenter commented on your contribution to “{consultation.question}”."
    ]


def test_commenting_on_one_s_own_proposal_tells_nobody(world, delivered, proposal, author):
    with delivered():
        discussion_services.comment_post(author=author, text="Details", proposal=proposal)

    assert Notification.objects.count() == 0


def test_the_author_of_the_proposal_replied_to_hears_of_the_reply_only(
    world, delivered, proposal, author
):
    own = discussion_services.comment_post(author=author, text="Details", proposal=proposal)

    with delivered():
        discussion_services.comment_post(
            author=CitizenFactory(display_name="Rita Replier"), text="Thanks", parent=own
        )

    assert told(author) == [(K.COMMENT_REPLIED, True)]


def test_supports_are_told_to_the_author_once_a_day_in_one_notification(
    world, delivered, author, supporter
):
    proposal = submit(world, author)
    others = [CitizenFactory() for _ in range(2)]
    with delivered():
        for citizen in [supporter, *others]:
            participation.support_add(proposal=proposal, citizen=citizen)
    assert told(author) == []  # nothing per support

    with delivered():
        assert participation.supports_of_the_day_record() == 1
        assert participation.supports_of_the_day_record() == 0  # ran twice: told once

    assert texts(author) == ["3 new supports today for “More bins”."]
    assert [m.to for m in mail.outbox] == [[author.email]]

    participation.support_add(proposal=proposal, citizen=CitizenFactory())
    with delivered():
        participation.supports_of_the_day_record()
    assert texts(author)[0] == "1 new support today for “More bins”."
    assert len(mail.outbox) == 2


def test_agreements_are_told_to_the_contributor_once_a_day(world, delivered):
    writer = CitizenFactory()
    consultation = open_consultation(world)
    contribution = consultation_services.contribution_post(
        consultation=consultation, author=writer, text="Plant trees"
    )
    for _ in range(2):
        consultation_services.agreement_add(contribution=contribution, citizen=CitizenFactory())

    with delivered():
        assert consultation_services.agreements_of_the_day_record() == 1

    assert texts(writer) == [
        f"2 citizens agreed today with your contribution to “{consultation.question}”."
    ]


@pytest.mark.parametrize("content_kind", ["comment", "contribution"])
def test_hiding_and_restoring_content_tells_its_author(world, delivered, proposal, content_kind):
    writer = CitizenFactory()
    if content_kind == "comment":
        content = discussion_services.comment_post(author=writer, text="Rude", proposal=proposal)
    else:
        content = consultation_services.contribution_post(
            consultation=open_consultation(world), author=writer, text="Rude"
        )

    with delivered():
        discussion_services.content_moderate(
            actor=world.mayor, reason="Insults", content=content, action="hide"
        )
    assert texts(writer) == ["A moderator hid something you wrote: Insults"]

    with delivered():
        discussion_services.content_moderate(actor=world.mayor, content=content, action="restore")
    assert told(writer) == [(K.CONTENT_RESTORED, True), (K.CONTENT_HIDDEN, True)]
    assert told(world.mayor) == []


def test_a_closed_consultation_tells_contributors_personally_and_followers_once(
    world, delivered, space_follower, bystander
):
    with delivered():
        consultation = open_consultation(world)
    contributor = CitizenFactory()
    consultation_services.contribution_post(consultation=consultation, author=contributor, text="A")
    consultation_services.contribution_post(
        consultation=consultation, author=space_follower, text="B"
    )
    # The mayor who closes it also contributed: still not told of their own act.
    consultation_services.contribution_post(consultation=consultation, author=world.mayor, text="C")

    with delivered():
        consultation_services.consultation_close(
            consultation=consultation, actor=world.mayor, summary="Weekly collection from May."
        )

    closed = Notification.objects.filter(kind=K.CONSULTATION_CLOSED)
    assert {n.recipient_id for n in closed} == {contributor.pk, space_follower.pk}
    # A contributor who follows Paris sees it once, as a personal notification.
    assert told(space_follower) == [(K.CONSULTATION_CLOSED, True), (K.CONSULTATION_OPENED, False)]
    assert told(contributor) == [(K.CONSULTATION_CLOSED, True)]
    assert told(bystander) == []
    assert told(world.mayor) == []


def test_opening_and_closing_soon_reach_the_followers_only(world, delivered, space_follower):
    with delivered():
        open_consultation(world, closes_in=timedelta(hours=20))
        consultation_services.consultations_remind_closing()

    assert told(space_follower) == [
        (K.CONSULTATION_CLOSING, False),
        (K.CONSULTATION_OPENED, False),
    ]
    assert texts(space_follower)[0] == (
        "The consultation “How should we collect bio-waste?” in Paris closes in 48 hours."
    )
    assert Notification.objects.count() == 0


def test_acts_nobody_is_told_about(world, delivered, author, space_follower):
    """Submitting, supporting (told once a day), contributing and withdrawing tell nobody."""
    with delivered():
        proposal = submit(world, author)
        participation.support_add(proposal=proposal, citizen=space_follower)
        consultation_services.contribution_post(
            consultation=open_consultation(world), author=space_follower, text="Mine"
        )
        participation.proposal_withdraw(proposal=proposal, actor=author)

    quiet = {
        K.PROPOSAL_SUBMITTED, K.PROPOSAL_SUPPORTED, K.CONTRIBUTION_POSTED, K.PROPOSAL_WITHDRAWN,
    }  # fmt: skip
    assert quiet <= set(Event.objects.values_list("kind", flat=True))
    assert Notification.objects.count() == 0
    assert told(author) == []
    assert told(space_follower) == [(K.CONSULTATION_OPENED, False)]
    assert mail.outbox == []


def test_the_actor_following_the_space_is_not_told_of_their_own_act(world, delivered, proposal):
    follow_add(citizen=world.mayor, space=world.places.paris)
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
        open_consultation(world)
    assert told(world.mayor) == []
    assert selectors.unread_count(world.mayor) == 0


def test_a_follower_sees_only_what_happened_after_they_followed(world, delivered, proposal):
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    late = CitizenFactory()
    follow_add(citizen=late, space=world.places.paris)
    assert told(late) == []
    with delivered():
        open_consultation(world)
    assert told(late) == [(K.CONSULTATION_OPENED, False)]


def test_an_inactive_citizen_gets_no_row(world, delivered, proposal, author):
    author.is_active = False
    author.save(update_fields=["is_active"])
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
    assert Notification.objects.count() == 0


# --- chapters and challenges ----------------------------------------------------------------
# Their services are still to come: the events are recorded here as those services will
# record them (``data`` names the chapter, challenge or citizen).


def record(delivered, kind, **data):
    with delivered():
        services.event_record(kind=kind, data=data)
    return Event.objects.filter(kind=kind).latest("id")


def test_a_challenge_milestone_tells_its_followers(world, delivered):
    from challenges.models import Challenge, ChallengeFollow, Practice

    practice = Practice.objects.create(
        title="Participatory budgets", slug="pb", domain="economy", description="."
    )
    challenge = Challenge.objects.create(
        practice=practice, slug="pb-100", title="100 budgets", description=".", goal=100
    )
    follower, other = CitizenFactory(), CitizenFactory()
    ChallengeFollow.objects.create(challenge=challenge, citizen=follower)

    record(delivered, K.CHALLENGE_MILESTONE, challenge=challenge.pk, title="100 budgets",
           percent=50, url="/challenges/pb-100/")  # fmt: skip

    assert texts(follower) == ["The challenge “100 budgets” reached 50% of its goal."]
    assert inbox(follower)[0].message.url == "/challenges/pb-100/"
    assert told(other) == []


def test_a_meeting_tells_the_active_members_of_the_chapter(world, delivered):
    from chapters.models import Chapter, Membership

    chapter = Chapter.objects.create(
        space=world.places.paris, kind=Chapter.Kind.LOCAL, name="civic Paris", slug="paris"
    )
    member, pending, organiser = CitizenFactory(), CitizenFactory(), CitizenFactory()
    Membership.objects.create(chapter=chapter, citizen=member, status=Membership.Status.ACTIVE)
    Membership.objects.create(chapter=chapter, citizen=pending, status=Membership.Status.PENDING)
    Membership.objects.create(
        chapter=chapter, citizen=organiser, status=Membership.Status.ACTIVE,
        role=Membership.Role.ORGANISER,
    )  # fmt: skip

    with delivered():
        services.event_record(
            kind=K.MEETING_SCHEDULED,
            actor=organiser,
            data={"chapter": chapter.pk, "chapter_name": "civic Paris", "title": "Kick-off"},
        )

    assert texts(member) == ["civic Paris scheduled a meeting: “Kick-off”."]
    assert told(pending) == []
    assert told(organiser) == []  # who scheduled it


@pytest.mark.parametrize(
    ("approved", "text"),
    [
        (True, "Welcome to civic Lyon: your request was approved."),
        (False, "Your request to join civic Lyon was not accepted."),
    ],
)
def test_a_membership_decision_tells_the_applicant(world, delivered, approved, text):
    applicant = CitizenFactory()
    record(delivered, K.MEMBERSHIP_DECIDED, citizen=applicant.pk, chapter_name="civic Lyon",
           approved=approved)  # fmt: skip
    assert texts(applicant) == [text]
    assert Notification.objects.get().recipient == applicant
