"""Following a proposal from its page and the API: any citizen who can see it, once; the
author follows from the start, supporting follows, and anyone may stop."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals.models import ProposalFollow
from tests.pages import page
from tests.proposals.factories import api_url

pytestmark = pytest.mark.django_db


def follows(proposal, citizen) -> bool:
    return ProposalFollow.objects.filter(proposal=proposal, citizen=citizen).exists()


def test_a_citizen_follows_then_stops_from_the_page(client_as, other_citizen, proposal):
    client = client_as(other_citizen)
    assert "Follow this proposal" in page(client.get(proposal.get_absolute_url()))

    followed = client.post(
        reverse("proposals:follow", args=[proposal.pk]), {"action": "follow"}, follow=True
    )

    assert follows(proposal, other_citizen)
    assert "You follow this proposal: you will be told when it is answered." in page(followed)
    assert "You follow this proposal — stop following" in page(followed)

    stopped = client.post(
        reverse("proposals:follow", args=[proposal.pk]), {"action": "unfollow"}, follow=True
    )

    assert not follows(proposal, other_citizen)
    assert "You no longer follow this proposal." in page(stopped)
    assert "Follow this proposal" in page(stopped)


def test_the_author_follows_from_the_start_and_may_stop(client_as, author, proposal):
    client = client_as(author)
    assert "You follow this proposal — stop following" in page(
        client.get(proposal.get_absolute_url())
    )

    client.post(reverse("proposals:follow", args=[proposal.pk]), {"action": "unfollow"})

    assert not follows(proposal, author)


def test_anonymous_visitors_are_sent_to_log_in(client, proposal):
    assert "Follow this proposal" not in page(client.get(proposal.get_absolute_url()))

    response = client.post(reverse("proposals:follow", args=[proposal.pk]), {"action": "follow"})

    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not ProposalFollow.objects.exclude(citizen=proposal.author).exists()


def test_someone_elses_draft_cannot_be_followed(client_as, api_as, other_citizen, draft):
    web = client_as(other_citizen).post(reverse("proposals:follow", args=[draft.pk]))
    api = api_as(other_citizen).post(api_url("proposal-follow", draft))

    assert (web.status_code, api.status_code) == (404, 404)
    assert not follows(draft, other_citizen)


def test_following_through_the_api(api, api_as, other_citizen, proposal):
    client = api_as(other_citizen)
    address = api_url("proposal-follow", proposal)

    assert client.post(address).json() == {"followed": True}
    assert client.post(address).json() == {"followed": True}  # once
    assert ProposalFollow.objects.filter(proposal=proposal, citizen=other_citizen).count() == 1
    assert client.delete(address).json() == {"followed": False}
    assert not follows(proposal, other_citizen)
    assert api.post(address).status_code == 401


def test_following_counts_in_the_write_budget(settings, client_as, other_citizen, proposal):
    settings.WRITE_RATE_LIMIT = "2/m"
    client = client_as(other_citizen)
    address = reverse("proposals:follow", args=[proposal.pk])

    codes = [client.post(address, {"action": "follow"}).status_code for _n in range(3)]

    assert codes == [302, 302, 429]
