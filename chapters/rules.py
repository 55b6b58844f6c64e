"""Who may do what with chapters, memberships and meetings: the one place that decides.

Services, web views, API views and the organisers' admin all ask these predicates
(``rules.has_perm``, never ``user.has_perm`` for these names).

Two kinds of people act for a chapter:

- its **organisers**: citizens holding an *active* ``Membership`` with the organiser role.
  Nothing else marks them: no ``is_staff`` flag, no group. Losing the role (leaving, being
  made a plain member) withdraws every power at once, the organisers' admin included.
- **chapters administrators**: superusers, or staff granted the global Django permission
  ``chapters.change_chapter`` (through the citizen admin). Being ``is_staff`` alone is not
  enough: it only opens the Django admin, and other staff must not manage every chapter for
  that reason.
"""

from __future__ import annotations

import rules

from civic.rules import is_citizen


def _signed_in(user) -> bool:
    return is_citizen(user)


@rules.predicate
def is_chapters_admin(user) -> bool:
    """A superuser, or staff with the global ``chapters.change_chapter`` permission.

    ``user.has_perm`` here is Django's ModelBackend (superusers have every permission); the
    name is a model permission, which no ``rules`` rule shadows.
    """
    return _signed_in(user) and (user.is_superuser or user.has_perm("chapters.change_chapter"))


@rules.predicate
def is_organiser_of(user, chapter) -> bool:
    """An active organiser of ``chapter``."""
    if chapter is None or not _signed_in(user):
        return False
    from chapters.models import Membership

    return Membership.objects.organisers().filter(chapter=chapter, citizen=user).exists()


@rules.predicate
def is_member_of(user, chapter) -> bool:
    """An active member of ``chapter`` (organisers included)."""
    if chapter is None or not _signed_in(user):
        return False
    from chapters.models import Membership

    return Membership.objects.active().filter(chapter=chapter, citizen=user).exists()


@rules.predicate
def is_member_of_meeting_chapter(user, meeting) -> bool:
    return meeting is not None and is_member_of(user, meeting.chapter)


@rules.predicate
def organises_a_chapter(user) -> bool:
    """An active organiser of at least one chapter (may enter the organisers' admin)."""
    if not _signed_in(user):
        return False
    from chapters.models import Membership

    return Membership.objects.organisers().filter(citizen=user).exists()


can_manage = is_organiser_of | is_chapters_admin

# ``obj`` is the chapter unless said otherwise.
rules.add_perm("chapters.create_chapter", is_citizen)
rules.add_perm("chapters.join_chapter", is_citizen)
# Edit the chapter, schedule and edit meetings, decide membership requests, name organisers,
# export the member list.
rules.add_perm("chapters.manage_chapter", can_manage)
rules.add_perm("chapters.rsvp_meeting", is_member_of_meeting_chapter)  # obj: the meeting
rules.add_perm("chapters.use_organiser_admin", organises_a_chapter | is_chapters_admin)
# The chapter's forum (``proposals.discussions`` asks these by name): members take part in
# it, organisers moderate it.
rules.add_perm("chapters.post_in_forum", is_member_of)
rules.add_perm("chapters.moderate_forum", is_organiser_of)
