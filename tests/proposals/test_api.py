"""The proposals REST API: writing, lists, read receipts, decisions, supports, rate limits,
with the personas of ``tests/proposals/conftest.py``."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.consultations import services as consultation_services
from proposals.discussions import services as discussion_services
from proposals.discussions.models import Comment
from proposals.models import Proposal, ProposalTransition, Support
from tests.civic.factories import CitizenFactory
from tests.proposals.factories import api_url as url
from tests.proposals.factories import proposal_payload, titles

pytestmark = pytest.mark.django_db

S = Proposal.Status
PROPOSALS = reverse("api:proposal-list")
CONSULTATIONS = reverse("api:consultation-list")


# --- the API root ---------------------------------------------------------------------------
def test_the_api_root_links_proposals_and_consultations(api):
    root = api.get(reverse("api:root")).json()

    assert root["proposals"].endswith("/api/v1/proposals/")
    assert root["consultations"].endswith("/api/v1/consultations/")


# --- writing proposals ----------------------------------------------------------------------
def test_a_citizen_creates_a_draft_only_they_can_see(api, api_as, author, other_citizen, world):
    response = api_as(author).post(PROPOSALS, proposal_payload(world), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["author"] == "Alice Author"
    assert body["space"]["slug"] == world.places.paris.slug
    assert body["topic"]["slug"] == "household-waste"
    assert Proposal.objects.get(pk=body["id"]).author == author
    detail = url("proposal-detail", body["id"])
    assert api_as(author).get(detail).status_code == 200
    assert api_as(other_citizen).get(detail).status_code == 404
    assert api.get(detail).status_code == 404


def test_a_citizen_creates_and_submits_at_once(api_as, author, world):
    response = api_as(author).post(
        PROPOSALS, proposal_payload(world, submit=True, space=world.places.paris.pk), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["submitted_at"]
    assert [(h["from_status"], h["to_status"]) for h in body["history"]] == [("draft", "submitted")]
    assert body["history"][0]["actor"] == "Alice Author"


def test_the_author_submits_a_draft(api_as, author, draft):
    response = api_as(author).post(url("proposal-submit", draft))

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_no_email_is_ever_shown(api_as, author, proposal, paris_dm):
    text = api_as(paris_dm).get(url("proposal-detail", proposal)).content.decode()

    assert "alice@example.org" not in text
    assert "mayor@example.org" not in text
    assert "Alice Author" in text


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"title": ""}, {"title"}),
        ({"topic": "no-such-topic"}, {"topic"}),
        ({"impact_citizens": 5}, {"impact_citizens"}),
        ({"space": "atlantis"}, {"space"}),
        ({"freedom_statement": "x" * 1001}, {"freedom_statement"}),
    ],
)
def test_bad_input_is_a_400_with_field_messages(api_as, author, world, overrides, fields):
    response = api_as(author).post(PROPOSALS, proposal_payload(world, **overrides), format="json")

    assert response.status_code == 400
    assert set(response.json()) == fields
    assert all(response.json()[name] for name in fields)
    assert not Proposal.objects.exists()


def test_a_service_refusal_is_a_400_with_a_field_message(api_as, author, world):
    """The body must belong to the space addressed: checked by proposal_create."""
    lyon_hall = world.bodies.lyon_city_hall

    response = api_as(author).post(
        PROPOSALS, proposal_payload(world, body=lyon_hall.pk), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"body": ["This body does not belong to the chosen space."]}


def test_anonymous_cannot_write(api, world, proposal):
    assert api.post(PROPOSALS, proposal_payload(world), format="json").status_code in (401, 403)
    assert api.post(url("proposal-support", proposal)).status_code in (401, 403)
    assert api.post(url("proposal-comments", proposal), {"text": "Hi"}).status_code in (401, 403)
    assert not Support.objects.exists()
    assert not Comment.objects.exists()


def test_the_author_edits_a_draft(api_as, author, draft):
    response = api_as(author).patch(
        url("proposal-detail", draft), {"title": "A finished idea"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["title"] == "A finished idea"
    draft.refresh_from_db()
    assert draft.title == "A finished idea"


def test_a_submitted_proposal_cannot_be_edited(api_as, author, other_citizen, proposal):
    response = api_as(author).patch(
        url("proposal-detail", proposal), {"title": "Changed"}, format="json"
    )

    assert response.status_code == 403
    assert "Only drafts can be edited" in response.json()["detail"]
    assert (
        api_as(other_citizen)
        .patch(url("proposal-detail", proposal), {"title": "Hijacked"}, format="json")
        .status_code
        == 403
    )
    proposal.refresh_from_db()
    assert proposal.title == "More recycling bins"


def test_the_author_withdraws_a_submitted_proposal(api_as, author, other_citizen, proposal):
    assert api_as(other_citizen).post(url("proposal-withdraw", proposal)).status_code == 404

    response = api_as(author).post(
        url("proposal-withdraw", proposal), {"note": "Done already"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn"
    assert response.json()["history"][-1]["note"] == "Done already"


def test_a_draft_is_not_withdrawn_since_that_would_publish_it(api_as, author, draft):
    response = api_as(author).post(url("proposal-withdraw", draft))

    assert response.status_code == 400
    assert "status" in response.json()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


# --- text and html --------------------------------------------------------------------------
def test_text_is_returned_raw_and_text_html_sanitised(api, make_proposal, author):
    raw = "**Bold** <script>alert('x')</script> [link](javascript:alert(1))"
    proposal = make_proposal(author, text=raw)

    body = api.get(url("proposal-detail", proposal)).json()

    assert body["text"] == raw
    assert "<strong>Bold</strong>" in body["text_html"]
    assert "<script" not in body["text_html"]
    assert "javascript:" not in body["text_html"]


# --- lists ------------------------------------------------------------------------------------
@pytest.fixture
def several(make_proposal, author, other_citizen, world):
    """Three public proposals (Paris ×2, Lyon) and Alice's draft."""
    bins = make_proposal(author, title="More recycling bins")
    compost = make_proposal(author, title="Compost in every courtyard", text="Worms help.")
    roads = make_proposal(
        other_citizen,
        space=world.places.lyon,
        title="Fewer motorways",
        topic=world.topics.motorways,
    )
    draft = make_proposal(author, submit=False, title="Secret draft")
    return bins, compost, roads, draft


