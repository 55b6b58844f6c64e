"""The discussions REST API: threads, sources, edits, deletion, flags and moderation, with
the personas of ``tests/proposals/conftest.py``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.discussions import services as discussion_services
from proposals.discussions.models import Comment, Flag
from proposals.models import Proposal
from tests.proposals.factories import api_url as url

pytestmark = pytest.mark.django_db

S = Proposal.Status
PROPOSALS = reverse("api:proposal-list")
CONSULTATIONS = reverse("api:consultation-list")


# --- comments -------------------------------------------------------------------------------
def test_comments_thread_three_levels_deep_and_no_more(api_as, other_citizen, author, proposal):
    client = api_as(other_citizen)
    thread = url("proposal-comments", proposal)
    parent = None
    for depth in (1, 2, 3):
        response = client.post(thread, {"text": f"Level {depth}", "parent": parent}, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["depth"] == depth
        parent = response.json()["id"]

    fourth = client.post(thread, {"text": "Level 4", "parent": parent}, format="json")

    assert fourth.status_code == 400
    assert fourth.json() == {"parent": ["Replies can only go three levels deep."]}
    listed = api_as(author).get(thread).json()["results"]
    assert [(c["text"], c["depth"]) for c in listed] == [
        ("Level 1", 1),
        ("Level 2", 2),
        ("Level 3", 3),
    ]
    assert listed[1]["parent"] == listed[0]["id"]


def test_a_comment_with_sources(api_as, other_citizen, proposal):
    thread = url("proposal-comments", proposal)
    client = api_as(other_citizen)

    good = client.post(
        thread, {"text": "See", "sources": ["https://insee.fr/stats"]}, format="json"
    )
    bad = client.post(thread, {"text": "See", "sources": ["ftp://x"]}, format="json")

    assert good.status_code == 201
    assert good.json()["sources"] == ["https://insee.fr/stats"]
    assert bad.status_code == 400
    assert "sources" in bad.json()


def test_a_reply_must_stay_in_its_thread(api_as, other_citizen, comment, make_proposal, author):
    elsewhere = make_proposal(author, title="Another idea")

    response = api_as(other_citizen).post(
        url("proposal-comments", elsewhere), {"text": "Hi", "parent": comment.pk}, format="json"
    )

    assert response.status_code == 400
    assert "parent" in response.json()


def test_comments_on_a_contribution(api_as, author, contribution):
    thread = url("contribution-comments", contribution)

    posted = api_as(author).post(thread, {"text": "Agreed, Saturdays."}, format="json")

    assert posted.status_code == 201, posted.content
    assert posted.json()["contribution"] == contribution.pk
    assert [c["text"] for c in api_as(author).get(thread).json()["results"]] == [
        "Agreed, Saturdays."
    ]


def test_a_draft_has_no_comments(api_as, author, other_citizen, draft):
    thread = url("proposal-comments", draft)

    assert api_as(other_citizen).post(thread, {"text": "Hi"}, format="json").status_code == 404
    response = api_as(author).post(thread, {"text": "Hi"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Drafts cannot be commented on."]}


def test_the_author_edits_a_comment_within_the_window(api_as, other_citizen, author, comment):
    detail = url("comment-detail", comment)

    assert api_as(author).patch(detail, {"text": "Bad idea"}, format="json").status_code == 403
    edited = api_as(other_citizen).patch(detail, {"text": "Great idea."}, format="json")

    assert edited.status_code == 200, edited.content
    assert edited.json()["text"] == "Great idea."
    assert edited.json()["edited_at"]


def test_a_comment_cannot_be_edited_after_the_window(api_as, other_citizen, comment):
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))

    response = api_as(other_citizen).patch(
        url("comment-detail", comment), {"text": "Changed"}, format="json"
    )

    assert response.status_code == 403
    assert "15 minutes" in response.json()["detail"]
    comment.refresh_from_db()
    assert comment.text == "Good idea."


def test_the_author_deletes_a_comment(api, api_as, author, other_citizen, comment):
    assert api_as(author).delete(url("comment-detail", comment)).status_code == 403

    assert api_as(other_citizen).delete(url("comment-detail", comment)).status_code == 204

    shown = api.get(url("comment-detail", comment)).json()
    assert shown["deleted"] is True
    assert shown["text"] == ""
    assert shown["author"] is None


# --- flags and moderation -------------------------------------------------------------------
def test_a_citizen_flags_once(api_as, author, other_citizen, comment):
    client = api_as(author)
    flag = url("comment-flag", comment)

    first = client.post(flag, {"reason": "spam", "details": "An ad"}, format="json")
    second = client.post(flag, {"reason": "spam"}, format="json")

    assert first.status_code == 201, first.content
    assert first.json()["reason"] == "spam"
    assert second.status_code == 400
    assert second.json() == {"non_field_errors": ["You already flagged this."]}
    assert api_as(other_citizen).post(flag, {"reason": "spam"}).status_code == 403  # own
    assert client.post(flag, {"reason": "boring"}, format="json").status_code in (400, 403)
    assert Flag.objects.count() == 1


def test_a_contribution_can_be_flagged(api_as, other_citizen, contribution):
    response = api_as(other_citizen).post(
        url("contribution-flag", contribution), {"reason": "off_topic"}, format="json"
    )

    assert response.status_code == 201
    assert Flag.objects.get().contribution == contribution


@pytest.mark.parametrize("persona", ["lyon_dm", "other", "author"])
def test_outsiders_cannot_moderate(api_as, people, comment, contribution, persona):
    client = api_as(getattr(people, persona))
    payload = {"action": "hide", "reason": "Rude"}

    assert client.post(url("comment-moderate", comment), payload, format="json").status_code == 403
    assert (
        client.post(url("contribution-moderate", contribution), payload, format="json").status_code
        == 403
    )
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_hidden_text_is_never_served(api, api_as, paris_dm, author, comment):
    Comment.objects.filter(pk=comment.pk).update(sources=["https://example.org/source"])
    client = api_as(paris_dm)

    hidden = client.post(
        url("comment-moderate", comment), {"action": "hide", "reason": "Off topic"}, format="json"
    )

    assert hidden.status_code == 200, hidden.content
    assert hidden.json() == {
        "action": "hide",
        "changed": True,
        "dismissed_flags": 0,
        "hidden": True,
        "hidden_reason": "Off topic",
    }
    for reader in (api, client, api_as(author)):
        for response in (
            reader.get(url("comment-detail", comment)),
            reader.get(url("proposal-comments", comment.proposal)),
        ):
            assert response.status_code == 200
            assert "Good idea" not in response.content.decode()
            assert "example.org/source" not in response.content.decode()
    shown = api.get(url("comment-detail", comment)).json()
    assert (shown["hidden"], shown["hidden_reason"], shown["text"], shown["author"]) == (
        True,
        "Off topic",
        "",
        None,
    )
    restored = client.post(url("comment-moderate", comment), {"action": "restore"}, format="json")
    assert restored.json()["hidden"] is False
    assert api.get(url("comment-detail", comment)).json()["text"] == "Good idea."


def test_hiding_needs_a_reason_and_dismiss_counts_flags(
    api_as, paris_dm, other_citizen, contribution
):
    discussion_services.flag_add(citizen=other_citizen, reason="spam", content=contribution)
    client = api_as(paris_dm)
    moderate = url("contribution-moderate", contribution)

    no_reason = client.post(moderate, {"action": "hide"}, format="json")
    dismissed = client.post(moderate, {"action": "dismiss"}, format="json")

    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    assert dismissed.json()["dismissed_flags"] == 1
    hidden = client.post(moderate, {"action": "hide", "reason": "Spam"}, format="json")
    assert hidden.json()["hidden"] is True
    listed = client.get(url("consultation-contributions", contribution.consultation)).json()
    assert listed["results"][0]["text"] == ""
    assert listed["results"][0]["hidden_reason"] == "Spam"


def test_staff_may_moderate(api_as, staff, comment):
    response = api_as(staff).post(
        url("comment-moderate", comment), {"action": "hide", "reason": "Rude"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["hidden"] is True
