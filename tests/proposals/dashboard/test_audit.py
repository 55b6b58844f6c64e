"""The audit log of the spaces a decision maker serves, in the dashboard: filters and a CSV
export; nobody sees another space's entries, citizens without a mandate see none."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from proposals import services
from tests.pages import page

pytestmark = pytest.mark.django_db

AUDIT = reverse("dashboard:audit")


@pytest.fixture
def history(proposal, lyon_proposal, paris_dm, lyon_dm):
    """Paris's proposal read and answered by Anne; Lyon's read by Louis."""
    services.proposal_mark_read(proposal=proposal, reader=paris_dm)
    services.proposal_answer(proposal=proposal, actor=paris_dm, text="Yes.", outcome="accepted")
    services.proposal_mark_read(proposal=lyon_proposal, reader=lyon_dm)


def test_a_decision_maker_sees_who_did_what_in_their_spaces_only(client_as, paris_dm, history):
    html = page(client_as(paris_dm).get(AUDIT))

    assert "2 entries" in html
    assert "proposal.read" in html and "proposal.answer" in html
    assert "Anne Mairesse" in html
    assert "Louis Lyonnais" not in html
    assert 'aria-current="page">Audit log' in html


def test_the_log_filters_by_action(client_as, paris_dm, history):
    html = page(client_as(paris_dm).get(AUDIT, {"action": "proposal.answer"}))

    assert "1 entry" in html
    assert "proposal.read</code>" not in html


def test_the_csv_export_holds_the_selection(client_as, paris_dm, history):
    response = client_as(paris_dm).get(AUDIT, {"action": "proposal.read", "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["when", "who", "action", "space", "object", "before", "after", "note"]
    assert [(row[1], row[2], row[5], row[6]) for row in rows[1:]] == [
        ("Anne Mairesse", "proposal.read", "submitted", "read")
    ]


def test_staff_see_every_space(client_as, staff, history):
    html = page(client_as(staff).get(AUDIT))

    assert "3 entries" in html and "Louis Lyonnais" in html


def test_citizens_without_a_mandate_cannot_open_it(client, client_as, other_citizen, history):
    assert client_as(other_citizen).get(AUDIT).status_code == 403
    assert client_as(other_citizen).get(AUDIT, {"format": "csv"}).status_code == 403
    assert client.get(AUDIT).status_code == 302


def test_the_log_costs_a_fixed_number_of_queries(
    client_as, paris_dm, history, make_proposal, author, django_assert_num_queries
):
    client = client_as(paris_dm)
    # The session and the citizen, the spaces served, the counts, the filter's choices and
    # the page: as many with 2 entries as with 7.
    with django_assert_num_queries(10) as few:
        client.get(AUDIT)
    for n in range(5):
        services.proposal_mark_read(proposal=make_proposal(author, title=f"P{n}"), reader=paris_dm)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(AUDIT)
