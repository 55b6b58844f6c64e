"""Proposal pages as citizens, decision makers and visitors see them.

Personas and the proposal come from tests/proposals/conftest.py: Alice (author, lives in
Paris), Oscar (another citizen, lives in Lyon), Anne Mairesse (mayor of Paris), Louis
Lyonnais (mayor of Lyon), Sam (staff).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.consultations import services as consultation_services
from proposals.discussions import services as discussion_services
from proposals.models import Proposal, ProposalTransition, Support
from tests.civic.factories import CitizenFactory
from tests.proposals.factories import proposal_fields

pytestmark = pytest.mark.django_db
S = Proposal.Status


def page(response) -> str:
    return response.content.decode()


def url(name, *args) -> str:
    return reverse(f"proposals:{name}", args=args)


def form_data(world, to, **overrides) -> dict:
    """What the proposal form posts to address ``to``, with valid values."""
    fields = proposal_fields(world)
    data = {
        "space": to.pk,
        "topic": fields["topic"].slug,
        "body": "",
        **{name: value for name, value in fields.items() if name != "topic"},
        "action": "submit",
    }
    data.update(overrides)
    return data


def receipt_date(proposal) -> str:
    local = timezone.localtime(proposal.read_at)
    return f"{local.day} {local:%B %Y}"


# --- Writing a proposal ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_to_make_a_proposal(client):
    response = client.get(url("create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_form_has_labelled_fields_and_rating_fieldsets(client_as, author):
    response = client_as(author).get(url("create"))
    text = page(response)
    assert response.status_code == 200
    assert text.count("<h1") == 1
    for label in [
        'for="id_topic"',
        'for="space-input"',
        'for="id_body"',
        'for="id_title"',
        'for="id_text"',
        'for="id_freedom_statement"',
        'for="id_impact_citizens_text"',
    ]:
        assert label in text
    assert "<legend>Rating for citizens&#x27; development and integration</legend>" in text
    assert "<legend>Functioning of governments</legend>" in text
    assert text.count('type="radio" name="impact_collectivities"') == 5
    assert "Markdown is allowed" in text
    assert "Save draft" in text and ">Submit<" in text


def test_the_form_is_prefilled_and_warns_when_another_level_is_responsible(
    client_as, author, lyon, household_waste
):
    response = client_as(author).get(
        url("create"), {"space": lyon.slug, "topic": household_waste.slug}
    )
    text = page(response)
    assert f'name="space" value="{lyon.pk}"' in text
    assert '<option value="household-waste" selected>' in text
    assert "Mairie de Lyon" in text  # the bodies of the chosen space
    assert "In Paris, household waste is the responsibility of Métropole du Grand Paris." in text
    assert (
        "You are addressing Lyon, but household waste in Paris is the responsibility of "
        "Métropole du Grand Paris." in text
    )
    assert "Address it to Métropole du Grand Paris" in text


def test_no_warning_when_the_responsible_space_is_addressed(
    client_as, author, metropole, household_waste
):
    response = client_as(author).get(
        url("create"), {"space": metropole.slug, "topic": household_waste.slug}
    )
    text = page(response)
    assert "You are addressing the level responsible for this topic." in text
    assert "You are addressing Métropole" not in text


def test_a_citizen_submits_a_proposal_and_follows_it_to_its_page(client_as, world, author, paris):
    client = client_as(author)
    response = client.post(url("create"), form_data(world, paris, action="submit"))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == proposal.get_absolute_url()
    assert proposal.status == S.SUBMITTED and proposal.author == author
    assert proposal.space == paris and proposal.submitted_at is not None
    text = page(client.get(proposal.get_absolute_url()))
    assert "Your proposal was sent to Paris." in text
    assert "Submitted" in text and "Not read yet by Paris." in text


def test_a_draft_stays_private_to_its_author(
    client, client_as, world, author, other_citizen, paris_dm, staff, paris
):
    response = client_as(author).post(
        url("create"), form_data(world, paris, action="draft", title="Secret plan")
    )
    draft = Proposal.objects.get()
    assert response.status_code == 302 and draft.status == S.DRAFT
    assert "This is your draft" in page(client_as(author).get(draft.get_absolute_url()))
    for outsider in (other_citizen, paris_dm, staff):
        assert client_as(outsider).get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret plan" not in page(client.get(url("list")))
    assert "Secret plan" not in page(client_as(paris_dm).get(url("space_proposals", paris.slug)))
    draft.refresh_from_db()
    assert draft.read_at is None


def test_form_errors_are_shown_next_to_their_fields(client_as, world, author, paris):
    response = client_as(author).post(
        url("create"), form_data(world, paris, title="", impact_citizens="7")
    )
    text = page(response)
    assert response.status_code == 400
    assert "Your proposal was not saved." in text
    assert '<p class="error" id="id_title_error">Give your proposal a title.</p>' in text
    assert 'aria-describedby="id_title_helptext id_title_error"' in text
    assert 'id="id_impact_citizens_error"' in text
    assert Proposal.objects.count() == 0


def test_a_body_of_another_space_is_refused_with_a_message(client_as, world, author, paris):
    response = client_as(author).post(
        url("create"), form_data(world, paris, body=world.bodies.lyon_city_hall.pk)
    )
    assert response.status_code == 400
    assert "This body does not belong to the chosen space." in page(response)
    assert Proposal.objects.count() == 0


def test_without_javascript_a_typed_place_is_understood(client_as, world, author, lyon):
    data = form_data(world, lyon, space="", q="Lyon")
    response = client_as(author).post(url("create"), data)
    assert response.status_code == 302
    assert Proposal.objects.get().space == lyon


def test_an_ambiguous_typed_place_asks_to_pick_one(client_as, world, author, paris):
    response = client_as(author).post(url("create"), form_data(world, paris, space="", q="Paris"))
    assert response.status_code == 400
    assert "Several places match “Paris”: pick one from the suggestions." in page(response)
    assert Proposal.objects.count() == 0


def test_address_it_to_the_suggestion_reloads_the_form_without_saving(
    client_as, world, author, lyon, metropole
):
    data = form_data(world, lyon, use_space=metropole.pk, title="Keep my title")
    response = client_as(author).post(url("create"), data)
    text = page(response)
    assert response.status_code == 200
    assert Proposal.objects.count() == 0
    assert f'name="space" value="{metropole.pk}"' in text
    assert 'value="Keep my title"' in text
    assert "You are addressing the level responsible for this topic." in text
    assert "Conseil de la Métropole" in text  # the new space's bodies


def test_the_suggestion_endpoint_answers_htmx_with_the_warning_and_the_bodies(
    client_as, author, lyon, household_waste
):
    response = client_as(author).get(
        url("suggest_space"),
        {"topic": household_waste.slug, "space": lyon.pk},
        headers={"HX-Request": "true"},
    )
    text = page(response)
    assert response.status_code == 200
    assert "<html" not in text
    assert (
        "You are addressing Lyon, but household waste in Paris is the responsibility of "
        "Métropole du Grand Paris." in text
    )
    assert 'id="body-field" class="field" hx-swap-oob="true"' in text
    assert "Mairie de Lyon" in text


def test_the_suggestion_endpoint_without_htmx_opens_the_prefilled_form(
    client_as, author, lyon, household_waste
):
    response = client_as(author).get(
        url("suggest_space"), {"topic": household_waste.slug, "space": lyon.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url('create')}?topic=household-waste&space={lyon.slug}"


def test_the_suggestion_uses_the_chosen_place_for_a_visitor_without_a_home(
    client, lyon, paris, household_waste
):
    response = client.get(
        url("suggest_space"),
        {"topic": household_waste.slug, "space": lyon.pk, "place": lyon.pk},
        headers={"HX-Request": "true"},
    )
    text = page(response)
    assert "In Lyon, household waste is the responsibility of Lyon." in text
    assert "You are addressing the level responsible for this topic." in text


def test_the_author_edits_then_submits_a_draft(client_as, world, author, draft, paris):
    client = client_as(author)
    assert 'value="My unfinished idea"' in page(client.get(url("edit", draft.pk)))
    response = client.post(
        url("edit", draft.pk), form_data(world, paris, title="A finished idea", action="draft")
    )
    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.title == "A finished idea" and draft.status == S.DRAFT
    client.post(url("submit", draft.pk))
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert "Your proposal was sent to Paris." in page(client.get(draft.get_absolute_url()))


def test_a_submitted_proposal_can_no_longer_be_edited(client_as, author, other_citizen, proposal):
    response = client_as(author).get(url("edit", proposal.pk), follow=True)
    assert "Only drafts can be edited" in page(response)
    assert client_as(other_citizen).get(url("edit", proposal.pk)).status_code == 403


def test_nobody_else_can_submit_or_edit_a_draft(client_as, other_citizen, draft):
    client = client_as(other_citizen)
    assert client.post(url("submit", draft.pk)).status_code == 404
    assert client.get(url("edit", draft.pk)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


# --- Reading --------------------------------------------------------------------------------


def test_the_page_shows_the_proposal_with_rendered_markdown(client, proposal):
    response = client.get(proposal.get_absolute_url())
    text = page(response)
    assert response.status_code == 200
    assert text.count("<h1") == 1
    assert "<p>Put <strong>more</strong> bins in every street.</p>" in text
    assert "Alice Author" in text and "Household waste" in text
    assert "Paris, Île-de-France, France" in text
    assert "+2 · strongly helps" in text and "Less waste to collect." in text
    assert "Nobody is forced to recycle." in text
    assert "Log in to support this proposal" in text
    assert 'id="comments-proposal-' in text


def test_hostile_title_and_text_render_inert(client, make_proposal, author):
    proposal = make_proposal(
        author,
        title="<script>alert(1)</script>",
        text="[x](javascript:alert(1)) <img src=x onerror=alert(1)> <script>alert(2)</script>",
    )
    for response in (client.get(proposal.get_absolute_url()), client.get(url("list"))):
        text = page(response)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "<script>alert" not in text
        assert "javascript:" not in text
        assert "onerror" not in text
        assert "<img" not in text


def test_unknown_ids_are_not_found(client, client_as, paris_dm):
    assert client.get(url("detail", 999)).status_code == 404
    assert client.get(url("space_proposals", "nowhere")).status_code == 404
    dm = client_as(paris_dm)
    for name in ("edit",):
        assert dm.get(url(name, 999)).status_code == 404
    for name in ("support", "answer", "status", "transfer", "withdraw", "submit"):
        assert dm.post(url(name, 999)).status_code == 404


# --- The read receipt -----------------------------------------------------------------------


def test_the_decision_maker_of_paris_opening_it_records_the_receipt_once(
    client_as, author, paris_dm, paris, proposal
):
    dm = client_as(paris_dm)
    first = dm.get(proposal.get_absolute_url())
    proposal.refresh_from_db()
    assert proposal.status == S.READ
    assert (proposal.read_by, proposal.read_by_space) == (paris_dm, paris)
    read_at = proposal.read_at
    assert "Read receipt recorded" in page(first)

    second = dm.get(proposal.get_absolute_url())
    proposal.refresh_from_db()
    assert proposal.read_at == read_at
    assert ProposalTransition.objects.filter(proposal=proposal, to_status=S.READ).count() == 1
    assert "Read receipt recorded" not in page(second)

    text = page(client_as(author).get(proposal.get_absolute_url()))
    assert f"Read by Paris on {receipt_date(proposal)}" in text


@pytest.mark.parametrize("who", ["lyon_dm", "other", "staff", "author"])
def test_opening_by_anyone_else_records_nothing(client_as, people, proposal, who):
    response = client_as(getattr(people, who)).get(proposal.get_absolute_url())
    proposal.refresh_from_db()
    assert response.status_code == 200
    assert proposal.status == S.SUBMITTED and proposal.read_at is None
    assert "Read by" not in page(response)


def test_anonymous_opening_records_nothing(client, proposal):
    client.get(proposal.get_absolute_url())
    proposal.refresh_from_db()
    assert proposal.read_at is None


# --- Deciding -------------------------------------------------------------------------------


def test_the_decision_maker_answers_and_everyone_sees_the_answer(
    client, client_as, paris_dm, proposal
):
    dm = client_as(paris_dm)
    assert "Decide for Paris" in page(dm.get(proposal.get_absolute_url()))
    response = dm.post(
        url("answer", proposal.pk),
        {
            "text": "We will add **200** bins this spring.",
            "outcome": "accepted",
            "link": "https://www.paris.fr/bins",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.ACCEPTED and proposal.answered_by == paris_dm
    text = page(client.get(proposal.get_absolute_url()))
    assert "Official answer" in text
    assert "We will add <strong>200</strong> bins this spring." in text
    assert 'href="https://www.paris.fr/bins"' in text
    assert "Answered by Anne Mairesse on" in text
    assert "Accepted" in text


def test_answer_errors_are_shown_on_the_page(client_as, paris_dm, proposal):
    response = client_as(paris_dm).post(
        url("answer", proposal.pk), {"text": "", "outcome": "accepted", "link": "nope"}
    )
    text = page(response)
    assert response.status_code == 400
    assert 'id="answer_text_error"' in text and "Write the answer citizens will read." in text
    proposal.refresh_from_db()
    assert proposal.answered_at is None


def test_an_impossible_step_is_a_clear_message_not_an_error_page(
    client_as, author, paris_dm, proposal
):
    services.proposal_withdraw(proposal=proposal, actor=author)
    response = client_as(paris_dm).post(
        url("answer", proposal.pk), {"text": "Too late?", "outcome": "accepted"}
    )
    assert response.status_code == 400
    assert "A proposal that is “Withdrawn” cannot become “Accepted”." in page(response)
    proposal.refresh_from_db()
    assert proposal.status == S.WITHDRAWN and proposal.answer_text == ""


def test_the_status_moves_under_consideration_then_accepted_to_implemented(
    client_as, paris_dm, proposal
):
    dm = client_as(paris_dm)
    dm.post(url("status", proposal.pk), {"status": "under_consideration", "note": "Studying."})
    proposal.refresh_from_db()
    assert proposal.status == S.UNDER_CONSIDERATION and proposal.read_at is not None
    dm.post(url("answer", proposal.pk), {"text": "Yes.", "outcome": "accepted"})
    text = page(dm.get(proposal.get_absolute_url()))
    assert '<option value="implemented">Implemented</option>' in text
    response = dm.post(url("status", proposal.pk), {"status": "implemented"}, follow=True)
    proposal.refresh_from_db()
    assert proposal.status == S.IMPLEMENTED
    assert "The proposal is now “Implemented”." in page(response)
    assert "Studying." in page(response)  # the history keeps the note


def test_the_transfer_form_suggests_who_is_responsible(client_as, paris_dm, metropole, proposal):
    text = page(client_as(paris_dm).get(proposal.get_absolute_url()))
    assert f'name="to_space" value="{metropole.pk}"' in text
    assert "Suggested: Métropole du Grand Paris is responsible for household waste here." in text


def test_a_transfer_keeps_the_supports_and_shows_in_the_history(
    client, client_as, other_citizen, paris_dm, ile_de_france, proposal
):
    services.support_add(proposal=proposal, citizen=other_citizen)
    response = client_as(paris_dm).post(
        url("transfer", proposal.pk),
        {"to_space": ile_de_france.pk, "reason": "The region runs this programme."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.space == ile_de_france and proposal.status == S.TRANSFERRED
    assert proposal.support_count == 1 and Support.objects.filter(proposal=proposal).count() == 1
    text = page(client.get(proposal.get_absolute_url()))
    assert "Transferred" in text and "from Paris to Île-de-France" in text
    assert "The region runs this programme." in text
    assert "1 support" in text
    assert "Not read yet by Île-de-France." in text
    listing = page(client.get(url("space_proposals", ile_de_france.slug)))
    assert "More recycling bins" in listing


def test_a_transfer_needs_a_reason(client_as, paris_dm, ile_de_france, proposal):
    response = client_as(paris_dm).post(
        url("transfer", proposal.pk), {"to_space": ile_de_france.pk, "reason": ""}
    )
    assert response.status_code == 400
    assert "Explain why it belongs elsewhere." in page(response)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


@pytest.mark.parametrize("who", ["lyon_dm", "other", "author"])
def test_outsiders_cannot_answer_transfer_or_change_the_status(
    client_as, people, ile_de_france, proposal, who
):
    client = client_as(getattr(people, who))
    assert "Decide for" not in page(client.get(proposal.get_absolute_url()))
    posts = {
        "answer": {"text": "Yes", "outcome": "accepted"},
        "transfer": {"to_space": ile_de_france.pk, "reason": "Elsewhere"},
        "status": {"status": "under_consideration"},
    }
    for name, data in posts.items():
        # As for an unknown id: the answer tells nobody whose area the proposal is in.
        assert client.post(url(name, proposal.pk), data).status_code == 404
        assert client.post(url(name, 999999), data).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.space.name == "Paris"
    assert proposal.answer_text == "" and proposal.read_at is None


def test_anonymous_posts_are_sent_to_log_in(client, proposal):
    for name in ("answer", "transfer", "status", "support", "withdraw", "submit"):
        response = client.post(url(name, proposal.pk), {"text": "x", "outcome": "accepted"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert client.post(url("create"), {}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.support_count == 0


def test_staff_may_transfer_but_records_no_receipt(client_as, staff, ile_de_france, proposal):
    client = client_as(staff)
    text = page(client.get(proposal.get_absolute_url()))
    assert "Decide for Paris" in text and "Publish the answer" in text
    client.post(url("transfer", proposal.pk), {"to_space": ile_de_france.pk, "reason": "Region"})
    proposal.refresh_from_db()
    assert proposal.space == ile_de_france and proposal.read_at is None


# --- Withdrawing ----------------------------------------------------------------------------


def test_the_author_withdraws_after_confirming(client_as, author, other_citizen, proposal):
    client = client_as(author)
    assert "Withdraw this proposal…" in page(client.get(proposal.get_absolute_url()))
    unconfirmed = client.post(url("withdraw", proposal.pk), {"note": "Changed my mind"})
    assert unconfirmed.status_code == 400
    assert "Tick the box to confirm" in page(unconfirmed)
    outsider = client_as(other_citizen).post(url("withdraw", proposal.pk), {"confirm": "on"})
    assert outsider.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED

    response = client.post(url("withdraw", proposal.pk), {"confirm": "on"}, follow=True)
    proposal.refresh_from_db()
    assert proposal.status == S.WITHDRAWN
    assert "Your proposal was withdrawn." in page(response)
    assert "This proposal no longer collects supports." in page(response)


# --- Supporting -----------------------------------------------------------------------------


def test_a_citizen_supports_then_withdraws_their_support(client_as, other_citizen, proposal):
    client = client_as(other_citizen)
    response = client.post(url("support", proposal.pk), {"action": "support"}, follow=True)
    text = page(response)
    assert "You support this proposal." in text and "1 support" in text
    assert "withdraw your support" in text
    assert Support.objects.filter(proposal=proposal, citizen=other_citizen).exists()

    response = client.post(url("support", proposal.pk), {"action": "unsupport"}, follow=True)
    assert "You no longer support this proposal." in page(response)
    assert not Support.objects.filter(proposal=proposal).exists()
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_supporting_twice_is_refused_with_a_message(client_as, other_citizen, proposal):
    client = client_as(other_citizen)
    client.post(url("support", proposal.pk), {"action": "support"})
    response = client.post(url("support", proposal.pk), {"action": "support"}, follow=True)
    assert "You already support this proposal." in page(response)
    proposal.refresh_from_db()
    assert proposal.support_count == 1 and Support.objects.count() == 1


def test_htmx_swaps_the_support_button(client_as, other_citizen, proposal):
    response = client_as(other_citizen).post(
        url("support", proposal.pk), {"action": "support"}, headers={"HX-Request": "true"}
    )
    text = page(response)
    assert response.status_code == 200
    assert "<html" not in text
    assert f'id="support-{proposal.pk}"' in text
    assert "1 support" in text and 'aria-pressed="true"' in text


def test_the_author_cannot_support_their_own_proposal(client_as, author, proposal):
    client = client_as(author)
    assert "Support this proposal" not in page(client.get(proposal.get_absolute_url()))
    assert client.post(url("support", proposal.pk), {"action": "support"}).status_code == 403
    assert not Support.objects.exists()


def test_writes_are_rate_limited(settings, client_as, other_citizen, proposal):
    settings.WRITE_RATE_LIMIT = "2/m"
    client = client_as(other_citizen)
    client.post(url("support", proposal.pk), {"action": "support"})
    client.post(url("support", proposal.pk), {"action": "unsupport"})
    response = client.post(url("support", proposal.pk), {"action": "support"})
    assert response.status_code == 429
    assert "Too many requests" in page(response)
    assert not Support.objects.exists()


# --- Lists ----------------------------------------------------------------------------------


@pytest.fixture
def several(world, make_proposal, author, other_citizen, lyon, motorways):
    """Four public proposals: three to Paris (one declined), one to Lyon."""
    bins = make_proposal(author, title="More recycling bins")
    compost = make_proposal(author, title="Compost in every park", text="Composting helps.")
    lanes = make_proposal(author, title="Motorway car-pool lanes", topic=motorways)
    lyon_one = make_proposal(other_citizen, lyon, title="Night buses in Lyon")
    services.support_add(proposal=compost, citizen=other_citizen)
    services.proposal_answer(
        proposal=lanes, actor=world.mayor, text="Not ours.", outcome=S.DECLINED
    )
    return {"bins": bins, "compost": compost, "lanes": lanes, "lyon": lyon_one}


def test_the_space_list_filters_by_topic_status_and_search(client, paris, several):
    space_url = url("space_proposals", paris.slug)
    text = page(client.get(space_url))
    assert "3 proposals" in text and "Night buses in Lyon" not in text

    text = page(client.get(space_url, {"topic": "motorways"}))
    assert "Motorway car-pool lanes" in text and "More recycling bins" not in text

    text = page(client.get(space_url, {"status": "declined"}))
    assert "1 proposal" in text and "Motorway car-pool lanes" in text

    text = page(client.get(space_url, {"search": "compost"}))
    assert "Compost in every park" in text and "More recycling bins" not in text

    text = page(client.get(space_url, {"search": "nothing like this"}))
    assert "No proposal matches these filters." in text


def test_the_list_sorts_by_support(client, paris, several):
    text = page(client.get(url("space_proposals", paris.slug), {"ordering": "supported"}))
    assert text.index("Compost in every park") < text.index("More recycling bins")


def test_a_region_lists_the_proposals_of_places_within_on_request(client, ile_de_france, several):
    region_url = url("space_proposals", ile_de_france.slug)
    text = page(client.get(region_url))
    assert "0 proposals" in text
    assert "Include proposals to places within Île-de-France" in text
    text = page(client.get(region_url, {"descendants": "on"}))
    assert "3 proposals" in text and "More recycling bins" in text
    assert "Night buses in Lyon" not in text


def test_the_global_list_shows_every_public_proposal(client, several, draft):
    text = page(client.get(url("list")))
    assert "4 proposals" in text
    assert "Night buses in Lyon" in text and "More recycling bins" in text
    assert "My unfinished idea" not in text


def test_invalid_filters_are_ignored(client, several):
    response = client.get(url("list"), {"topic": "nope", "status": "nope", "ordering": "nope"})
    assert response.status_code == 200 and "4 proposals" in page(response)


def test_the_list_marks_what_i_support(client_as, other_citizen, several):
    text = page(client_as(other_citizen).get(url("list")))
    assert text.count("You support it") == 1


def _count_queries(client, target, django_assert_num_queries, expected):
    with django_assert_num_queries(expected) as captured:
        response = client.get(target)
    assert response.status_code == 200
    return len(captured.captured_queries)


# The list, a space's list, a region's list with its descendants sorted by support, the space
# page: anonymous, then signed in (the session, the citizen, what they support).
@pytest.mark.parametrize(("signed_in", "queries"), [(False, [3, 4, 4, 10]), (True, [5, 6, 6, 14])])
def test_list_pages_answer_in_a_bounded_number_of_queries(
    client, client_as, make_proposal, author, other_citizen, paris, ile_de_france,
    django_assert_num_queries, signed_in, queries,
):  # fmt: skip
    visitor = client_as(other_citizen) if signed_in else client
    targets = [
        url("list"),
        url("space_proposals", paris.slug),
        f"{url('space_proposals', ile_de_france.slug)}?descendants=on&ordering=supported",
        paris.get_absolute_url(),  # the space page with its latest proposals
    ]
    for n in range(3):
        make_proposal(author, title=f"Early proposal {n}")
    few = {
        t: _count_queries(visitor, t, django_assert_num_queries, n)
        for t, n in zip(targets, queries, strict=True)
    }
    for n in range(25):
        proposal = make_proposal(author, title=f"Later proposal {n}")
        services.support_add(proposal=proposal, citizen=other_citizen)
    for target in targets:
        _count_queries(visitor, target, django_assert_num_queries, few[target])
    text = page(visitor.get(url("list")))
    assert "28 proposals" in text and "Page 1 of 2" in text


def test_the_list_paginates(client, make_proposal, author):
    for n in range(22):
        make_proposal(author, title=f"Proposal number {n:02d}")
    first = page(client.get(url("list")))
    assert "Proposal number 21" in first and "Proposal number 01" not in first
    second = page(client.get(url("list"), {"page": 2}))
    assert "Proposal number 01" in second and "Page 2 of 2" in second


def test_the_space_page_shows_the_latest_proposals_and_a_button(
    client, make_proposal, author, paris
):
    for n in range(6):
        make_proposal(author, title=f"Idea number {n}")
    text = page(client.get(paris.get_absolute_url()))
    assert "Idea number 5" in text and "Idea number 1" in text
    assert "Idea number 0" not in text  # five newest only
    assert "Make a proposal to Paris" in text
    assert f"{url('create')}?space={paris.slug}" in text
    assert url("space_proposals", paris.slug) in text


# --- My activity ----------------------------------------------------------------------------


def test_my_activity_lists_my_proposals_drafts_supports_contributions_and_comments(
    client, client_as, make_proposal, author, other_citizen, paris_dm, paris, household_waste,
    draft, proposal,
):  # fmt: skip
    theirs = make_proposal(other_citizen, title="Their proposal")
    services.support_add(proposal=theirs, citizen=author)
    discussion_services.comment_post(
        author=author, proposal=theirs, text="Good idea, with sources."
    )
    now = timezone.now()
    consultation = consultation_services.consultation_open(
        actor=paris_dm,
        space=paris,
        topic=household_waste,
        question="How often should bins be emptied?",
        context="We are reviewing the collection schedule.",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )
    consultation_services.contribution_post(
        consultation=consultation, author=author, text="Twice a week."
    )
    text = page(client_as(author).get(url("activity")))
    assert "My unfinished idea" in text and "Continue editing" in text
    assert "More recycling bins" in text
    assert "Their proposal" in text and "supported on" in text
    assert "Good idea, with sources." in text
    assert "How often should bins be emptied?" in text and "Twice a week." in text
    assert client.get(url("activity")).status_code == 302


# The proposal page as each persona opens it, on a proposal with supports, a thread and a
# transfer in its history. A decision maker's first visit records the read receipt (the
# receipt, its history row, its audit row and its event are writes); later visits only read.
@pytest.mark.parametrize(
    ("persona", "queries"),
    [("anonymous", 3), ("other", 7), ("author", 7), ("paris_dm", 9), ("staff", 10)],
)
def test_the_proposal_page_costs_a_fixed_number_of_queries(
    client, client_as, people, proposal, persona, queries, django_assert_num_queries
):
    for n in range(3):
        supporter = CitizenFactory()
        services.support_add(proposal=proposal, citizen=supporter)
        root = discussion_services.comment_post(
            author=supporter, text=f"Yes {n}", proposal=proposal
        )
        discussion_services.comment_post(author=people.author, text="Thanks.", parent=root)
    visitor = client if persona == "anonymous" else client_as(getattr(people, persona))
    if persona == "paris_dm":
        visitor.get(proposal.get_absolute_url())  # the first visit records the receipt

    with django_assert_num_queries(queries):
        response = visitor.get(proposal.get_absolute_url())

    assert response.status_code == 200
    assert "More recycling bins" in page(response)


def test_a_decision_makers_first_visit_records_the_receipt_in_a_fixed_number_of_queries(
    client_as, paris_dm, proposal, django_assert_num_queries
):
    client = client_as(paris_dm)
    # The 9 reads of a later visit, 4 writes (the receipt, its history row, its audit row, its
    # event) and the savepoint pair of the atomic block (inside the test's transaction only).
    with django_assert_num_queries(15):
        response = client.get(proposal.get_absolute_url())

    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.read_by == paris_dm


def test_the_answer_form_starts_on_no_decision_and_asks_for_one(client_as, paris_dm, proposal):
    dm = client_as(paris_dm)

    html = page(dm.get(proposal.get_absolute_url()))
    decision = html[
        html.index('name="outcome"') : html.index("</select>", html.index('name="outcome"'))
    ]
    assert '<option value="" selected>Choose the decision…</option>' in decision
    assert "selected" not in decision.replace('<option value="" selected>', "")

    response = dm.post(url("answer", proposal.pk), {"text": "We will see."})
    assert "Choose accepted, declined or implemented." in page(response)
    proposal.refresh_from_db()
    assert proposal.answered_at is None


def test_after_an_answer_the_form_does_not_show_another_decision_as_chosen(
    client_as, paris_dm, proposal
):
    dm = client_as(paris_dm)
    dm.post(url("answer", proposal.pk), {"text": "Yes.", "outcome": "accepted"})

    html = page(dm.get(proposal.get_absolute_url()))
    decision = html[
        html.index('name="outcome"') : html.index("</select>", html.index('name="outcome"'))
    ]
    assert '<option value="implemented" selected>' not in decision
    assert '<option value="" selected>' in decision
