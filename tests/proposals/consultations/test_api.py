"""The consultations REST API: opening, editing, closing, lists, contributions, agreements
and "helped shape policy", with the personas of ``tests/proposals/conftest.py``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.consultations import services as consultation_services
from proposals.consultations.models import Agreement, Consultation
from proposals.models import Proposal
from tests.civic.factories import CitizenFactory
from tests.proposals.consultations.factories import open_consultation
from tests.proposals.factories import api_url as url

pytestmark = pytest.mark.django_db

S = Proposal.Status
PROPOSALS = reverse("api:proposal-list")
CONSULTATIONS = reverse("api:consultation-list")


# --- consultations --------------------------------------------------------------------------
def consultation_payload(space, **overrides) -> dict:
    now = timezone.now()
    payload = {
        "space": space.slug,
        "topic": "household-waste",
        "question": "Where should new bins go?",
        "context": "We have *200* bins to place.",
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=14)).isoformat(),
    }
    payload.update(overrides)
    return payload


def test_the_paris_decision_maker_opens_a_consultation(api_as, paris_dm, paris):
    response = api_as(paris_dm).post(CONSULTATIONS, consultation_payload(paris), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["question"] == "Where should new bins go?"
    assert body["context_html"] == "<p>We have <em>200</em> bins to place.</p>"
    assert body["created_by"] == "Anne Mairesse"
    assert body["is_open"] is True
    assert Consultation.objects.get().space == paris


@pytest.mark.parametrize("persona", ["lyon_dm", "other"])
def test_outsiders_cannot_open_a_consultation_in_paris(api_as, people, paris, persona):
    response = api_as(getattr(people, persona)).post(
        CONSULTATIONS, consultation_payload(paris), format="json"
    )

    assert response.status_code == 403
    assert not Consultation.objects.exists()


def test_staff_may_open_a_consultation(api_as, staff, paris):
    response = api_as(staff).post(CONSULTATIONS, consultation_payload(paris), format="json")

    assert response.status_code == 201, response.content


def test_a_consultation_closing_before_it_opens_is_a_400(api_as, paris_dm, paris):
    now = timezone.now()
    payload = consultation_payload(
        paris, opens_at=now.isoformat(), closes_at=(now - timedelta(days=1)).isoformat()
    )

    response = api_as(paris_dm).post(CONSULTATIONS, payload, format="json")

    assert response.status_code == 400
    assert "closes_at" in response.json()


def test_the_decision_maker_edits_and_closes_it(api_as, paris_dm, lyon_dm, consultation):
    edit = url("consultation-detail", consultation)
    close = url("consultation-close", consultation)
    assert api_as(lyon_dm).patch(edit, {"question": "Hijacked?"}, format="json").status_code == 403
    assert api_as(lyon_dm).post(close, {"summary": "Nope"}, format="json").status_code == 403
    client = api_as(paris_dm)

    edited = client.patch(edit, {"question": "Where do bulky items go?"}, format="json")
    empty = client.post(close, {"summary": ""}, format="json")
    closed = client.post(close, {"summary": "Saturdays, **monthly**."}, format="json")
    again = client.post(close, {"summary": "Again"}, format="json")

    assert edited.status_code == 200
    assert edited.json()["question"] == "Where do bulky items go?"
    assert empty.status_code == 400
    assert "summary" in empty.json()
    assert closed.status_code == 200
    assert closed.json()["closed_at"]
    assert closed.json()["summary_html"] == "<p>Saturdays, <strong>monthly</strong>.</p>"
    assert again.status_code == 400


def test_the_consultation_list_filters(api, consultation, paris_dm, paris, lyon, world):
    lyon_dm_staff = CitizenFactory(platform_staff=True)
    open_consultation(
        world,
        lyon_dm_staff,
        space=lyon,
        topic=world.topics.motorways,
        question="Past question?",
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=1),
    )

    def questions(params):
        response = api.get(CONSULTATIONS, params)
        assert response.status_code == 200, response.content
        return [item["question"] for item in response.json()["results"]]

    assert len(questions({})) == 2
    assert questions({"space": paris.pk}) == ["How should we collect bio-waste?"]
    assert questions({"open": "true"}) == ["How should we collect bio-waste?"]
    assert questions({"topic": "motorways"}) == ["Past question?"]
    assert questions({"search": "bio-waste"}) == ["How should we collect bio-waste?"]
    assert len(questions({"space": world.places.france.slug, "descendants": "true"})) == 2


# --- contributions --------------------------------------------------------------------------
def test_a_citizen_contributes_while_open(api_as, other_citizen, consultation):
    response = api_as(other_citizen).post(
        url("consultation-contributions", consultation), {"text": "Saturdays!"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["author"] == "Oscar Other"
    listed = api_as(other_citizen).get(url("consultation-contributions", consultation)).json()
    assert [c["text"] for c in listed["results"]] == ["Saturdays!"]


def test_no_contribution_once_closed(api_as, other_citizen, paris_dm, consultation):
    consultation_services.consultation_close(
        consultation=consultation, actor=paris_dm, summary="Done."
    )

    response = api_as(other_citizen).post(
        url("consultation-contributions", consultation), {"text": "Late"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This consultation is not open for contributions."]
    }


def test_a_citizen_agrees_once(api_as, other_citizen, author, contribution):
    client = api_as(other_citizen)

    first = client.post(url("contribution-agree", contribution))
    second = client.post(url("contribution-agree", contribution))

    assert first.status_code == 201
    assert first.json() == {"agreed": True, "agree_count": 1}
    assert second.status_code == 400
    assert api_as(author).post(url("contribution-agree", contribution)).status_code == 403
    assert client.get(url("contribution-detail", contribution)).json()["agreed"] is True
    assert client.delete(url("contribution-agree", contribution)).json() == {
        "agreed": False,
        "agree_count": 0,
    }
    assert not Agreement.objects.exists()


def test_the_decision_maker_marks_it_read_and_helpful(
    api_as, paris_dm, lyon_dm, other_citizen, contribution
):
    assert api_as(lyon_dm).post(url("contribution-read", contribution)).status_code == 403
    assert api_as(other_citizen).post(url("contribution-read", contribution)).status_code == 403
    helped = url("contribution-helped", contribution)
    assert api_as(lyon_dm).post(helped, {"outcome_note": "x"}, format="json").status_code == 403
    client = api_as(paris_dm)

    read = client.post(url("contribution-read", contribution))
    empty = client.post(helped, {"outcome_note": ""}, format="json")
    done = client.post(helped, {"outcome_note": "We now collect on Saturdays."}, format="json")

    assert read.status_code == 200
    assert read.json()["read_at"]
    assert empty.status_code == 400
    assert done.status_code == 200
    assert done.json()["helped_shape_policy"] is True
    assert done.json()["outcome_note"] == "We now collect on Saturdays."
