"""Who may do what with proposals, consultations and comments: the one place that decides.

Services check these with ``rules.has_perm`` (not ``user.has_perm``: Django's ModelBackend
grants every permission to superusers, which would let an administrator forge a read
receipt). Web views, API views and the admin all go through the same services.
"""

import rules
from django.conf import settings
from django.utils import timezone

from jurisdictions.rules import is_decision_maker_for, is_staff


@rules.predicate
def is_author(user, obj) -> bool:
    return obj is not None and user.is_authenticated and obj.author_id == user.pk


@rules.predicate
def is_space_decision_maker(user, obj) -> bool:
    """A decision maker of the space the object belongs to (proposal, comment, …).

    A chapter's forum belongs to its citizens, not to the city: its organisers moderate it.
    """
    if obj is None or getattr(obj, "chapter_id", None):
        return False
    return is_decision_maker_for(user, obj.space)


@rules.predicate
def is_chapter_organiser(user, obj) -> bool:
    """An active organiser of the chapter whose forum holds this comment."""
    chapter_id = getattr(obj, "chapter_id", None)
    if not chapter_id or not user.is_authenticated:
        return False
    from chapters.models import Membership

    return Membership.objects.organisers().filter(chapter_id=chapter_id, citizen=user).exists()


@rules.predicate
def is_draft(user, proposal) -> bool:
    return proposal is not None and proposal.status == "draft"


@rules.predicate
def is_public(user, proposal) -> bool:
    return proposal is not None and proposal.status != "draft"


@rules.predicate
def within_edit_window(user, comment) -> bool:
    return (
        comment is not None and timezone.now() - comment.created_at <= settings.COMMENT_EDIT_WINDOW
    )


@rules.predicate
def is_live(user, comment) -> bool:
    return comment is not None and comment.deleted_at is None and comment.hidden_at is None


is_citizen = rules.is_authenticated & rules.is_active
can_act = is_staff | is_space_decision_maker

# Proposals
rules.add_perm("proposals.see_proposal", is_public | is_author)  # drafts are private
rules.add_perm("proposals.edit_proposal", is_author & is_draft)
rules.add_perm("proposals.submit_proposal", is_author)  # the lifecycle refuses non-drafts
rules.add_perm("proposals.withdraw_proposal", is_author)
rules.add_perm("proposals.read_proposal", is_space_decision_maker)  # the read receipt
rules.add_perm("proposals.answer_proposal", can_act)
rules.add_perm("proposals.transfer_proposal", can_act)
rules.add_perm("proposals.change_status_proposal", can_act)
rules.add_perm("proposals.support_proposal", is_citizen & ~is_author)
rules.add_perm("proposals.create_proposal", is_citizen)

# Consultations (``obj`` is the space for opening, the consultation afterwards)
rules.add_perm("proposals.open_consultation", is_staff | is_decision_maker_for)
rules.add_perm("proposals.manage_consultation", can_act)
rules.add_perm("proposals.post_contribution", is_citizen)
rules.add_perm("proposals.agree_contribution", is_citizen & ~is_author)
rules.add_perm("proposals.review_contribution", can_act)

# Comments and moderation (``obj`` is a comment or a contribution)
rules.add_perm("proposals.post_comment", is_citizen)
rules.add_perm("proposals.edit_comment", is_author & is_live & within_edit_window)
rules.add_perm("proposals.remove_comment", is_author & is_live)
rules.add_perm("proposals.flag_content", is_citizen & ~is_author)
rules.add_perm("proposals.moderate_content", can_act | is_chapter_organiser)
