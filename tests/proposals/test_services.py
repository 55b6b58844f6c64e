"""Participation services: lifecycle, receipts, supports, consultations, comments, moderation."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from civic.audit.models import AuditEntry
from jurisdictions.models import Mandate
from jurisdictions.services import mandate_assign
from notifications.models import Event
from proposals import services
from proposals.consultations import services as consultation_services
from proposals.discussions import services as discussion_services
from proposals.discussions.models import Comment
from proposals.models import Proposal, ProposalFollow, Support
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.builders import build_world
from tests.kinds import K

pytestmark = pytest.mark.django_db
S = Proposal.Status


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def people(world):
    lyon_dm = CitizenFactory(display_name="Lyon DM")
    mandate_assign(
        citizen=lyon_dm, body=world.bodies.lyon_city_hall, role=Mandate.Role.ELECTED, title="Mayor"
    )
    return {
        "author": CitizenFactory(display_name="Author"),
        "other": CitizenFactory(display_name="Other"),
        "paris_dm": world.mayor,
        "lyon_dm": lyon_dm,
        "staff": CitizenFactory(platform_staff=True, display_name="Staff"),
    }


def make(world, author, *, submit=True, **overrides):
    fields = dict(
        topic=world.topics.household_waste,
        title="More recycling bins",
        text="Put **more** bins in every street.",
        impact_citizens=1,
        impact_citizens_text="Cleaner streets for everyone.",
        impact_collectivities=2,
        impact_collectivities_text="Less waste to collect.",
        impact_governments=0,
        impact_governments_text="Neutral.",
        freedom_statement="Nobody is forced to recycle.",
    )
    fields.update(overrides)
    return services.proposal_create(
        author=author, space=world.places.paris, submit=submit, **fields
    )


def kinds(proposal):
    return list(
        Event.objects.filter(proposal=proposal).order_by("id").values_list("kind", flat=True)
    )


def test_a_draft_is_submitted_with_a_history_row_an_event_and_a_follow(world, people):
    proposal = make(world, people["author"], submit=False)
    assert proposal.status == S.DRAFT and kinds(proposal) == []

    services.proposal_submit(proposal=proposal, actor=people["author"])

    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.submitted_at is not None
    assert [(t.from_status, t.to_status) for t in proposal.transitions.all()] == [
        (S.DRAFT, S.SUBMITTED)
    ]
    assert kinds(proposal) == [K.PROPOSAL_SUBMITTED]
    assert ProposalFollow.objects.filter(proposal=proposal, citizen=people["author"]).exists()


def test_invalid_fields_are_refused_and_nothing_is_written(world, people):
    with pytest.raises(ValidationError) as error:
        make(world, people["author"], title="", impact_citizens=7)
    assert {"title", "impact_citizens"} <= set(error.value.message_dict)
    assert not Proposal.objects.exists()


def test_only_the_author_submits_or_withdraws(world, people):
    proposal = make(world, people["author"], submit=False)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, actor=people["other"])
    services.proposal_submit(proposal=proposal, actor=people["author"])
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal=proposal, actor=people["paris_dm"])


def test_the_read_receipt_is_recorded_once_and_only_by_a_decision_maker_of_the_space(world, people):
    proposal = make(world, people["author"])
    for outsider in ("author", "other", "lyon_dm", "staff"):
        assert services.proposal_mark_read(proposal=proposal, reader=people[outsider]) is False
    assert services.proposal_mark_read(proposal=proposal, reader=people["paris_dm"]) is True
    proposal.refresh_from_db()
    first_read = proposal.read_at
    assert services.proposal_mark_read(proposal=proposal, reader=people["paris_dm"]) is False
    proposal.refresh_from_db()
    assert proposal.status == S.READ
    assert proposal.read_at == first_read
    assert proposal.read_by == people["paris_dm"] and proposal.read_by_space == world.places.paris
    assert kinds(proposal).count(K.PROPOSAL_READ) == 1


def test_an_ended_mandate_no_longer_reads(world, people):
    proposal = make(world, people["author"])
    Mandate.objects.filter(citizen=people["paris_dm"]).update(
        end_date=timezone.localdate() - timedelta(days=1)
    )
    assert services.proposal_mark_read(proposal=proposal, reader=people["paris_dm"]) is False


def test_full_lifecycle_read_consider_accept_implement(world, people):
    proposal = make(world, people["author"])
    dm = people["paris_dm"]
    services.proposal_mark_read(proposal=proposal, reader=dm)
    services.proposal_set_status(proposal=proposal, actor=dm, status=S.UNDER_CONSIDERATION)
    services.proposal_answer(
        proposal=proposal,
        actor=dm,
        text="We will do it.",
        outcome=S.ACCEPTED,
        link="https://www.paris.fr/decision",
    )
    services.proposal_set_status(proposal=proposal, actor=dm, status=S.IMPLEMENTED, note="Done")
    proposal.refresh_from_db()
    assert proposal.status == S.IMPLEMENTED
    assert proposal.answer_text == "We will do it." and proposal.answered_by == dm
    assert [t.to_status for t in proposal.transitions.all()] == [
        S.SUBMITTED,
        S.READ,
        S.UNDER_CONSIDERATION,
        S.ACCEPTED,
        S.IMPLEMENTED,
    ]
    assert kinds(proposal) == [
        K.PROPOSAL_SUBMITTED,
        K.PROPOSAL_READ,
        K.PROPOSAL_STATUS_CHANGED,
        K.PROPOSAL_ANSWERED,
        K.PROPOSAL_STATUS_CHANGED,
    ]


def test_answering_an_unread_proposal_records_the_receipt_first(world, people):
    proposal = make(world, people["author"])
    services.proposal_answer(
        proposal=proposal, actor=people["paris_dm"], text="No.", outcome=S.DECLINED
    )
    proposal.refresh_from_db()
    assert proposal.read_at is not None and proposal.status == S.DECLINED
    assert kinds(proposal)[-2:] == [K.PROPOSAL_READ, K.PROPOSAL_ANSWERED]


@pytest.mark.parametrize(
    ("steps", "target"),
    [
        ([], S.UNDER_CONSIDERATION),  # submitted, not read yet … the DM reads it first: allowed
        (["withdraw"], S.READ),
        (["withdraw"], S.ACCEPTED),
        (["decline"], S.ACCEPTED),
        (["decline"], S.IMPLEMENTED),
    ],
)
def test_impossible_transitions_are_refused_with_a_message(world, people, steps, target):
    proposal = make(world, people["author"])
    dm = people["paris_dm"]
    for step in steps:
        if step == "withdraw":
            services.proposal_withdraw(proposal=proposal, actor=people["author"])
        if step == "decline":
            services.proposal_answer(proposal=proposal, actor=dm, text="No.", outcome=S.DECLINED)
        proposal.refresh_from_db()
    if not steps:
        services.proposal_set_status(proposal=proposal, actor=dm, status=target)
        proposal.refresh_from_db()
        assert proposal.status == target
        return
    before = proposal.status
    with pytest.raises(ValidationError, match="cannot become"):
        if target in Proposal.ANSWER_OUTCOMES and target != S.IMPLEMENTED:
            services.proposal_answer(proposal=proposal, actor=dm, text="Yes.", outcome=target)
        else:
            services.proposal_set_status(proposal=proposal, actor=dm, status=target)
    proposal.refresh_from_db()
    assert proposal.status == before


def test_the_first_read_after_a_transfer_is_audited_from_transferred(world, people):
    proposal = make(world, people["author"])
    services.proposal_transfer(
        proposal=proposal,
        actor=people["staff"],
        to_space=world.places.lyon,
        reason="Lyon decides this.",
    )
    proposal.refresh_from_db()
    assert services.proposal_mark_read(proposal=proposal, reader=people["lyon_dm"]) is True

    entry = AuditEntry.objects.get(action="proposal.read")
    history = [(t.from_status, t.to_status) for t in proposal.transitions.all()]
    assert (entry.before, entry.after) == (S.TRANSFERRED, S.READ)
    assert history[-1] == (S.TRANSFERRED, S.READ)


def test_staff_cannot_mark_a_proposal_read_through_its_status(world, people):
    proposal = make(world, people["author"])
    with pytest.raises(ValidationError, match="decision maker of its space opens it"):
        services.proposal_set_status(proposal=proposal, actor=people["staff"], status=S.READ)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.read_at is None


def test_a_decision_maker_asking_for_read_leaves_the_receipt(world, people):
    proposal = make(world, people["author"])
    services.proposal_set_status(proposal=proposal, actor=people["paris_dm"], status=S.READ)
    proposal.refresh_from_db()
    assert proposal.status == S.READ and proposal.read_by == people["paris_dm"]
    assert kinds(proposal).count(K.PROPOSAL_READ) == 1


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (S.ACCEPTED, "comes with its answer"),
        (S.DECLINED, "comes with its answer"),
        (S.WITHDRAWN, "Only its author"),
        (S.TRANSFERRED, "transfer action"),
        ("nonsense", "Unknown status"),
    ],
)
def test_the_status_door_refuses_the_steps_that_have_their_own(world, people, status, message):
    proposal = make(world, people["author"])
    with pytest.raises(ValidationError, match=message):
        services.proposal_set_status(proposal=proposal, actor=people["paris_dm"], status=status)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED
    assert not AuditEntry.objects.filter(action="proposal.status").exists()


def test_answers_need_a_text_and_an_outcome(world, people):
    proposal = make(world, people["author"])
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(
            proposal=proposal,
            actor=people["paris_dm"],
            text=" ",
            outcome="maybe",
            link="javascript:alert(1)",
        )
    assert set(error.value.message_dict) == {"text", "outcome", "link"}
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_decision_makers_of_another_space_cannot_act(world, people):
    proposal = make(world, people["author"])
    for actor in (people["lyon_dm"], people["other"], people["author"]):
        with pytest.raises(PermissionDenied):
            services.proposal_answer(proposal=proposal, actor=actor, text="x", outcome=S.ACCEPTED)
        with pytest.raises(PermissionDenied):
            services.proposal_transfer(
                proposal=proposal, actor=actor, to_space=world.places.lyon, reason="x"
            )
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_staff_can_act_everywhere(world, people):
    proposal = make(world, people["author"])
    services.proposal_answer(
        proposal=proposal, actor=people["staff"], text="Yes.", outcome=S.ACCEPTED
    )
    proposal.refresh_from_db()
    assert proposal.status == S.ACCEPTED
    assert proposal.read_at is None  # staff answer, but only a decision maker leaves a receipt


def test_transfer_moves_the_proposal_keeps_supports_and_awaits_a_new_receipt(world, people):
    proposal = make(world, people["author"])
    services.support_add(proposal=proposal, citizen=people["other"])
    services.proposal_mark_read(proposal=proposal, reader=people["paris_dm"])

    services.proposal_transfer(
        proposal=proposal,
        actor=people["paris_dm"],
        to_space=world.places.ile_de_france,
        reason="Regional matter",
    )

    proposal.refresh_from_db()
    assert proposal.space == world.places.ile_de_france
    assert proposal.status == S.TRANSFERRED and proposal.read_at is None
    assert proposal.support_count == 1 and Support.objects.filter(proposal=proposal).count() == 1
    last = proposal.transitions.last()
    assert (last.from_space, last.to_space, last.note) == (
        world.places.paris,
        world.places.ile_de_france,
        "Regional matter",
    )
    event = Event.objects.get(proposal=proposal, kind=K.PROPOSAL_TRANSFERRED)
    assert event.space == world.places.ile_de_france
    # Paris's decision maker no longer acts on it; it continues in Île-de-France.
    with pytest.raises(PermissionDenied):
        services.proposal_answer(
            proposal=proposal, actor=people["paris_dm"], text="x", outcome=S.ACCEPTED
        )


def test_transfer_needs_a_reason_and_another_space(world, people):
    proposal = make(world, people["author"])
    with pytest.raises(ValidationError):
        services.proposal_transfer(
            proposal=proposal, actor=people["paris_dm"], to_space=world.places.lyon, reason=""
        )
    with pytest.raises(ValidationError):
        services.proposal_transfer(
            proposal=proposal, actor=people["paris_dm"], to_space=world.places.paris, reason="Same"
        )


def test_support_once_not_by_the_author_and_unsupport(world, people):
    proposal = make(world, people["author"])
    services.support_add(proposal=proposal, citizen=people["other"])
    with pytest.raises(ValidationError, match="already support"):
        services.support_add(proposal=proposal, citizen=people["other"])
    with pytest.raises(PermissionDenied):
        services.support_add(proposal=proposal, citizen=people["author"])
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert ProposalFollow.objects.filter(proposal=proposal, citizen=people["other"]).exists()
    assert services.support_remove(proposal=proposal, citizen=people["other"]) is True
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_drafts_and_withdrawn_proposals_cannot_be_supported(world, people):
    draft = make(world, people["author"], submit=False)
    with pytest.raises(ValidationError):
        services.support_add(proposal=draft, citizen=people["other"])
    withdrawn = make(world, people["author"])
    services.proposal_withdraw(proposal=withdrawn, actor=people["author"])
    with pytest.raises(ValidationError):
        services.support_add(proposal=withdrawn, citizen=people["other"])


@pytest.mark.django_db(transaction=True)
def test_supports_stay_exact_under_concurrent_clicks():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the race needs a server database.")
    world = build_world()
    author = CitizenFactory()
    proposal = make(world, author)
    supporters = [CitizenFactory() for _ in range(6)]
    barrier = threading.Barrier(len(supporters) * 2)
    errors = []

    def click(citizen):
        try:
            barrier.wait()
            services.support_add(proposal=proposal, citizen=citizen)
        except ValidationError:
            pass  # the duplicate click is refused
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(c,)) for c in supporters for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    proposal.refresh_from_db()
    assert errors == []
    assert proposal.support_count == Support.objects.filter(proposal=proposal).count() == 6


def test_concurrent_receipts_leave_one(world, people):
    proposal = make(world, people["author"])
    stale = Proposal.objects.get(pk=proposal.pk)
    services.proposal_mark_read(proposal=proposal, reader=people["paris_dm"])
    # A second decision maker who loaded the page before: compare-and-swap refuses quietly.
    assert services.proposal_mark_read(proposal=stale, reader=people["paris_dm"]) is False
    assert kinds(proposal).count(K.PROPOSAL_READ) == 1


# --- Consultations ---------------------------------------------------------------------------


def open_consultation(world, actor, **overrides):
    now = timezone.now()
    fields = dict(
        topic=world.topics.household_waste,
        question="How should we collect bio-waste?",
        context="We are *listening*.",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )
    fields.update(overrides)
    return consultation_services.consultation_open(actor=actor, space=world.places.paris, **fields)


def test_consultation_lifecycle(world, people):
    consultation = open_consultation(world, people["paris_dm"])
    contribution = consultation_services.contribution_post(
        consultation=consultation, author=people["author"], text="Weekly collection."
    )
    consultation_services.agreement_add(contribution=contribution, citizen=people["other"])
    with pytest.raises(ValidationError, match="already agree"):
        consultation_services.agreement_add(contribution=contribution, citizen=people["other"])
    with pytest.raises(PermissionDenied):
        consultation_services.agreement_add(contribution=contribution, citizen=people["author"])
    assert (
        consultation_services.contribution_mark_read(
            contribution=contribution, actor=people["paris_dm"]
        )
        is True
    )
    assert (
        consultation_services.contribution_mark_read(
            contribution=contribution, actor=people["paris_dm"]
        )
        is False
    )
    consultation_services.contribution_mark_helped(
        contribution=contribution,
        actor=people["paris_dm"],
        outcome_note="Adopted in the 2027 plan.",
    )
    consultation_services.consultation_close(
        consultation=consultation,
        actor=people["paris_dm"],
        summary="Weekly bio-waste collection from 2027.",
    )
    contribution.refresh_from_db()
    consultation.refresh_from_db()
    assert contribution.agree_count == 1 and contribution.helped_shape_policy
    assert consultation.closed_at is not None and consultation.contribution_count == 1
    with pytest.raises(ValidationError, match="not open"):
        consultation_services.contribution_post(
            consultation=consultation, author=people["other"], text="Late"
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
        open_consultation(world, people["lyon_dm"])
    with pytest.raises(PermissionDenied):
        open_consultation(world, people["other"])
    consultation = open_consultation(world, people["paris_dm"])
    contribution = consultation_services.contribution_post(
        consultation=consultation, author=people["author"], text="x"
    )
    with pytest.raises(PermissionDenied):
        consultation_services.contribution_mark_read(
            contribution=contribution, actor=people["lyon_dm"]
        )
    with pytest.raises(PermissionDenied):
        consultation_services.consultation_close(
            consultation=consultation, actor=people["other"], summary="x"
        )


def test_a_consultation_must_close_after_it_opens(world, people):
    now = timezone.now()
    with pytest.raises(ValidationError):
        open_consultation(
            world, people["paris_dm"], opens_at=now, closes_at=now - timedelta(days=1)
        )


def test_contributions_wait_for_the_opening(world, people):
    now = timezone.now()
    consultation = open_consultation(
        world,
        people["paris_dm"],
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=3),
    )
    with pytest.raises(ValidationError, match="not open"):
        consultation_services.contribution_post(
            consultation=consultation, author=people["author"], text="Early"
        )


# --- Comments and moderation -----------------------------------------------------------------


def test_threads_stop_at_three_levels(world, people):
    proposal = make(world, people["author"])
    first = discussion_services.comment_post(author=people["other"], text="1", proposal=proposal)
    second = discussion_services.comment_post(author=people["author"], text="2", parent=first)
    third = discussion_services.comment_post(author=people["other"], text="3", parent=second)
    assert (first.depth, second.depth, third.depth) == (1, 2, 3)
    with pytest.raises(ValidationError, match="three levels"):
        discussion_services.comment_post(author=people["author"], text="4", parent=third)
    proposal.refresh_from_db()
    assert proposal.comment_count == 3
    replied = Event.objects.filter(kind=K.COMMENT_REPLIED).order_by("id")
    assert [e.data["parent_author"] for e in replied] == [people["other"].pk, people["author"].pk]


def test_comments_on_drafts_are_refused(world, people):
    draft = make(world, people["author"], submit=False)
    with pytest.raises(ValidationError):
        discussion_services.comment_post(author=people["other"], text="x", proposal=draft)


def test_sources_must_be_web_addresses(world, people):
    proposal = make(world, people["author"])
    comment = discussion_services.comment_post(
        author=people["other"], text="See", proposal=proposal, sources=["https://www.insee.fr/", ""]
    )
    assert comment.sources == ["https://www.insee.fr/"]
    with pytest.raises(ValidationError):
        discussion_services.comment_post(
            author=people["other"], text="x", proposal=proposal, sources=["javascript:alert(1)"]
        )


def test_edit_within_fifteen_minutes_only_by_the_author(world, people):
    proposal = make(world, people["author"])
    comment = discussion_services.comment_post(
        author=people["other"], text="Tpyo", proposal=proposal
    )
    with pytest.raises(PermissionDenied):
        discussion_services.comment_edit(comment=comment, actor=people["author"], text="x")
    discussion_services.comment_edit(comment=comment, actor=people["other"], text="Typo")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        discussion_services.comment_edit(comment=comment, actor=people["other"], text="Too late")
    assert Comment.objects.get(pk=comment.pk).text == "Typo"


def test_deleting_leaves_a_placeholder(world, people):
    proposal = make(world, people["author"])
    comment = discussion_services.comment_post(
        author=people["other"], text="Secret", proposal=proposal
    )
    reply = discussion_services.comment_post(author=people["author"], text="Reply", parent=comment)
    discussion_services.comment_delete(comment=comment, actor=people["other"])
    comment.refresh_from_db()
    assert comment.is_deleted and comment.text == ""
    assert Comment.objects.filter(pk=reply.pk).exists()


def test_flag_once_then_hide_and_restore_with_public_reasons(world, people):
    proposal = make(world, people["author"])
    comment = discussion_services.comment_post(
        author=people["other"], text="You idiot", proposal=proposal
    )
    discussion_services.flag_add(
        citizen=people["author"], reason="personal_attack", content=comment
    )
    with pytest.raises(ValidationError, match="already flagged"):
        discussion_services.flag_add(citizen=people["author"], reason="spam", content=comment)
    with pytest.raises(PermissionDenied):
        discussion_services.flag_add(
            citizen=people["other"], reason="spam", content=comment
        )  # own comment
    for outsider in ("lyon_dm", "author"):
        with pytest.raises(PermissionDenied):
            discussion_services.content_moderate(
                actor=people[outsider], reason="x", content=comment, action="hide"
            )

    assert discussion_services.content_moderate(
        actor=people["paris_dm"], reason="Personal attack", content=comment, action="hide"
    ).changed
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Personal attack"
    assert comment.flags.filter(dismissed_at__isnull=True).count() == 0
    assert discussion_services.content_moderate(
        actor=people["staff"], reason="Context", content=comment, action="restore"
    ).changed
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert list(
        Event.objects.filter(comment=comment).order_by("id").values_list("kind", flat=True)
    ) == [K.COMMENT_POSTED, K.CONTENT_HIDDEN, K.CONTENT_RESTORED]


def test_hiding_needs_a_reason(world, people):
    proposal = make(world, people["author"])
    comment = discussion_services.comment_post(author=people["other"], text="x", proposal=proposal)
    with pytest.raises(ValidationError):
        discussion_services.content_moderate(
            actor=people["paris_dm"], reason="  ", content=comment, action="hide"
        )


def test_every_decision_maker_action_is_in_the_audit_log(world, people):
    dm = people["paris_dm"]
    proposal = make(world, people["author"])
    services.proposal_mark_read(proposal=proposal, reader=dm)
    services.proposal_set_status(proposal=proposal, actor=dm, status=S.UNDER_CONSIDERATION)
    services.proposal_answer(proposal=proposal, actor=dm, text="Yes.", outcome=S.ACCEPTED)
    comment = discussion_services.comment_post(
        author=people["other"], text="Rude", proposal=proposal
    )
    discussion_services.content_moderate(actor=dm, reason="Rude", content=comment, action="hide")

    entries = list(AuditEntry.objects.order_by("id").values_list("action", "before", "after"))
    assert entries == [
        ("proposal.read", S.SUBMITTED, S.READ),
        ("proposal.status", S.READ, S.UNDER_CONSIDERATION),
        ("proposal.answer", S.UNDER_CONSIDERATION, S.ACCEPTED),
        ("content.hide", "visible", "hidden"),
    ]
    assert AuditEntry.objects.filter(actor=dm, space=world.places.paris).count() == 4
