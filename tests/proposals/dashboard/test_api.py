"""The decision makers' dashboard in the API: who may use it, the inbox, bulk reads, moderation.

Personas (``tests/proposals/conftest.py``): Alice the author, Oscar another citizen, Anne the
mayor of Paris (``paris_dm``), Louis the mayor of Lyon (``lyon_dm``: an outsider to Paris),
Sam from the staff; plus ``former_dm``, whose mandate at Paris city hall ended yesterday.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from civic.audit.models import AuditEntry
from proposals.discussions.models import Comment
from tests.civic.audit.factories import audit_count as audits
from tests.kinds import K
from tests.notifications.factories import event_count as events

pytestmark = pytest.mark.django_db

# --- API ------------------------------------------------------------------------------------

API_DASHBOARD = "/api/v1/dashboard/"
API_INBOX = "/api/v1/dashboard/proposals/"
API_MARK_READ = "/api/v1/dashboard/proposals/mark-read/"


def test_api_names_resolve():
    assert reverse("api:dashboard") == API_DASHBOARD
    assert reverse("api:dashboard-proposals") == API_INBOX
    assert reverse("api:dashboard-mark-read") == API_MARK_READ


def test_api_anonymous_requests_are_refused(world):
    assert APIClient().get(API_DASHBOARD).status_code in (401, 403)
    assert APIClient().post(API_MARK_READ, {"proposals": [1]}).status_code in (401, 403)


@pytest.mark.parametrize("who", ["author", "other"])
def test_api_citizens_without_a_mandate_get_403(api_as, people, who):
    client = api_as(getattr(people, who))
    assert client.get(API_DASHBOARD).status_code == 403
    assert client.get(API_INBOX).status_code == 403
    assert client.get("/api/v1/dashboard/moderation/").status_code == 403


def test_api_ended_mandate_gets_403(api_as, former_dm, proposal):
    client = api_as(former_dm)
    assert client.get(API_DASHBOARD).status_code == 403
    assert client.post(API_MARK_READ, {"proposals": [proposal.pk]}).status_code == 403


def test_api_the_dashboard_gives_the_spaces_and_counts(api_as, paris_dm, staff, three, paris):
    data = api_as(paris_dm).get(API_DASHBOARD).json()

    assert data["everywhere"] is False
    assert [s["slug"] for s in data["spaces"]] == [paris.slug]
    assert data["counts"]["unread"] == 3
    assert api_as(staff).get(API_DASHBOARD).json()["everywhere"] is True


def test_api_the_inbox_is_limited_to_the_spaces_served(api_as, paris_dm, three, lyon_proposal):
    data = api_as(paris_dm).get(API_INBOX, {"ordering": "oldest"}).json()

    assert [item["title"] for item in data["results"]] == [p.title for p in three]
    assert all(item["unread"] for item in data["results"])


def test_api_the_inbox_costs_a_fixed_number_of_queries(
    api_as, paris_dm, make_proposal, author, django_assert_num_queries
):
    client = api_as(paris_dm)
    make_proposal(author)
    client.get(API_INBOX)
    with django_assert_num_queries(7) as few:
        client.get(API_INBOX)
    for n in range(20):
        make_proposal(author, title=f"Proposal {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(API_INBOX).json()["results"]) == 20


def test_api_paris_dm_cannot_bulk_read_a_lyon_proposal_or_a_draft(
    api_as, paris_dm, three, lyon_proposal, paris
):
    from tests.proposals.factories import ProposalFactory

    draft = ProposalFactory(space=paris, status="draft")
    response = api_as(paris_dm).post(
        API_MARK_READ,
        {"proposals": [three[0].pk, lyon_proposal.pk, draft.pk, 999999]},
        format="json",
    )

    # Another area's proposal and a draft answer as an unknown id does.
    assert response.status_code == 200
    assert response.json() == {
        "read": [three[0].pk],
        "unchanged": [],
        "unknown": sorted([lyon_proposal.pk, draft.pk, 999999]),
    }
    assert events(K.PROPOSAL_READ) == 1
    lyon_proposal.refresh_from_db()
    assert lyon_proposal.read_at is None


def test_api_bulk_read_records_each_receipt_once(api_as, paris_dm, three):
    client = api_as(paris_dm)
    ids = [p.pk for p in three]

    first = client.post(API_MARK_READ, {"proposals": [*ids, 999999]}, format="json")
    second = client.post(API_MARK_READ, {"proposals": ids}, format="json")

    assert first.status_code == 200
    assert first.json() == {"read": ids, "unchanged": [], "unknown": [999999]}
    assert second.json() == {"read": [], "unchanged": ids, "unknown": []}
    assert events(K.PROPOSAL_READ) == 3
    assert AuditEntry.objects.filter(action="proposal.read").count() == 3


def test_api_bulk_read_validates_its_input(api_as, paris_dm):
    response = api_as(paris_dm).post(API_MARK_READ, {"proposals": []}, format="json")
    assert response.status_code == 400
    assert "proposals" in response.json()


def test_api_staff_bulk_read_everywhere_leaves_no_receipt(api_as, staff, lyon_proposal):
    response = api_as(staff).post(API_MARK_READ, {"proposals": [lyon_proposal.pk]}, format="json")
    assert response.json()["unchanged"] == [lyon_proposal.pk]


def test_api_contributions_and_their_bulk_read(api_as, paris_dm, lyon_dm, contribution):
    client = api_as(paris_dm)
    listed = client.get("/api/v1/dashboard/contributions/").json()["results"]
    assert [c["id"] for c in listed] == [contribution.pk]
    assert api_as(lyon_dm).get("/api/v1/dashboard/contributions/").json()["results"] == []

    refused = api_as(lyon_dm).post("/api/v1/dashboard/contributions/mark-read/",
                                   {"contributions": [contribution.pk]}, format="json")  # fmt: skip
    done = client.post("/api/v1/dashboard/contributions/mark-read/",
                       {"contributions": [contribution.pk]}, format="json")  # fmt: skip

    assert refused.status_code == 200
    assert refused.json() == {"read": [], "unchanged": [], "unknown": [contribution.pk]}
    assert done.json()["read"] == [contribution.pk]
    assert audits("contribution.read", contribution) == 1


def test_api_the_moderation_queue_has_the_text_and_reasons(
    api_as, paris_dm, lyon_dm, flagged_comment
):
    data = api_as(paris_dm).get("/api/v1/dashboard/moderation/").json()

    [item] = data["comments"]
    assert item["text"] == "You are an idiot."
    assert item["flags"][0]["reason"] == "personal_attack"
    assert item["moderate_url"].endswith(f"/api/v1/comments/{flagged_comment.pk}/moderate/")
    assert api_as(lyon_dm).get("/api/v1/dashboard/moderation/").json()["comments"] == []


def test_api_moderation_through_the_existing_endpoint_is_audited(
    api_as, paris_dm, lyon_dm, flagged_comment
):
    moderate = f"/api/v1/comments/{flagged_comment.pk}/moderate/"
    refused = api_as(lyon_dm).post(moderate, {"action": "hide", "reason": "x"}, format="json")
    done = api_as(paris_dm).post(moderate, {"action": "hide", "reason": "Insult."}, format="json")

    assert refused.status_code == 403
    assert done.status_code == 200
    assert audits("content.hide", flagged_comment) == 1
    assert Comment.objects.get(pk=flagged_comment.pk).is_hidden
