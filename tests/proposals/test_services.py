"""Proposal services: lifecycle, read receipts, answers, transfers, supports, the audit log."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from civic.audit.models import AuditEntry
from jurisdictions.models import Mandate
from notifications.models import Event
from proposals import services
from proposals.discussions import services as discussion_services
from proposals.models import Proposal, ProposalFollow, Support
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import build_world
from tests.kinds import K
from tests.proposals.factories import create_proposal

pytestmark = pytest.mark.django_db
S = Proposal.Status


def kinds(proposal):
    return list(
        Event.objects.filter(proposal=proposal).order_by("id").values_list("kind", flat=True)
    )


def test_a_draft_is_submitted_with_a_history_row_an_event_and_a_follow(world, people):
    proposal = create_proposal(world, people.author, submit=False)
    assert proposal.status == S.DRAFT and kinds(proposal) == []

    services.proposal_submit(proposal=proposal, actor=people.author)

    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.submitted_at is not None
    assert [(t.from_status, t.to_status) for t in proposal.transitions.all()] == [
        (S.DRAFT, S.SUBMITTED)
    ]
    assert kinds(proposal) == [K.PROPOSAL_SUBMITTED]
    assert ProposalFollow.objects.filter(proposal=proposal, citizen=people.author).exists()


def test_invalid_fields_are_refused_and_nothing_is_written(world, people):
    with pytest.raises(ValidationError) as error:
        create_proposal(world, people.author, title="", impact_citizens=7)
    assert {"title", "impact_citizens"} <= set(error.value.message_dict)
    assert not Proposal.objects.exists()


def test_only_the_author_submits_or_withdraws(world, people):
    proposal = create_proposal(world, people.author, submit=False)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, actor=people.other)
    services.proposal_submit(proposal=proposal, actor=people.author)
    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(proposal=proposal, actor=people.paris_dm)


def test_the_read_receipt_is_recorded_once_and_only_by_a_decision_maker_of_the_space(world, people):
    proposal = create_proposal(world, people.author)
    for outsider in ("author", "other", "lyon_dm", "staff"):
        assert (
            services.proposal_mark_read(proposal=proposal, reader=getattr(people, outsider))
            is False
        )
    assert services.proposal_mark_read(proposal=proposal, reader=people.paris_dm) is True
    proposal.refresh_from_db()
    first_read = proposal.read_at
    assert services.proposal_mark_read(proposal=proposal, reader=people.paris_dm) is False
    proposal.refresh_from_db()
    assert proposal.status == S.READ
    assert proposal.read_at == first_read
    assert proposal.read_by == people.paris_dm and proposal.read_by_space == world.places.paris
    assert kinds(proposal).count(K.PROPOSAL_READ) == 1


def test_an_ended_mandate_no_longer_reads(world, people):
    proposal = create_proposal(world, people.author)
    Mandate.objects.filter(citizen=people.paris_dm).update(
        end_date=timezone.localdate() - timedelta(days=1)
    )
    assert services.proposal_mark_read(proposal=proposal, reader=people.paris_dm) is False


def test_full_lifecycle_read_consider_accept_implement(world, people):
    proposal = create_proposal(world, people.author)
    dm = people.paris_dm
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
    proposal = create_proposal(world, people.author)
    services.proposal_answer(
        proposal=proposal, actor=people.paris_dm, text="No.", outcome=S.DECLINED
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
    proposal = create_proposal(world, people.author)
    dm = people.paris_dm
    for step in steps:
        if step == "withdraw":
            services.proposal_withdraw(proposal=proposal, actor=people.author)
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
    proposal = create_proposal(world, people.author)
    services.proposal_transfer(
        proposal=proposal,
        actor=people.staff,
        to_space=world.places.lyon,
        reason="Lyon decides this.",
    )
    proposal.refresh_from_db()
    assert services.proposal_mark_read(proposal=proposal, reader=people.lyon_dm) is True

    entry = AuditEntry.objects.get(action="proposal.read")
    history = [(t.from_status, t.to_status) for t in proposal.transitions.all()]
    assert (entry.before, entry.after) == (S.TRANSFERRED, S.READ)
    assert history[-1] == (S.TRANSFERRED, S.READ)


def test_staff_cannot_mark_a_proposal_read_through_its_status(world, people):
    proposal = create_proposal(world, people.author)
    with pytest.raises(ValidationError, match="decision maker of its space opens it"):
        services.proposal_set_status(proposal=proposal, actor=people.staff, status=S.READ)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.read_at is None


def test_a_decision_maker_asking_for_read_leaves_the_receipt(world, people):
    proposal = create_proposal(world, people.author)
    services.proposal_set_status(proposal=proposal, actor=people.paris_dm, status=S.READ)
    proposal.refresh_from_db()
    assert proposal.status == S.READ and proposal.read_by == people.paris_dm
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
    proposal = create_proposal(world, people.author)
    with pytest.raises(ValidationError, match=message):
        services.proposal_set_status(proposal=proposal, actor=people.paris_dm, status=status)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED
    assert not AuditEntry.objects.filter(action="proposal.status").exists()


def test_answers_need_a_text_and_an_outcome(world, people):
    proposal = create_proposal(world, people.author)
    with pytest.raises(ValidationError) as error:
        services.proposal_answer(
            proposal=proposal,
            actor=people.paris_dm,
            text=" ",
            outcome="maybe",
            link="javascript:alert(1)",
        )
    assert set(error.value.message_dict) == {"text", "outcome", "link"}
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_decision_makers_of_another_space_cannot_act(world, people):
    proposal = create_proposal(world, people.author)
    for actor in (people.lyon_dm, people.other, people.author):
        with pytest.raises(PermissionDenied):
            services.proposal_answer(proposal=proposal, actor=actor, text="x", outcome=S.ACCEPTED)
        with pytest.raises(PermissionDenied):
            services.proposal_transfer(
                proposal=proposal, actor=actor, to_space=world.places.lyon, reason="x"
            )
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_staff_can_act_everywhere(world, people):
    proposal = create_proposal(world, people.author)
    services.proposal_answer(proposal=proposal, actor=people.staff, text="Yes.", outcome=S.ACCEPTED)
    proposal.refresh_from_db()
    assert proposal.status == S.ACCEPTED
    assert proposal.read_at is None  # staff answer, but only a decision maker leaves a receipt


def test_transfer_moves_the_proposal_keeps_supports_and_awaits_a_new_receipt(world, people):
    proposal = create_proposal(world, people.author)
    services.support_add(proposal=proposal, citizen=people.other)
    services.proposal_mark_read(proposal=proposal, reader=people.paris_dm)

    services.proposal_transfer(
        proposal=proposal,
        actor=people.paris_dm,
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
            proposal=proposal, actor=people.paris_dm, text="x", outcome=S.ACCEPTED
        )


def test_transfer_needs_a_reason_and_another_space(world, people):
    proposal = create_proposal(world, people.author)
    with pytest.raises(ValidationError):
        services.proposal_transfer(
            proposal=proposal, actor=people.paris_dm, to_space=world.places.lyon, reason=""
        )
    with pytest.raises(ValidationError):
        services.proposal_transfer(
            proposal=proposal, actor=people.paris_dm, to_space=world.places.paris, reason="Same"
        )


def test_support_once_not_by_the_author_and_unsupport(world, people):
    proposal = create_proposal(world, people.author)
    services.support_add(proposal=proposal, citizen=people.other)
    with pytest.raises(ValidationError, match="already support"):
        services.support_add(proposal=proposal, citizen=people.other)
    with pytest.raises(PermissionDenied):
        services.support_add(proposal=proposal, citizen=people.author)
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert ProposalFollow.objects.filter(proposal=proposal, citizen=people.other).exists()
    assert services.support_remove(proposal=proposal, citizen=people.other) is True
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_drafts_and_withdrawn_proposals_cannot_be_supported(world, people):
    draft = create_proposal(world, people.author, submit=False)
    with pytest.raises(ValidationError):
        services.support_add(proposal=draft, citizen=people.other)
    withdrawn = create_proposal(world, people.author)
    services.proposal_withdraw(proposal=withdrawn, actor=people.author)
    with pytest.raises(ValidationError):
        services.support_add(proposal=withdrawn, citizen=people.other)


@pytest.mark.django_db(transaction=True)
def test_supports_stay_exact_under_concurrent_clicks():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the race needs a server database.")
    world = build_world()
    author = CitizenFactory()
    proposal = create_proposal(world, author)
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
    proposal = create_proposal(world, people.author)
    stale = Proposal.objects.get(pk=proposal.pk)
    services.proposal_mark_read(proposal=proposal, reader=people.paris_dm)
    # A second decision maker who loaded the page before: compare-and-swap refuses quietly.
    assert services.proposal_mark_read(proposal=stale, reader=people.paris_dm) is False
    assert kinds(proposal).count(K.PROPOSAL_READ) == 1


def test_every_decision_maker_action_is_in_the_audit_log(world, people):
    dm = people.paris_dm
    proposal = create_proposal(world, people.author)
    services.proposal_mark_read(proposal=proposal, reader=dm)
    services.proposal_set_status(proposal=proposal, actor=dm, status=S.UNDER_CONSIDERATION)
    services.proposal_answer(proposal=proposal, actor=dm, text="Yes.", outcome=S.ACCEPTED)
    comment = discussion_services.comment_post(author=people.other, text="Rude", proposal=proposal)
    discussion_services.content_moderate(actor=dm, reason="Rude", content=comment, action="hide")

    entries = list(AuditEntry.objects.order_by("id").values_list("action", "before", "after"))
    assert entries == [
        ("proposal.read", S.SUBMITTED, S.READ),
        ("proposal.status", S.READ, S.UNDER_CONSIDERATION),
        ("proposal.answer", S.UNDER_CONSIDERATION, S.ACCEPTED),
        ("content.hide", "visible", "hidden"),
    ]
    assert AuditEntry.objects.filter(actor=dm, space=world.places.paris).count() == 4
