"""Comments, flags and moderation as a community of practice sees them.

Threads on contributions are read on the consultation page; threads on proposals are rendered
through ``discussions/_comments.html`` exactly as the proposal page includes it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from proposals.discussions import services as discussion_services
from proposals.discussions.models import Comment, Flag
from proposals.discussions.selectors import comment_thread
from tests.pages import as_, page
from tests.proposals.consultations.factories import focused
from tests.proposals.factories import create_proposal

pytestmark = pytest.mark.django_db

def post_comment(client, **data):
    return client.post(reverse("discussions:comment_post"), data, follow=True)


def thread_html(client, contribution) -> str:
    return page(client.get(focused(contribution)))


@pytest.fixture
def comment(contribution, people):
    return discussion_services.comment_post(
        author=people.other, text="Composters attract rats.", contribution=contribution
    )


# --- Posting, threads and sources -----------------------------------------------------------


def test_a_citizen_comments_on_a_contribution_with_sources(client, contribution, people):
    as_(client, people.other)
    response = post_comment(
        client,
        contribution=contribution.pk,
        text="Paris already composts.\nSee the report.",
        sources="https://www.paris.fr/compost\n\nhttps://www.insee.fr/fr/statistiques",
    )
    comment = Comment.objects.get()
    assert response.redirect_chain[-1][0] == f"{focused(contribution)}#comment-{comment.pk}"
    html = page(response)
    assert "Your comment is published." in html
    assert "Oscar Other" in html and "Paris already composts.<br>See the report." in html
    assert (
        '<a href="https://www.paris.fr/compost" rel="nofollow noopener ugc">'
        "https://www.paris.fr/compost</a>" in html
    )
    assert 'href="https://www.insee.fr/fr/statistiques" rel="nofollow noopener ugc"' in html
    assert "1 comment" in html


def test_every_comment_form_links_to_the_code_of_conduct(client, contribution, comment, people):
    as_(client, people.author)
    html = thread_html(client, contribution)
    coc = f'<a href="{reverse("discussions:code_of_conduct")}">code of conduct</a>'
    # The contribution form, the thread's comment form and the reply form.
    assert html.count(coc) == 3
    client.logout()
    assert reverse("discussions:code_of_conduct") in thread_html(client, contribution)


def test_the_code_of_conduct_page(client):
    html = page(client.get(reverse("discussions:code_of_conduct")))
    assert html.count("<h1") == 1 and "Code of conduct" in html
    for text in (
        "community of practice",
        "constructive and respectful exchanges",
        "No personal attacks",
        "sources",
        "public reason",
    ):
        assert text in html


def test_replies_go_three_levels_deep_and_no_further(client, contribution, comment, people):
    as_(client, people.author)
    post_comment(client, parent=comment.pk, text="Not if they are closed.")
    second = Comment.objects.get(parent=comment)
    as_(client, people.other)
    post_comment(client, parent=second.pk, text="Closed ones cost more.")
    third = Comment.objects.get(parent=second)
    assert (comment.depth, second.depth, third.depth) == (1, 2, 3)

    html = thread_html(client, contribution)
    assert f'name="parent" value="{second.pk}"' in html
    assert f'name="parent" value="{third.pk}"' not in html  # no reply link at depth 3
    assert html.index("Composters attract rats.") < html.index("Not if they are closed.")
    assert html.index("Not if they are closed.") < html.index("Closed ones cost more.")

    as_(client, people.author)
    response = post_comment(client, parent=third.pk, text="A fourth level")
    html = page(response)
    assert response.status_code == 200
    assert "Replies can only go three levels deep." in html
    assert "A fourth level" in html  # their text is kept in the form
    assert not Comment.objects.filter(depth=4).exists() and Comment.objects.count() == 3


def test_an_empty_comment_shows_the_error_under_the_field(client, contribution, people):
    as_(client, people.other)
    response = post_comment(client, contribution=contribution.pk, text="   ")
    html = page(response)
    assert response.status_code == 200 and html.count("<h1") == 1
    assert 'id="id_text_error"' in html and "This field is required." in html
    assert focused(contribution) in html  # a way back to the discussion
    assert not Comment.objects.exists()


def test_javascript_sources_are_refused_with_a_message(client, contribution, people):
    as_(client, people.other)
    response = post_comment(
        client,
        contribution=contribution.pk,
        text="Trust me",
        sources="javascript:alert(document.cookie)",
    )
    html = page(response)
    assert response.status_code == 200
    assert "is not a web address (http or https)." in html
    assert 'id="id_sources_error"' in html
    assert not Comment.objects.exists()
    assert 'href="javascript:' not in html


def test_unknown_or_missing_targets(client, contribution, people, world):
    as_(client, people.other)
    assert post_comment(client, contribution=999999, text="x").status_code == 404
    assert post_comment(client, parent=999999, text="x").status_code == 404
    response = post_comment(client, text="On nothing")
    assert response.status_code == 200 and "Say what you are commenting on." in page(response)
    draft = create_proposal(world, people.author, submit=False)
    assert post_comment(client, proposal=draft.pk, text="x").status_code == 404  # not visible
    as_(client, people.author)
    response = post_comment(client, proposal=draft.pk, text="x")
    assert "Drafts cannot be commented on." in page(response)
    assert not Comment.objects.exists()


def test_a_comment_on_a_proposal_goes_back_to_the_proposal(client, world, people):
    proposal = create_proposal(world, people.author)
    as_(client, people.other)
    response = client.post(
        reverse("discussions:comment_post"), {"proposal": proposal.pk, "text": "Good idea"}
    )
    comment = Comment.objects.get()
    assert comment.proposal == proposal and comment.depth == 1
    assert response["Location"] == f"{proposal.get_absolute_url()}#comment-{comment.pk}"
    html = page(client.get(response["Location"]))
    assert "Your comment is published." in html
    assert f'id="comment-{comment.pk}"' in html and "Good idea" in html


def test_the_proposal_thread_include_renders_the_thread_and_its_form(world, people):
    proposal = create_proposal(world, people.author)
    root = discussion_services.comment_post(
        author=people.other, text="What about <b>costs</b>?", proposal=proposal,
        sources=["https://example.org/costs"],
    )  # fmt: skip
    discussion_services.comment_post(
        author=people.author, text="Covered by the budget.", parent=root
    )
    proposal.refresh_from_db()
    request = RequestFactory().get(proposal.get_absolute_url())
    request.user = people.author

    html = render_to_string(
        "discussions/_comments.html",
        {"thread": comment_thread(proposal=proposal), "proposal": proposal, "user": people.author},
        request=request,
    )
    assert "2 comments" in html and 'id="comments-proposal-' in html
    assert "What about &lt;b&gt;costs&lt;/b&gt;?" in html and "Covered by the budget." in html
    assert 'rel="nofollow noopener ugc"' in html
    assert f'name="proposal" value="{proposal.pk}"' in html
    assert "Moderate" not in html  # the author is no moderator

    request.user = people.paris_dm
    html = render_to_string(
        "discussions/_comments.html",
        {
            "thread": comment_thread(proposal=proposal),
            "proposal": proposal,
            "user": people.paris_dm,
        },
        request=request,
    )
    assert "Moderate" in html


# --- Editing and deleting -------------------------------------------------------------------


def test_the_author_edits_within_the_window_and_it_says_edited(
    client, contribution, comment, people
):
    as_(client, people.other)
    url = reverse("discussions:comment_edit", args=[comment.pk])
    assert f'href="{url}"' in thread_html(client, contribution)
    html = page(client.get(url))
    assert "Edit your comment" in html and "Composters attract rats." in html
    response = client.post(
        url, {"text": "Open composters attract rats.", "sources": "https://example.org/rats"},
        follow=True,
    )  # fmt: skip
    html = page(response)
    assert "Your comment was updated." in html
    assert "Open composters attract rats." in html and "edited" in html
    assert 'href="https://example.org/rats"' in html


def test_editing_after_fifteen_minutes_is_refused(client, contribution, comment, people):
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    as_(client, people.other)
    url = reverse("discussions:comment_edit", args=[comment.pk])
    assert url not in thread_html(client, contribution)
    response = client.get(url, follow=True)
    assert "during the 15 minutes after it was posted" in page(response)
    response = client.post(url, {"text": "Too late"})
    assert response.status_code == 200
    assert "during the 15 minutes after it was posted" in page(response)
    comment.refresh_from_db()
    assert comment.text == "Composters attract rats." and comment.edited_at is None


@pytest.mark.parametrize("who", ["author", "paris_dm", "staff"])
def test_only_its_author_edits_or_deletes_a_comment(client, comment, people, who):
    as_(client, getattr(people, who))
    assert client.get(reverse("discussions:comment_edit", args=[comment.pk])).status_code == 403
    assert client.post(reverse("discussions:comment_delete", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_deleting_leaves_a_placeholder_and_the_replies(client, contribution, comment, people):
    reply = discussion_services.comment_post(
        author=people.author, text="Not if closed.", parent=comment
    )
    as_(client, people.other)
    response = client.post(reverse("discussions:comment_delete", args=[comment.pk]), follow=True)
    html = page(response)
    assert "Your comment was deleted." in html
    assert "Comment deleted by its author" in html
    assert "Composters attract rats." not in html
    assert "Not if closed." in html
    assert f'name="parent" value="{comment.pk}"' not in html  # no reply to a removed comment
    assert f'name="parent" value="{reply.pk}"' in html
    assert client.get(reverse("discussions:comment_edit", args=[comment.pk])).status_code == 403


# --- Flags ----------------------------------------------------------------------------------


def test_a_citizen_flags_a_comment_once(client, contribution, comment, people):
    as_(client, people.author)
    url = reverse("discussions:flag")
    response = client.post(
        url, {"comment": comment.pk, "reason": "misinformation", "details": "No source"},
        follow=True,
    )  # fmt: skip
    assert "Thank you. The moderators of Paris will review it." in page(response)
    response = client.post(url, {"comment": comment.pk, "reason": "spam"}, follow=True)
    assert "You already flagged this." in page(response)
    flag = Flag.objects.get()
    assert (flag.citizen, flag.reason, flag.details) == (
        people.author,
        "misinformation",
        "No source",
    )


def test_flag_input_is_checked(client, comment, people):
    as_(client, people.author)
    url = reverse("discussions:flag")
    response = client.post(url, {"comment": comment.pk, "reason": "boring"}, follow=True)
    assert "Choose the reason for flagging it." in page(response)
    assert client.post(url, {"reason": "spam"}).status_code == 400
    assert client.post(url, {"comment": 999999, "reason": "spam"}).status_code == 404
    as_(client, people.other)  # its author
    assert client.post(url, {"comment": comment.pk, "reason": "spam"}).status_code == 403
    assert not Flag.objects.exists()


# --- Moderation -----------------------------------------------------------------------------


def hide(client, comment, reason="Personal attack: criticise ideas, not people."):
    return client.post(
        reverse("discussions:moderate"),
        {"comment": comment.pk, "action": "hide", "reason": reason},
        follow=True,
    )


def test_a_hidden_comment_is_replaced_by_the_public_reason_for_everyone(
    client, contribution, comment, people
):
    discussion_services.flag_add(citizen=people.author, reason="personal_attack", content=comment)
    reply = discussion_services.comment_post(
        author=people.author, text="Rats? Really?", parent=comment
    )
    as_(client, people.paris_dm)
    html = page(hide(client, comment))
    assert "Hidden. Everyone now sees the public reason" in html

    for who in (None, people.other, people.author, people.paris_dm, people.staff):
        client.logout()
        if who:
            client.force_login(who)
        html = thread_html(client, contribution)
        assert "Composters attract rats." not in html  # not even in the HTML source
        assert "Hidden by a moderator: Personal attack: criticise ideas, not people." in html
        assert "Rats? Really?" in html  # the thread stays readable
    assert f'name="parent" value="{comment.pk}"' not in html
    assert f'name="parent" value="{reply.pk}"' in html
    assert Flag.objects.get().dismissed_at is not None  # hiding settles the flags
    # Its author cannot bring the text back by editing it.
    as_(client, people.other)
    assert client.get(reverse("discussions:comment_edit", args=[comment.pk])).status_code == 403


@pytest.mark.parametrize("who", ["lyon_dm", "author", "other"])
def test_outsiders_cannot_hide_restore_or_dismiss(client, contribution, comment, people, who):
    as_(client, getattr(people, who))
    assert "Moderate" not in thread_html(client, contribution)
    for action in ("hide", "restore", "dismiss"):
        response = client.post(
            reverse("discussions:moderate"),
            {"comment": comment.pk, "action": action, "reason": "x"},
        )
        assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_hiding_needs_a_public_reason(client, contribution, comment, people):
    as_(client, people.paris_dm)
    html = page(hide(client, comment, reason="  "))
    assert "Give the public reason for hiding it." in html
    assert "Composters attract rats." in html
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_a_moderator_restores_with_a_reason(client, contribution, comment, people):
    discussion_services.content_moderate(
        actor=people.paris_dm, reason="Rude", content=comment, action="hide"
    )
    as_(client, people.staff)
    html = thread_html(client, contribution)
    assert f'name="comment" value="{comment.pk}"' in html and 'value="restore"' in html
    response = client.post(
        reverse("discussions:moderate"),
        {"comment": comment.pk, "action": "restore", "reason": "Fair criticism"},
        follow=True,
    )
    html = page(response)
    assert "Restored." in html
    assert "Composters attract rats." in html and "Hidden by a moderator" not in html


def test_a_moderator_dismisses_the_flags(client, contribution, comment, people):
    discussion_services.flag_add(citizen=people.author, reason="spam", content=comment)
    as_(client, people.paris_dm)
    html = thread_html(client, contribution)
    assert "1 open flag" in html and 'value="dismiss"' in html
    response = client.post(
        reverse("discussions:moderate"), {"comment": comment.pk, "action": "dismiss"}, follow=True
    )
    html = page(response)
    assert "1 flag dismissed." in html
    assert "1 open flag" not in html and 'value="dismiss"' not in html
    assert "Composters attract rats." in html


# --- Safety ---------------------------------------------------------------------------------


def test_scripts_in_comments_and_sources_are_inert(client, contribution, people):
    discussion_services.comment_post(
        author=people.other,
        text='<script>alert(1)</script><a href="javascript:alert(2)">x</a>',
        contribution=contribution,
        sources=['https://example.org/"><script>alert(3)</script>'],
    )
    html = thread_html(client, contribution)
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_comments_are_rate_limited(client, settings, contribution, people):
    settings.WRITE_RATE_LIMIT = "2/m"
    as_(client, people.other)
    for text in ("One", "Two"):
        assert post_comment(client, contribution=contribution.pk, text=text).status_code == 200
    response = client.post(
        reverse("discussions:comment_post"), {"contribution": contribution.pk, "text": "Three"}
    )
    assert response.status_code == 429 and "Too many requests" in page(response)
    assert Comment.objects.count() == 2
