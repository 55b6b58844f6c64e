"""The admin of participation: staff browse, nobody edits by hand, actions go through services."""

from __future__ import annotations

import pytest

from civic.audit.models import AuditEntry
from proposals import services
from proposals.consultations.models import Consultation, Contribution
from proposals.discussions import services as discussion_services
from proposals.discussions.models import Comment, Flag
from proposals.models import Proposal
from tests.civic.factories import CitizenFactory
from tests.pages import admin_url

pytestmark = pytest.mark.django_db

S = Proposal.Status


@pytest.fixture
def superuser(db):
    return CitizenFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def one_of_each(world, proposal, paris_dm, flagged_comment):
    """An existing row of every registered model (the read receipt makes an audit entry)."""
    services.proposal_mark_read(proposal=proposal, reader=paris_dm)
    consultation = Consultation.objects.create(
        space=world.places.paris, topic=world.topics.household_waste, question="Bins?",
        context="Where?", opens_at=proposal.created_at,
        closes_at=proposal.created_at.replace(year=proposal.created_at.year + 1),
        created_by=paris_dm,
    )  # fmt: skip
    contribution = Contribution.objects.create(
        consultation=consultation, author=CitizenFactory(), text="Near schools."
    )
    return {
        Proposal: proposal,
        Consultation: consultation,
        Contribution: contribution,
        Comment: flagged_comment,
        Flag: Flag.objects.get(),
        AuditEntry: AuditEntry.objects.get(action="proposal.read"),
    }


MODELS = [Proposal, Consultation, Contribution, Comment, Flag, AuditEntry]


@pytest.mark.parametrize("model", MODELS)
def test_staff_browse_the_list_and_the_page(client_as, staff, one_of_each, model):
    """Plain staff (no Django permission rows) may look: the ``is_staff`` predicate decides."""
    obj = one_of_each[model]
    client = client_as(staff)

    changelist = client.get(admin_url(model, "changelist"))
    change = client.get(admin_url(model, "change", obj.pk))

    assert changelist.status_code == 200
    assert change.status_code == 200


@pytest.mark.parametrize("model", MODELS)
def test_nobody_adds_changes_or_deletes_by_hand(client_as, superuser, one_of_each, model):
    obj = one_of_each[model]
    client = client_as(superuser)

    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_the_audit_log_lists_who_did_what(client_as, staff, one_of_each, paris_dm):
    html = client_as(staff).get(admin_url(AuditEntry, "changelist")).content.decode()
    assert "proposal.read" in html
    assert paris_dm.email in html or paris_dm.public_name in html


def test_citizens_cannot_open_the_admin(client_as, author, paris_dm, one_of_each):
    for user in (author, paris_dm):
        response = client_as(user).get(admin_url(AuditEntry, "changelist"))
        assert response.status_code == 302  # to the admin login


def test_hiding_from_the_admin_asks_for_a_reason_and_goes_through_the_service(
    client_as, staff, flagged_comment
):
    client = client_as(staff)
    changelist = admin_url(Comment, "changelist")
    selection = {"action": "hide", "_selected_action": [flagged_comment.pk]}

    asked = client.post(changelist, selection)
    done = client.post(changelist, {**selection, "apply": "1", "reason": "Insult (rule 2)."})

    assert asked.status_code == 200 and "Public reason" in asked.content.decode()
    assert done.status_code == 302
    flagged_comment.refresh_from_db()
    assert flagged_comment.is_hidden
    assert flagged_comment.hidden_reason == "Insult (rule 2)."
    entry = AuditEntry.objects.get(action="content.hide")
    assert entry.actor == staff and entry.object_id == flagged_comment.pk


def test_restore_and_dismiss_actions_are_audited(client_as, staff, flagged_comment):
    client = client_as(staff)
    changelist = admin_url(Comment, "changelist")

    client.post(changelist, {"action": "dismiss_flags", "_selected_action": [flagged_comment.pk]})
    discussion_services.content_moderate(
        actor=staff, reason="Insult.", content=flagged_comment, action="hide"
    )
    client.post(changelist, {"action": "restore", "_selected_action": [flagged_comment.pk]})

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"flags.dismiss", "content.hide", "content.restore"} <= actions
    flagged_comment.refresh_from_db()
    assert not flagged_comment.is_hidden


def test_the_flag_action_dismisses_through_the_service(client_as, staff, flagged_comment):
    flag = Flag.objects.get()
    client_as(staff).post(
        admin_url(Flag, "changelist"), {"action": "dismiss", "_selected_action": [flag.pk]}
    )
    flag.refresh_from_db()
    assert flag.dismissed_by == staff
    assert AuditEntry.objects.filter(action="flags.dismiss").count() == 1


def test_a_refused_step_is_a_message_not_an_error_page(client_as, staff, make_proposal, author):
    answered = make_proposal(author, title="Done")
    services.proposal_answer(proposal=answered, actor=staff, text="Yes.", outcome=S.ACCEPTED)
    waiting = make_proposal(author, title="Waiting")

    response = client_as(staff).post(
        admin_url(Proposal, "changelist"),
        {"action": "move_under_consideration", "_selected_action": [answered.pk, waiting.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "cannot become" in html
    assert "1 proposal is now under consideration." in html
    waiting.refresh_from_db()
    assert waiting.status == S.UNDER_CONSIDERATION
    assert AuditEntry.objects.filter(action="proposal.status", object_id=waiting.pk).exists()