def test_the_list_hides_drafts_from_everyone_but_asks_mine(
    api, api_as, author, other_citizen, several
):
    assert "Secret draft" not in titles(api.get(PROPOSALS))
    assert "Secret draft" not in titles(api_as(other_citizen).get(PROPOSALS, {"mine": "true"}))
    assert "Secret draft" not in titles(api_as(author).get(PROPOSALS))

    mine = titles(api_as(author).get(PROPOSALS, {"mine": "true"}))

    assert sorted(mine) == ["Compost in every courtyard", "More recycling bins", "Secret draft"]


def test_the_list_filters_by_space_id_or_slug_and_descendants(api, world, several):
    paris, lyon = world.places.paris, world.places.lyon

    assert sorted(titles(api.get(PROPOSALS, {"space": paris.slug}))) == [
        "Compost in every courtyard",
        "More recycling bins",
    ]
    assert titles(api.get(PROPOSALS, {"space": lyon.pk})) == ["Fewer motorways"]
    assert titles(api.get(PROPOSALS, {"space": world.places.france.slug})) == []
    france_and_within = {"space": world.places.france.slug, "descendants": "true"}
    assert len(titles(api.get(PROPOSALS, france_and_within))) == 3
    assert titles(api.get(PROPOSALS, {"space": "atlantis"})) == []


def test_the_list_filters_by_topic_status_and_search(api, paris_dm, several):
    bins, compost, roads, _draft = several
    services.proposal_answer(proposal=compost, actor=paris_dm, text="Yes.", outcome=S.ACCEPTED)

    assert titles(api.get(PROPOSALS, {"topic": "motorways"})) == ["Fewer motorways"]
    assert titles(api.get(PROPOSALS, {"status": "accepted"})) == ["Compost in every courtyard"]
    assert titles(api.get(PROPOSALS, {"search": "worms"})) == ["Compost in every courtyard"]
    assert api.get(PROPOSALS, {"status": "lost"}).status_code == 400


