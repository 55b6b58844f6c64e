"""Discussion services: threads, sources, edits, deletion, flags and moderation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Event
from proposals.discussions import services as discussion_services
from proposals.discussions.models import Comment
from proposals.models import Proposal
from tests.kinds import K
from tests.proposals.factories import create_proposal

pytestmark = pytest.mark.django_db
S = Proposal.Status

# --- Comments and moderation -----------------------------------------------------------------


def test_threads_stop_at_three_levels(world, people):
    proposal = create_proposal(world, people.author)
    first = discussion_services.comment_post(author=people.other, text="1", proposal=proposal)
    second = discussion_services.comment_post(author=people.author, text="2", parent=first)
    third = discussion_services.comment_post(author=people.other, text="3", parent=second)
    assert (first.depth, second.depth, third.depth) == (1, 2, 3)
    with pytest.raises(ValidationError, match="three levels"):
        discussion_services.comment_post(author=people.author, text="4", parent=third)
    proposal.refresh_from_db()
    assert proposal.comment_count == 3
    replied = Event.objects.filter(kind=K.COMMENT_REPLIED).order_by("id")
    assert [e.data["parent_author"] for e in replied] == [people.other.pk, people.author.pk]


def test_comments_on_drafts_are_refused(world, people):
    draft = create_proposal(world, people.author, submit=False)
    with pytest.raises(ValidationError):
        discussion_services.comment_post(author=people.other, text="x", proposal=draft)


def test_sources_must_be_web_addresses(world, people):
    proposal = create_proposal(world, people.author)
    comment = discussion_services.comment_post(
        author=people.other, text="See", proposal=proposal, sources=["https://www.insee.fr/", ""]
    )
    assert comment.sources == ["https://www.insee.fr/"]
    with pytest.raises(ValidationError):
        discussion_services.comment_post(
            author=people.other, text="x", proposal=proposal, sources=["javascript:alert(1)"]
        )


def test_edit_within_fifteen_minutes_only_by_the_author(world, people):
    proposal = create_proposal(world, people.author)
    comment = discussion_services.comment_post(
        author=people.other, text="Tpyo", proposal=proposal
    )
    with pytest.raises(PermissionDenied):
        discussion_services.comment_edit(comment=comment, actor=people.author, text="x")
    discussion_services.comment_edit(comment=comment, actor=people.other, text="Typo")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        discussion_services.comment_edit(comment=comment, actor=people.other, text="Too late")
    assert Comment.objects.get(pk=comment.pk).text == "Typo"


def test_deleting_leaves_a_placeholder(world, people):
    proposal = create_proposal(world, people.author)
    comment = discussion_services.comment_post(
        author=people.other, text="Secret", proposal=proposal
    )
    reply = discussion_services.comment_post(author=people.author, text="Reply", parent=comment)
    discussion_services.comment_delete(comment=comment, actor=people.other)
    comment.refresh_from_db()
    assert comment.is_deleted and comment.text == ""
    assert Comment.objects.filter(pk=reply.pk).exists()


def test_flag_once_then_hide_and_restore_with_public_reasons(world, people):
    proposal = create_proposal(world, people.author)
    comment = discussion_services.comment_post(
        author=people.other, text="You idiot", proposal=proposal
    )
    discussion_services.flag_add(
        citizen=people.author, reason="personal_attack", content=comment
    )
    with pytest.raises(ValidationError, match="already flagged"):
        discussion_services.flag_add(citizen=people.author, reason="spam", content=comment)
    with pytest.raises(PermissionDenied):
        discussion_services.flag_add(
            citizen=people.other, reason="spam", content=comment
        )  # own comment
    for outsider in ("lyon_dm", "author"):
        with pytest.raises(PermissionDenied):
            discussion_services.content_moderate(
                actor=getattr(people, outsider), reason="x", content=comment, action="hide"
            )

    assert discussion_services.content_moderate(
        actor=people.paris_dm, reason="Personal attack", content=comment, action="hide"
    ).changed
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Personal attack"
    assert comment.flags.filter(dismissed_at__isnull=True).count() == 0
    assert discussion_services.content_moderate(
        actor=people.staff, reason="Context", content=comment, action="restore"
    ).changed
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert list(
        Event.objects.filter(comment=comment).order_by("id").values_list("kind", flat=True)
    ) == [K.COMMENT_POSTED, K.CONTENT_HIDDEN, K.CONTENT_RESTORED]


def test_hiding_needs_a_reason(world, people):
    proposal = create_proposal(world, people.author)
    comment = discussion_services.comment_post(author=people.other, text="x", proposal=proposal)
    with pytest.raises(ValidationError):
        discussion_services.content_moderate(
            actor=people.paris_dm, reason="  ", content=comment, action="hide"
        )


