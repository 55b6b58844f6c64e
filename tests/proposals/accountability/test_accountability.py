"""Public accountability of a space: figures against a hand-computed fixture, page and API.

The fixture is Paris (the city) seen on 15 March 2026 at noon, Paris time; the period is
1 April 2025 → now. Every date is set explicitly (``submitted_at``, ``read_at``,
``answered_at`` and the transfer rows), so each figure below can be checked by hand::

    P1  submitted  1 Mar 2026 10:00, read +2 h                       read          (not due)
    P2  submitted 10 Jan 2026 09:00, read +24 h, answered 20 Jan      accepted      on time
    P3  submitted  1 Dec 2025 08:00, read +96 h, answered 15 Jan      declined      late (45 d)
    P4  submitted  1 Oct 2025 10:00, never read                       submitted     not answered
    P5  submitted  1 Jun 2025 10:00, read +48 h, answered 20 Jun      implemented   on time
    P6  submitted  1 Feb 2025 (before the period)                     implemented   excluded
    P7  submitted  1 Nov 2025, withdrawn                              withdrawn     not due
    P8  to Lyon 1 Aug 2025, transferred to Paris 1 Sep 10:00, read +24 h  read      not answered
    P9  to Paris 1 Jul 2025, transferred to the Métropole 5 Jul       (Métropole's now)

    received 7 (P1-P5, P7, P8) · read 5: 2 h, 24 h, 24 h, 48 h, 96 h → median 24 h
    due 5 (P2, P3, P4, P5, P8) · answered within 30 days 2 (P2, P5) → 40 %
    transferred elsewhere 1 (P9) · contributions 3 in the period, 1 helped shape policy
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from proposals import services
from proposals.accountability.selectors import accountability_of, period_start
from proposals.consultations.models import Consultation, Contribution
from proposals.models import Proposal, ProposalTransition
from tests.civic.factories import CitizenFactory

pytestmark = pytest.mark.django_db

S = Proposal.Status
PARIS_TZ = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 3, 15, 12, 0, tzinfo=PARIS_TZ)


def at(year, month, day, hour=10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=PARIS_TZ)


def set_dates(proposal, *, status, submitted, read=None, answered=None):
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, submitted_at=submitted, read_at=read, answered_at=answered
    )


def set_transfer_date(proposal, when):
    ProposalTransition.objects.filter(proposal=proposal, to_status=S.TRANSFERRED).update(
        created_at=when
    )


@pytest.fixture
def history(world, make_proposal, author, paris_dm, lyon_dm, staff):
    """The proposals and contributions of the module docstring."""
    p = {}
    h = timedelta(hours=1)
    p[1] = make_proposal(author, title="P1")
    set_dates(p[1], status=S.READ, submitted=at(2026, 3, 1), read=at(2026, 3, 1) + 2 * h)
    p[2] = make_proposal(author, title="P2")
    set_dates(p[2], status=S.ACCEPTED, submitted=at(2026, 1, 10, 9),
              read=at(2026, 1, 11, 9), answered=at(2026, 1, 20))  # fmt: skip
    p[3] = make_proposal(author, title="P3")
    set_dates(p[3], status=S.DECLINED, submitted=at(2025, 12, 1, 8),
              read=at(2025, 12, 5, 8), answered=at(2026, 1, 15))  # fmt: skip
    p[4] = make_proposal(author, title="P4")
    set_dates(p[4], status=S.SUBMITTED, submitted=at(2025, 10, 1))
    p[5] = make_proposal(author, title="P5")
    set_dates(p[5], status=S.IMPLEMENTED, submitted=at(2025, 6, 1),
              read=at(2025, 6, 3), answered=at(2025, 6, 20))  # fmt: skip
    p[6] = make_proposal(author, title="P6")
    set_dates(p[6], status=S.IMPLEMENTED, submitted=at(2025, 2, 1),
              read=at(2025, 2, 2), answered=at(2025, 2, 10))  # fmt: skip
    p[7] = make_proposal(author, title="P7")
    set_dates(p[7], status=S.WITHDRAWN, submitted=at(2025, 11, 1))

    p[8] = make_proposal(author, space=world.places.lyon, title="P8")
    services.proposal_transfer(
        proposal=p[8], actor=lyon_dm, to_space=world.places.paris, reason="A Paris matter."
    )
    set_transfer_date(p[8], at(2025, 9, 1))
    set_dates(p[8], status=S.READ, submitted=at(2025, 8, 1), read=at(2025, 9, 2))

    p[9] = make_proposal(author, title="P9")
    services.proposal_transfer(
        proposal=p[9], actor=paris_dm, to_space=world.organisations.metropole, reason="Waste."
    )
    set_transfer_date(p[9], at(2025, 7, 5))
    Proposal.objects.filter(pk=p[9].pk).update(submitted_at=at(2025, 7, 1))

    consultation = Consultation.objects.create(
        space=world.places.paris,
        topic=world.topics.household_waste,
        question="Where should the new bins go?",
        context="We are placing bins.",
        opens_at=at(2025, 1, 1),
        closes_at=at(2027, 1, 1),
        created_by=paris_dm,
    )
    citizen = CitizenFactory()
    posted = [(at(2025, 10, 1), True), (at(2025, 10, 2), False), (at(2025, 10, 3), False),
              (at(2025, 1, 5), True)]  # fmt: skip
    for created_at, helped in posted:  # the last one is before the period
        Contribution.objects.create(
            consultation=consultation, author=citizen, text="Idea",
            created_at=created_at, helped_shape_policy=helped,
        )  # fmt: skip
    return p


def test_the_period_starts_on_the_first_day_of_the_month_eleven_months_ago():
    assert period_start(NOW) == at(2025, 4, 1, 0)
    assert period_start(datetime(2026, 1, 31, 23, tzinfo=PARIS_TZ)) == at(2025, 2, 1, 0)


def test_the_figures_match_the_hand_computed_history(history, paris):
    figures = accountability_of(paris, now=NOW)

    assert figures.since == at(2025, 4, 1, 0)
    assert figures.received == 7
    assert figures.read == 5
    assert figures.unread == 1  # P4
    assert figures.median_time_to_read == timedelta(hours=24)
    assert figures.due == 5
    assert figures.answered_within_30_days == 2
    assert figures.share_answered_within_30_days == pytest.approx(0.4)
    assert figures.answered == 3
    assert figures.accepted == 1
    assert figures.implemented == 1
    assert figures.by_status == {
        S.SUBMITTED: 1, S.TRANSFERRED: 0, S.READ: 2, S.UNDER_CONSIDERATION: 0,
        S.ACCEPTED: 1, S.DECLINED: 1, S.IMPLEMENTED: 1, S.WITHDRAWN: 1,
    }  # fmt: skip
    assert figures.transferred_elsewhere == 1
    assert figures.contributions == 3
    assert figures.contributions_helped == 1


def test_the_months_count_proposals_received_and_answered(history, paris):
    months = accountability_of(paris, now=NOW).months

    assert [m.start.date().isoformat() for m in months][:2] == ["2025-04-01", "2025-05-01"]
    assert len(months) == 12
    received = {m.start.strftime("%Y-%m"): m.received for m in months if m.received}
    answered = {m.start.strftime("%Y-%m"): m.answered for m in months if m.answered}
    assert received == {
        "2025-06": 1, "2025-09": 1, "2025-10": 1, "2025-11": 1,
        "2025-12": 1, "2026-01": 1, "2026-03": 1,
    }  # fmt: skip
    assert answered == {"2025-06": 1, "2026-01": 2}


def test_the_median_of_an_even_number_is_the_mean_of_the_two_middle_values(history, paris):
    Proposal.objects.filter(pk=history[3].pk).update(read_at=None)  # leaves 2 h, 24 h, 24 h, 48 h

    figures = accountability_of(paris, now=NOW)

    assert figures.read == 4
    assert figures.median_time_to_read == timedelta(hours=24)
    Proposal.objects.filter(pk=history[2].pk).update(read_at=None)  # 2 h, 24 h, 48 h → 24 h
    Proposal.objects.filter(pk=history[1].pk).update(read_at=None)  # 24 h, 48 h → 36 h
    assert accountability_of(paris, now=NOW).median_time_to_read == timedelta(hours=36)


def test_the_space_that_received_a_transfer_is_credited_from_the_transfer(history, lyon, paris):
    """P8 waited a month at Lyon: Paris is timed from the transfer (24 h), Lyon passed it on."""
    lyon_figures = accountability_of(lyon, now=NOW)

    assert lyon_figures.received == 0
    assert lyon_figures.transferred_elsewhere == 1


def test_an_empty_space_has_no_median_and_no_share(world):
    figures = accountability_of(world.places.montreal, now=NOW)

    assert figures.received == 0
    assert figures.median_time_to_read is None
    assert figures.share_answered_within_30_days is None
    assert sum(m.received for m in figures.months) == 0


def test_the_figures_cost_a_fixed_number_of_queries(
    history, paris, make_proposal, author, django_assert_num_queries
):
    with django_assert_num_queries(6):
        accountability_of(paris, now=NOW)
    for n in range(10):
        make_proposal(author, title=f"More {n}")
    with django_assert_num_queries(6):
        accountability_of(paris)


# --- page and API ---------------------------------------------------------------------------


def page_url(space) -> str:
    return reverse("accountability:space", kwargs={"slug": space.slug})


def api_url(space) -> str:
    return reverse("api:jurisdiction-accountability", kwargs={"slug": space.slug})


@pytest.fixture
def recent(paris, make_proposal, author, paris_dm):
    """Two proposals to Paris this month: one read after 3 hours and answered, one unread."""
    now = timezone.now()
    answered = make_proposal(author, title="Answered one")
    set_dates(answered, status=S.ACCEPTED, submitted=now - timedelta(hours=5),
              read=now - timedelta(hours=2), answered=now - timedelta(hours=1))  # fmt: skip
    make_proposal(author, title="Waiting one")
    return answered


def test_anyone_can_read_the_accountability_page(client, paris, recent):
    response = client.get(page_url(paris))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Accountability of Paris" in text
    assert "<svg" in text and 'role="img"' in text
    # The same figures as a table: the chart's text alternative.
    assert "<table" in text
    assert "3 hours" in text  # one proposal read: its wait is the median


def test_the_page_of_an_unknown_space_is_404(client, world):
    assert client.get("/places/atlantis/accountability/").status_code == 404


def test_the_page_costs_a_fixed_number_of_queries(
    client, paris, recent, make_proposal, author, django_assert_num_queries
):
    for n in range(10):
        make_proposal(author, title=f"More {n}")
    with django_assert_num_queries(7):
        assert client.get(page_url(paris)).status_code == 200


def test_the_api_gives_the_same_figures(paris, recent):
    response = APIClient().get(api_url(paris))

    assert response.status_code == 200
    data = response.json()
    assert data["space"]["slug"] == paris.slug
    assert data["received"] == 2
    assert data["read"] == 1
    assert data["unread"] == 1
    assert data["median_hours_to_first_read"] == pytest.approx(3.0)
    assert data["by_status"]["accepted"] == 1
    assert data["by_status"]["submitted"] == 1
    assert len(data["months"]) == 12
    assert sum(m["received"] for m in data["months"]) == 2
    assert sum(m["answered"] for m in data["months"]) == 1


def test_the_api_answers_404_for_an_unknown_space(world):
    response = APIClient().get("/api/v1/jurisdictions/atlantis/accountability/")
    assert response.status_code == 404