def test_the_list_sorts_by_supports_and_comments(api, several, paris_dm, staff, other_citizen):
    bins, compost, roads, _draft = several
    for citizen in (paris_dm, staff):
        services.support_add(proposal=compost, citizen=citizen)
    services.support_add(proposal=roads, citizen=staff)
    for text in ("One", "Two"):
        discussion_services.comment_post(author=other_citizen, text=text, proposal=bins)

    assert titles(api.get(PROPOSALS, {"ordering": "supported"}))[:2] == [
        "Compost in every courtyard",
        "Fewer motorways",
    ]
    assert titles(api.get(PROPOSALS, {"ordering": "discussed"}))[0] == "More recycling bins"
    assert titles(api.get(PROPOSALS))[0] == "Fewer motorways"  # newest first
    assert api.get(PROPOSALS, {"ordering": "random"}).status_code == 400


def test_the_list_says_what_the_citizen_supports(api, api_as, staff, several):
    bins, compost, roads, _draft = several
    services.support_add(proposal=compost, citizen=staff)

    results = api_as(staff).get(PROPOSALS).json()["results"]

    assert {r["title"]: r["supported"] for r in results} == {
        "More recycling bins": False,
        "Compost in every courtyard": True,
        "Fewer motorways": False,
    }
    assert {r["supported"] for r in api.get(PROPOSALS).json()["results"]} == {None}


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROPOSALS, {"page_size": 100})
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


def test_the_list_costs_the_same_queries_for_3_or_25_rows(
    api_as, make_proposal, author, other_citizen, paris_dm
):
    def add(count):
        for n in range(count):
            proposal = make_proposal(author, title=f"Idea {n}")
            services.support_add(proposal=proposal, citizen=other_citizen)
            services.proposal_answer(
                proposal=proposal, actor=paris_dm, text="Thanks.", outcome=S.ACCEPTED
            )

    client = api_as(other_citizen)
    add(3)
    few, rows = _list_queries(client)
    assert rows == 3
    add(22)
    many, rows = _list_queries(client)

    assert rows == 25
    assert many == few
    assert few <= 4  # session, citizen, count, page


def _queries(client, path) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


def test_threads_and_contributions_cost_the_same_queries_for_3_or_15_rows(
    api_as, author, paris_dm, proposal, consultation
):
    def add(count):
        for n in range(count):
            citizen = CitizenFactory()
            discussion_services.comment_post(author=citizen, text=f"Comment {n}", proposal=proposal)
            contribution = consultation_services.contribution_post(
                consultation=consultation, author=citizen, text=f"Idea {n}"
            )
            consultation_services.agreement_add(contribution=contribution, citizen=author)
            consultation_services.contribution_mark_read(contribution=contribution, actor=paris_dm)

    client = api_as(author)
    thread = url("proposal-comments", proposal)
    contributions = url("consultation-contributions", consultation)
    add(3)
    few = (_queries(client, thread), _queries(client, contributions))
    add(12)
    many = (_queries(client, thread), _queries(client, contributions))

    assert [rows for _count, rows in few] == [3, 3]
    assert [rows for _count, rows in many] == [15, 15]
    assert [count for count, _rows in many] == [count for count, _rows in few]


# --- the read receipt -----------------------------------------------------------------------
def test_a_decision_maker_of_the_space_records_the_read_receipt_once(api_as, paris_dm, proposal):
    client = api_as(paris_dm)

    first = client.get(url("proposal-detail", proposal)).json()
    second = client.get(url("proposal-detail", proposal)).json()

    assert first["status"] == "read"
    assert first["read_at"]
    assert first["read_by_space"] == "Paris"
    assert second["read_at"] == first["read_at"]
    assert ProposalTransition.objects.filter(proposal=proposal, to_status=S.READ).count() == 1


