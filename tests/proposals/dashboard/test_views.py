"""The decision makers' dashboard on the web: who may use it, the inbox, reading, deciding,
contributions, moderation and consultations.

Personas (``tests/proposals/conftest.py``): Alice the author, Oscar another citizen, Anne the
mayor of Paris (``paris_dm``), Louis the mayor of Lyon (``lyon_dm``: an outsider to Paris),
Sam from the staff; plus ``former_dm``, whose mandate at Paris city hall ended yesterday.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.audit.models import AuditEntry
from jurisdictions.models import Mandate
from proposals import services
from proposals.consultations import services as consultation_services
from proposals.discussions import services as discussion_services
from proposals.discussions.models import Flag
from proposals.models import Proposal
from tests.civic.audit.factories import audit_count as audits
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import event_count as events

pytestmark = pytest.mark.django_db

S = Proposal.Status
HTMX = {"HX-Request": "true"}
DASHBOARD = reverse("dashboard:inbox")
MARK_READ = reverse("dashboard:mark_read")


def url(name: str, *args) -> str:
    return reverse(f"dashboard:{name}", args=args)


def text_of(response) -> str:
    return response.content.decode()


# --- Who may use it -------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["author", "other"])
def test_citizens_without_a_mandate_are_refused(client_as, people, who):
    assert client_as(getattr(people, who)).get(DASHBOARD).status_code == 403


def test_a_mandate_that_ended_yesterday_no_longer_opens_it(client_as, former_dm, proposal):
    client = client_as(former_dm)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(url("proposal", proposal.pk)).status_code == 403
    assert client.post(MARK_READ, {"items": [proposal.pk]}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.read_at is None


def test_a_mandate_starting_tomorrow_does_not_open_it_yet(client_as, world):
    citizen = CitizenFactory()
    Mandate.objects.create(
        citizen=citizen, body=world.bodies.paris_council, role=Mandate.Role.LEGISLATOR,
        start_date=timezone.localdate() + timedelta(days=1),
    )  # fmt: skip
    assert client_as(citizen).get(DASHBOARD).status_code == 403


@pytest.mark.parametrize("who", ["paris_dm", "lyon_dm", "staff"])
def test_decision_makers_in_office_and_staff_open_it(client_as, people, who):
    response = client_as(getattr(people, who)).get(DASHBOARD)
    assert response.status_code == 200
    assert "Dashboard" in text_of(response)


def test_the_navigation_offers_the_dashboard_to_those_who_may_use_it(client, client_as, people):
    link = f'href="{DASHBOARD}"'
    assert link in text_of(client_as(people.paris_dm).get("/"))
    assert link in text_of(client_as(people.staff).get("/"))
    assert link not in text_of(client_as(people.author).get("/"))
    assert link not in text_of(client.get("/"))


def test_the_paris_decision_maker_cannot_act_on_a_lyon_proposal(
    client_as, paris_dm, lyon_proposal, ile_de_france
):
    client = client_as(paris_dm)
    pk = lyon_proposal.pk

    # Each answers as an unknown id does: nothing tells her whose area it lies in.
    assert client.get(url("proposal", pk)).status_code == 404
    assert client.get(url("proposal", 999999)).status_code == 404
    assert client.post(url("answer", pk), {"text": "No.", "outcome": S.DECLINED}).status_code == 404
    assert client.post(url("status", pk), {"status": S.UNDER_CONSIDERATION}).status_code == 404
    transfer = {"to_space": ile_de_france.pk, "reason": "Regional."}
    assert client.post(url("transfer", pk), transfer).status_code == 404
    lyon = client.post(MARK_READ, {"items": [pk]}, follow=True)
    unknown = client.post(MARK_READ, {"items": [999999]}, follow=True)
    assert lyon.status_code == unknown.status_code == 200
    assert [str(m) for m in lyon.context["messages"]] == [
        str(m) for m in unknown.context["messages"]
    ]

    lyon_proposal.refresh_from_db()
    assert lyon_proposal.status == S.SUBMITTED
    assert lyon_proposal.read_at is None
    assert not AuditEntry.objects.filter(object_id=pk).exists()


def test_an_outsider_proposal_in_a_bulk_selection_is_left_as_an_unknown_id_is(
    client_as, paris_dm, three, lyon_proposal
):
    response = client_as(paris_dm).post(
        MARK_READ, {"items": [three[0].pk, lyon_proposal.pk, three[1].pk]}, follow=True
    )

    assert response.status_code == 200
    assert "2 proposals marked as read: their authors are told." in text_of(response)
    assert set(Proposal.objects.filter(read_at__isnull=False)) == {three[0], three[1]}
    assert events(K.PROPOSAL_READ) == 2


def test_staff_act_everywhere(client_as, staff, lyon_proposal):
    client = client_as(staff)
    assert client.get(url("proposal", lyon_proposal.pk)).status_code == 200

    response = client.post(
        url("answer", lyon_proposal.pk), {"text": "The region funds it.", "outcome": S.ACCEPTED}
    )

    assert response.status_code == 302
    lyon_proposal.refresh_from_db()
    assert lyon_proposal.status == S.ACCEPTED
    assert lyon_proposal.read_at is None  # staff leave no read receipt
    assert audits("proposal.answer", lyon_proposal) == 1


def test_post_only_endpoints_refuse_get(client_as, paris_dm, proposal):
    assert client_as(paris_dm).get(MARK_READ).status_code == 405


# --- The inbox ------------------------------------------------------------------------------


def test_the_inbox_shows_the_spaces_proposals_unread_first(
    client_as, paris_dm, three, lyon_proposal
):
    services.proposal_mark_read(proposal=three[0], reader=paris_dm)

    html = text_of(client_as(paris_dm).get(DASHBOARD))

    assert "Trams for Lyon" not in html
    positions = [html.index(f"Idea number {n}") for n in (1, 2, 3)]
    # Unread first (2 and 3, oldest first), then the one already read.
    assert positions[1] < positions[2] < positions[0]
    assert "You serve:" in html and "Paris" in html


def test_the_lyon_decision_maker_sees_only_lyon(client_as, lyon_dm, three, lyon_proposal):
    html = text_of(client_as(lyon_dm).get(DASHBOARD))
    assert "Trams for Lyon" in html
    assert "Idea number" not in html


def test_staff_see_every_space(client_as, staff, three, lyon_proposal):
    html = text_of(client_as(staff).get(DASHBOARD))
    assert "Trams for Lyon" in html and "Idea number 1" in html


def test_staff_filter_by_a_space_typed_in_the_picker(client_as, staff, three, lyon_proposal, lyon):
    client = client_as(staff)

    by_id = client.get(DASHBOARD, {"space": lyon.pk})
    typed = client.get(DASHBOARD, {"q": "Lyon"})  # what the picker sends without JavaScript

    assert [p.title for p in by_id.context["page"]] == ["Trams for Lyon"]
    assert [p.title for p in typed.context["page"]] == ["Trams for Lyon"]
    assert 'role="combobox"' in text_of(typed)


def test_the_counts_say_what_needs_attention(
    client_as, paris_dm, three, flagged_comment, contribution
):
    services.proposal_mark_read(proposal=three[0], reader=paris_dm)

    response = client_as(paris_dm).get(DASHBOARD)

    counts = response.context["counts"]
    # three + the ``proposal`` the flagged comment is on: 4 awaiting, 3 of them unread.
    assert counts == {"unread": 3, "awaiting": 4, "unread_contributions": 1, "flagged": 1}


def test_the_inbox_filters_by_status_topic_age_support_body_and_space(
    client_as, world, paris_dm, make_proposal, author, other_citizen, motorways
):
    old = make_proposal(author, title="Old idea")
    Proposal.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    popular = make_proposal(author, title="Popular idea", body=world.bodies.paris_council)
    services.support_add(proposal=popular, citizen=other_citizen)
    make_proposal(author, title="Motorway idea", topic=motorways)
    answered = make_proposal(author, title="Answered idea")
    services.proposal_answer(proposal=answered, actor=paris_dm, text="Yes.", outcome=S.ACCEPTED)
    client = client_as(paris_dm)

    def titles(**query):
        response = client.get(DASHBOARD, query)
        return {p.title for p in response.context["page"].object_list}

    assert titles() == {"Old idea", "Popular idea", "Motorway idea"}  # awaiting by default
    assert titles(status="all") == {"Old idea", "Popular idea", "Motorway idea", "Answered idea"}
    assert titles(status="accepted") == {"Answered idea"}
    assert titles(topic="motorways") == {"Motorway idea"}
    assert titles(age="30") == {"Old idea"}
    assert titles(min_support="1") == {"Popular idea"}
    assert titles(body=str(world.bodies.paris_council.pk)) == {"Popular idea"}
    assert titles(space=str(world.places.paris.pk)) == titles()
    # Nonsense is ignored, never an error page.
    assert titles(status="nope", age="x", min_support="-4", space="999999") == titles()


def test_the_inbox_sorts(client_as, paris_dm, make_proposal, author, other_citizen):
    first = make_proposal(author, title="First")
    second = make_proposal(author, title="Second")
    services.support_add(proposal=second, citizen=other_citizen)
    Proposal.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(days=2))
    client = client_as(paris_dm)

    def order(sort):
        return [p.title for p in client.get(DASHBOARD, {"ordering": sort}).context["page"]]

    assert order("oldest") == ["First", "Second"]
    assert order("newest") == ["Second", "First"]
    assert order("supported") == ["Second", "First"]


def test_the_inbox_costs_a_fixed_number_of_queries(
    client_as, paris_dm, make_proposal, author, django_assert_num_queries
):
    client = client_as(paris_dm)
    make_proposal(author)
    client.get(DASHBOARD)  # warm up (session, content types)
    with django_assert_num_queries(10) as few:
        client.get(DASHBOARD)
    for n in range(30):
        make_proposal(author, title=f"Proposal {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize(
    ("name", "queries"), [("contributions", 9), ("moderation", 10), ("consultations", 8)]
)
def test_the_other_sections_cost_a_fixed_number_of_queries(
    client_as, world, paris_dm, consultation, author, other_citizen, name, queries,
    django_assert_num_queries,
):  # fmt: skip
    def add_flagged(n):
        for i in range(n):
            item = consultation_services.contribution_post(
                consultation=consultation, author=other_citizen, text=f"Idea {i}"
            )
            discussion_services.flag_add(citizen=author, reason=Flag.Reason.SPAM, content=item)
            comment = discussion_services.comment_post(author=other_citizen, text=f"Reply {i}",
                                            contribution=item)  # fmt: skip
            discussion_services.flag_add(
                citizen=author, reason=Flag.Reason.OFF_TOPIC, content=comment
            )

    client = client_as(paris_dm)
    add_flagged(1)
    client.get(reverse(f"dashboard:{name}"))
    with django_assert_num_queries(queries) as few:
        client.get(reverse(f"dashboard:{name}"))
    add_flagged(10)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse(f"dashboard:{name}")).status_code == 200


# --- Reading --------------------------------------------------------------------------------


def test_opening_an_item_records_the_read_receipt_once(client_as, paris_dm, proposal):
    client = client_as(paris_dm)

    first = client.get(url("proposal", proposal.pk))
    client.get(url("proposal", proposal.pk))

    assert first.status_code == 200
    assert "Read receipt recorded" in text_of(first)
    proposal.refresh_from_db()
    assert proposal.status == S.READ
    assert proposal.read_by == paris_dm
    assert events(K.PROPOSAL_READ, proposal=proposal) == 1
    assert audits("proposal.read", proposal) == 1


def test_a_draft_is_not_found_on_the_dashboard(client_as, paris_dm, draft):
    assert client_as(paris_dm).get(url("proposal", draft.pk)).status_code == 404


def test_bulk_mark_as_read_records_one_receipt_and_one_event_per_proposal_exactly_once(
    client_as, paris_dm, three
):
    client = client_as(paris_dm)
    ids = [p.pk for p in three]

    response = client.post(MARK_READ + "?status=open", {"items": ids})
    client.post(MARK_READ, {"items": ids})  # posting twice adds nothing

    assert response.status_code == 302
    assert response.url == DASHBOARD + "?status=open"
    for proposal in three:
        proposal.refresh_from_db()
        assert proposal.status == S.READ
        assert proposal.read_by == paris_dm
        assert events(K.PROPOSAL_READ, proposal=proposal) == 1
        assert audits("proposal.read", proposal) == 1
    assert events(K.PROPOSAL_READ) == 3


def test_bulk_mark_as_read_with_htmx_returns_the_inbox_and_the_counts(client_as, paris_dm, three):
    response = client_as(paris_dm).post(
        MARK_READ, {"items": [three[0].pk, three[1].pk]}, headers=HTMX
    )

    html = text_of(response)
    assert response.status_code == 200
    assert 'id="inbox"' in html
    assert "2 proposals marked as read" in html
    assert 'id="dashboard-counts" hx-swap-oob="true"' in html
    assert response.context["counts"]["unread"] == 1
    assert "<html" not in html


def test_bulk_mark_as_read_needs_a_selection(client_as, paris_dm, three):
    response = client_as(paris_dm).post(MARK_READ, {}, headers=HTMX)
    assert "Select at least one proposal." in text_of(response)
    assert not Proposal.objects.filter(read_at__isnull=False).exists()


def test_staff_bulk_mark_as_read_records_no_receipt(client_as, staff, three):
    response = client_as(staff).post(MARK_READ, {"items": [three[0].pk]}, follow=True)

    assert "Only a decision maker of the space records its read receipt." in text_of(response)
    three[0].refresh_from_db()
    assert three[0].read_at is None


# --- Deciding -------------------------------------------------------------------------------


def test_the_decision_maker_answers_with_htmx(client_as, paris_dm, author, proposal, client):
    response = client_as(paris_dm).post(
        url("answer", proposal.pk),
        {"text": "We will add **200** bins.", "outcome": S.ACCEPTED},
        headers=HTMX,
    )

    html = text_of(response)
    assert response.status_code == 200
    assert 'id="decision"' in html and "Your answer is published." in html
    assert "<strong>200</strong>" in html
    proposal.refresh_from_db()
    assert proposal.status == S.ACCEPTED
    assert proposal.read_by == paris_dm  # read first, by the same service
    assert audits("proposal.answer", proposal) == 1
    assert events(K.PROPOSAL_ANSWERED, proposal=proposal) == 1
    # The author sees it on the public page.
    assert "We will add" in text_of(client.get(proposal.get_absolute_url()))


def test_answer_errors_come_back_next_to_the_field(client_as, paris_dm, proposal):
    client = client_as(paris_dm)

    with_htmx = client.post(url("answer", proposal.pk), {"text": "", "outcome": S.ACCEPTED},
                            headers=HTMX)  # fmt: skip
    without = client.post(url("answer", proposal.pk), {"text": "", "outcome": S.ACCEPTED})

    assert with_htmx.status_code == 200
    assert "Write the answer citizens will read." in text_of(with_htmx)
    assert without.status_code == 400
    assert "Write the answer citizens will read." in text_of(without)
    proposal.refresh_from_db()
    assert proposal.answered_at is None


def test_the_status_moves_under_consideration(client_as, paris_dm, proposal):
    response = client_as(paris_dm).post(
        url("status", proposal.pk), {"status": S.UNDER_CONSIDERATION, "note": "Studying."}
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.UNDER_CONSIDERATION
    assert audits("proposal.status", proposal) == 1


def test_the_transfer_form_preselects_who_is_responsible(client_as, paris_dm, metropole, proposal):
    html = text_of(client_as(paris_dm).get(url("proposal", proposal.pk)))

    assert f'name="to_space" value="{metropole.pk}"' in html
    assert "Suggested: Métropole du Grand Paris is responsible for household waste" in html


def test_the_decision_maker_transfers_with_a_reason(client_as, paris_dm, ile_de_france, proposal):
    client = client_as(paris_dm)
    response = client.post(
        url("transfer", proposal.pk), {"to_space": ile_de_france.pk, "reason": "Regional parks."}
    )

    assert response.status_code == 302 and response.url == DASHBOARD
    proposal.refresh_from_db()
    assert proposal.space == ile_de_france
    assert proposal.status == S.TRANSFERRED
    assert audits("proposal.transfer", proposal) == 1
    # It left her scope: no longer in her inbox, no longer hers to act on.
    assert client.get(url("proposal", proposal.pk)).status_code == 404


def test_a_transfer_needs_a_reason(client_as, paris_dm, ile_de_france, proposal):
    response = client_as(paris_dm).post(
        url("transfer", proposal.pk), {"to_space": ile_de_france.pk, "reason": ""}
    )
    assert response.status_code == 400
    assert "Explain why it belongs elsewhere." in text_of(response)


# --- Contributions --------------------------------------------------------------------------


def test_contributions_are_listed_for_the_space_only(client_as, paris_dm, lyon_dm, contribution):
    assert "composters in parks" in text_of(client_as(paris_dm).get(url("contributions")))
    assert "composters in parks" not in text_of(client_as(lyon_dm).get(url("contributions")))


def test_bulk_mark_contributions_read_once(client_as, paris_dm, contribution, consultation):
    other = consultation_services.contribution_post(
        consultation=consultation, author=CitizenFactory(), text="In the parks."
    )
    client = client_as(paris_dm)
    ids = [contribution.pk, other.pk]

    client.post(url("contributions_read"), {"items": ids})
    again = client.post(url("contributions_read"), {"items": ids}, headers=HTMX)

    html = text_of(again)
    assert "0 contributions marked as read." in html
    assert html.count('id="dashboard-counts"') == 1  # the counts once, out of band

    for item in (contribution, other):
        item.refresh_from_db()
        assert item.read_by == paris_dm
        assert audits("contribution.read", item) == 1
        assert events(K.CONTRIBUTION_READ, contribution=item) == 1


def test_the_decision_maker_says_a_contribution_helped_shape_policy(
    client_as, paris_dm, lyon_dm, contribution
):
    helped = url("contribution_helped", contribution.pk)
    assert client_as(lyon_dm).post(helped, {"outcome_note": "x"}).status_code == 403

    empty = client_as(paris_dm).post(helped, {"outcome_note": ""}, headers=HTMX)
    response = client_as(paris_dm).post(
        helped, {"outcome_note": "Bins go near 40 schools."}, headers=HTMX
    )

    assert "This field is required." in text_of(empty)
    assert response.status_code == 200
    assert "helped shape policy" in text_of(response)
    contribution.refresh_from_db()
    assert contribution.helped_shape_policy
    assert contribution.outcome_note == "Bins go near 40 schools."
    assert audits("contribution.helped", contribution) == 1


# --- Moderation -----------------------------------------------------------------------------


def test_the_queue_shows_flagged_content_with_the_reasons(client_as, paris_dm, flagged_comment):
    html = text_of(client_as(paris_dm).get(url("moderation")))

    assert "You are an idiot." in html
    assert "Personal attack or harassment" in html
    assert "Insults me by name." in html


def test_outsiders_see_nothing_of_paris_in_the_queue_and_cannot_moderate(
    client_as, lyon_dm, flagged_comment
):
    client = client_as(lyon_dm)
    assert "You are an idiot." not in text_of(client.get(url("moderation")))

    response = client.post(
        url("moderate"), {"comment": flagged_comment.pk, "action": "hide", "reason": "Insult."}
    )

    assert response.status_code == 403
    flagged_comment.refresh_from_db()
    assert not flagged_comment.is_hidden


def test_hiding_needs_a_public_reason(client_as, paris_dm, flagged_comment):
    response = client_as(paris_dm).post(
        url("moderate"), {"comment": flagged_comment.pk, "action": "hide", "reason": ""},
        headers=HTMX,
    )  # fmt: skip

    assert response.status_code == 200
    assert "Give the public reason for hiding it." in text_of(response)
    flagged_comment.refresh_from_db()
    assert not flagged_comment.is_hidden


def test_hide_then_restore_with_htmx_is_audited(client, client_as, paris_dm, flagged_comment):
    moderator = client_as(paris_dm)
    data = {"comment": flagged_comment.pk, "reason": "Personal attack (rule 2)."}

    hidden = moderator.post(url("moderate"), {**data, "action": "hide"}, headers=HTMX)

    assert hidden.status_code == 200
    assert "Hidden. Everyone now sees the public reason" in text_of(hidden)
    assert f'id="mod-comment-{flagged_comment.pk}"' in text_of(hidden)
    flagged_comment.refresh_from_db()
    assert flagged_comment.is_hidden
    assert not Flag.objects.filter(comment=flagged_comment, dismissed_at__isnull=True).exists()
    assert audits("content.hide", flagged_comment) == 1
    # Moderators read the hidden text in the queue; the public page never shows it.
    queue = text_of(moderator.get(url("moderation"), {"show": "hidden"}))
    assert "You are an idiot." in queue
    public = text_of(client.get(flagged_comment.proposal.get_absolute_url()))
    assert "You are an idiot." not in public and "Personal attack (rule 2)." in public

    restored = moderator.post(url("moderate"), {**data, "action": "restore"})

    assert restored.status_code == 302
    flagged_comment.refresh_from_db()
    assert not flagged_comment.is_hidden
    assert audits("content.restore", flagged_comment) == 1


def test_dismissing_flags_keeps_the_content_and_is_audited(client_as, paris_dm, flagged_comment):
    response = client_as(paris_dm).post(
        url("moderate"), {"comment": flagged_comment.pk, "action": "dismiss"}, headers=HTMX
    )

    assert "1 flag dismissed." in text_of(response)
    assert response.context["counts"]["flagged"] == 0
    flagged_comment.refresh_from_db()
    assert not flagged_comment.is_hidden
    assert audits("flags.dismiss", flagged_comment) == 1


def test_flagged_contributions_are_in_the_queue_too(
    client_as, paris_dm, contribution, other_citizen, staff
):
    discussion_services.flag_add(
        citizen=other_citizen, reason=Flag.Reason.SPAM, content=contribution
    )

    assert "composters in parks" in text_of(client_as(paris_dm).get(url("moderation")))
    response = client_as(staff).post(
        url("moderate"), {"contribution": contribution.pk, "action": "hide", "reason": "Spam."}
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.is_hidden


def test_a_moderation_post_without_a_target_is_a_bad_request(client_as, paris_dm):
    client = client_as(paris_dm)
    assert client.post(url("moderate"), {"action": "hide"}).status_code == 400
    assert client.post(url("moderate"), {"comment": 999999, "action": "hide"}).status_code == 404


# --- Consultations --------------------------------------------------------------------------


def test_the_consultations_page_links_to_open_edit_and_close(
    client_as, paris_dm, lyon_dm, consultation, contribution
):
    html = text_of(client_as(paris_dm).get(url("consultations")))

    assert "How should we collect bio-waste?" in html
    assert reverse("consultations:edit", args=[consultation.pk]) in html
    assert reverse("consultations:close", args=[consultation.pk]) in html
    assert reverse("consultations:create", args=[consultation.space.slug]) in html
    assert "1 unread" in html
    assert "How should we collect bio-waste?" not in text_of(
        client_as(lyon_dm).get(url("consultations"))
    )


def test_closing_from_the_dashboard_link_is_audited(client_as, paris_dm, consultation):
    client_as(paris_dm).post(
        reverse("consultations:close", args=[consultation.pk]),
        {"summary": "Bins near schools."},
    )
    consultation.refresh_from_db()
    assert consultation.closed_at is not None
    assert audits("consultation.close", consultation) == 1


# The dashboard panel of one proposal: the decision maker's later visits read only; the first
# records the receipt. Staff read without leaving a receipt.
@pytest.mark.parametrize(("persona", "first", "later"), [("paris_dm", 16, 10), ("staff", 11, 11)])
def test_the_proposal_panel_costs_a_fixed_number_of_queries(
    client_as, people, proposal, persona, first, later, django_assert_num_queries
):
    for _n in range(3):
        services.support_add(proposal=proposal, citizen=CitizenFactory())
    client = client_as(getattr(people, persona))

    with django_assert_num_queries(first):
        assert client.get(url("proposal", proposal.pk)).status_code == 200
    with django_assert_num_queries(later):
        response = client.get(url("proposal", proposal.pk))

    assert "More recycling bins" in text_of(response)
