"""Who may comment, edit, delete, flag and moderate (``obj``: a comment or a contribution).

Decision makers moderate what is addressed to the spaces they serve, staff everywhere
(``jurisdictions.rules.can_act_for_item``); a chapter's forum is moderated by the chapter's
organisers (``chapters.moderate_forum``), never by the city.
"""

import rules
from django.conf import settings
from django.utils import timezone

from civic.rules import is_author, is_citizen
from jurisdictions.rules import can_act_for_item


@rules.predicate
def within_edit_window(user, comment) -> bool:
    return (
        comment is not None and timezone.now() - comment.created_at <= settings.COMMENT_EDIT_WINDOW
    )


@rules.predicate
def is_live(user, comment) -> bool:
    return comment is not None and comment.deleted_at is None and comment.hidden_at is None


@rules.predicate
def organises_its_forum(user, content) -> bool:
    """An organiser of the chapter whose forum holds this comment."""
    if not getattr(content, "chapter_id", None):
        return False
    return rules.has_perm("chapters.moderate_forum", user, content.chapter)


rules.add_perm("discussions.post_comment", is_citizen)
rules.add_perm("discussions.edit_comment", is_author & is_live & within_edit_window)
rules.add_perm("discussions.remove_comment", is_author & is_live)
rules.add_perm("discussions.flag_content", is_citizen & ~is_author)
rules.add_perm("discussions.moderate_content", can_act_for_item | organises_its_forum)