@pytest.mark.parametrize("persona", ["author", "other", "lyon_dm", "staff"])
def test_nobody_else_leaves_a_read_receipt(api, api_as, people, proposal, persona):
    response = api_as(getattr(people, persona)).get(url("proposal-detail", proposal))

    assert response.status_code == 200
    assert response.json()["read_at"] is None
    assert api.get(url("proposal-detail", proposal)).json()["status"] == "submitted"


# --- deciding -------------------------------------------------------------------------------
def test_the_paris_decision_maker_answers(api_as, paris_dm, proposal):
    response = api_as(paris_dm).post(
        url("proposal-answer", proposal),
        {"text": "We **agree**.", "outcome": "accepted", "link": "https://paris.fr/bins"},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["answer_text"] == "We **agree**."
    assert body["answer_html"] == "<p>We <strong>agree</strong>.</p>"
    assert body["answer_link"] == "https://paris.fr/bins"
    assert body["answered_by"] == "Anne Mairesse"
    assert body["read_by_space"] == "Paris"  # the receipt comes first
    assert [h["to_status"] for h in body["history"]] == ["submitted", "read", "accepted"]


def test_the_paris_decision_maker_transfers(api_as, paris_dm, proposal, metropole):
    response = api_as(paris_dm).post(
        url("proposal-transfer", proposal),
        {"to_space": metropole.slug, "reason": "Waste is the Métropole's."},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "transferred"
    assert response.json()["space"]["slug"] == metropole.slug
    assert response.json()["history"][-1]["to_space"] == metropole.name


def test_the_paris_decision_maker_changes_the_status(api_as, paris_dm, proposal):
    response = api_as(paris_dm).post(
        url("proposal-status", proposal),
        {"status": "under_consideration", "note": "Studying it."},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "under_consideration"


DECISIONS = [
    ("proposal-answer", {"text": "No.", "outcome": "declined"}),
    ("proposal-transfer", {"to_space": "france", "reason": "National matter."}),
    ("proposal-status", {"status": "under_consideration"}),
]


@pytest.mark.parametrize(("name", "payload"), DECISIONS)
@pytest.mark.parametrize("persona", ["lyon_dm", "other", "author"])
def test_outsiders_cannot_decide(api_as, people, proposal, persona, name, payload):
    response = api_as(getattr(people, persona)).post(url(name, proposal), payload, format="json")

    # Exactly what an unknown id answers: nobody learns whose area the proposal is in.
    unknown = api_as(getattr(people, persona)).post(url(name, 999999), payload, format="json")
    assert (response.status_code, response.json()) == (unknown.status_code, unknown.json())
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


@pytest.mark.parametrize(("name", "payload"), DECISIONS)
def test_anonymous_cannot_decide(api, proposal, name, payload):
    assert api.post(url(name, proposal), payload, format="json").status_code in (401, 403)


def test_an_outsider_is_refused_before_validation(api_as, lyon_dm, proposal):
    response = api_as(lyon_dm).post(url("proposal-answer", proposal), {}, format="json")

    assert response.status_code == 404  # not a 400 listing the fields it would need


@pytest.mark.parametrize(("name", "payload"), DECISIONS)
def test_a_draft_answers_a_decision_maker_as_an_unknown_id_does(
    api_as, paris_dm, draft, name, payload
):
    client = api_as(paris_dm)
    response = client.post(url(name, draft), payload, format="json")
    unknown = client.post(url(name, 999999), payload, format="json")

    assert (response.status_code, response.json()) == (unknown.status_code, unknown.json())


@pytest.mark.parametrize(("name", "payload"), DECISIONS)
def test_staff_may_decide(api_as, staff, proposal, name, payload):
    response = api_as(staff).post(url(name, proposal), payload, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["read_at"] is None  # staff leave no receipt


def test_an_impossible_transition_is_a_400_with_a_message(api_as, paris_dm, proposal):
    client = api_as(paris_dm)
    client.post(url("proposal-answer", proposal), {"text": "No.", "outcome": "declined"})

    response = client.post(url("proposal-status", proposal), {"status": "implemented"})

    assert response.status_code == 400
    assert response.json() == {
        "status": ["A proposal that is “Declined” cannot become “Implemented”."]
    }


def test_an_answer_without_text_is_a_400(api_as, paris_dm, proposal):
    response = api_as(paris_dm).post(
        url("proposal-answer", proposal), {"text": " ", "outcome": "maybe"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"text", "outcome"}


# --- supports -------------------------------------------------------------------------------
def test_a_citizen_supports_once_and_withdraws(api_as, other_citizen, proposal):
    client = api_as(other_citizen)

    first = client.post(url("proposal-support", proposal))
    second = client.post(url("proposal-support", proposal))

    assert first.status_code == 201
    assert first.json() == {"supported": True, "support_count": 1}
    assert second.status_code == 400
    assert second.json() == {"non_field_errors": ["You already support this proposal."]}
    withdrawn = client.delete(url("proposal-support", proposal))
    assert withdrawn.status_code == 200
    assert withdrawn.json() == {"supported": False, "support_count": 0}


def test_the_author_cannot_support_their_own(api_as, author, proposal):
    response = api_as(author).post(url("proposal-support", proposal))

    assert response.status_code == 403
    assert not Support.objects.exists()


def test_a_draft_cannot_be_supported_by_others(api_as, other_citizen, draft):
    assert api_as(other_citizen).post(url("proposal-support", draft)).status_code == 404


# --- unknown ids ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "proposal-detail",
        "proposal-comments",
        "consultation-detail",
        "consultation-contributions",
        "contribution-detail",
        "comment-detail",
    ],
)
def test_unknown_ids_are_a_404_json(api, world, name):
    for pk in (999999,):
        response = api.get(url(name, pk))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json()["detail"]
    response = api.get(reverse(f"api:{name}", kwargs={"pk": "abc"}))
    assert response.status_code == 404
    assert response.json()["detail"]


def test_writes_on_unknown_ids_are_a_404(api_as, other_citizen, world):
    client = api_as(other_citizen)

    assert client.post(url("proposal-support", 999999)).status_code == 404
    assert client.post(url("comment-flag", 999999), {"reason": "spam"}).status_code == 404




# --- rate limits ----------------------------------------------------------------------------
def test_writes_over_the_budget_get_a_429_with_a_message(settings, api_as, other_citizen, proposal):
    settings.WRITE_RATE_LIMIT = "2/m"
    client = api_as(other_citizen)
    thread = url("proposal-comments", proposal)

    codes = [client.post(thread, {"text": f"#{n}"}, format="json").status_code for n in range(3)]

    assert codes == [201, 201, 429]
    response = client.post(thread, {"text": "again"}, format="json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert "too often" in response.json()["detail"]
    assert Comment.objects.count() == 2
    # Another scope has its own budget: supporting still works.
    assert client.post(url("proposal-support", proposal)).status_code == 201


def test_each_write_scope_is_limited(settings, api_as, other_citizen, author, world, make_proposal):
    settings.WRITE_RATE_LIMIT = "2/m"
    targets = [make_proposal(author, title=f"Idea {n}") for n in range(3)]
    supporter = api_as(other_citizen)
    writer = api_as(author)

    supports = [supporter.post(url("proposal-support", p)).status_code for p in targets]
    creates = [
        writer.post(PROPOSALS, proposal_payload(world), format="json").status_code
        for _n in range(3)
    ]

    assert supports == [201, 201, 429]
    assert creates == [201, 201, 429]


def test_reads_are_not_counted_as_writes(settings, api, proposal):
    settings.WRITE_RATE_LIMIT = "1/m"

    codes = {api.get(url("proposal-detail", proposal)).status_code for _n in range(3)}

    assert codes == {200}


def test_staff_cannot_set_read_without_a_receipt(api_as, staff, proposal):
    response = api_as(staff).post(url("proposal-status", proposal), {"status": "read"})

    assert response.status_code == 400
    assert "opens it" in response.json()["status"][0]
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and proposal.read_at is None
