"""Who may do what with practices and challenges: the one place that decides.

Services, web views, API views and the admin check these with ``rules.has_perm`` (never
``user.has_perm``: Django's ModelBackend grants everything to superusers).
"""

import rules

from jurisdictions.rules import is_staff


@rules.predicate
def is_practice_author(user, practice) -> bool:
    return (
        practice is not None
        and getattr(user, "is_authenticated", False)
        and practice.created_by_id == user.pk
    )


@rules.predicate
def is_organiser_of(user, chapter) -> bool:
    """An active organiser of ``chapter`` (``chapters.models.Membership``)."""
    if chapter is None or not getattr(user, "is_authenticated", False):
        return False
    from chapters.models import Membership

    return Membership.objects.organisers().filter(chapter=chapter, citizen=user).exists()


@rules.predicate
def is_organiser(user) -> bool:
    """An active organiser of at least one chapter (offered the join form)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from chapters.models import Membership

    return Membership.objects.organisers().filter(citizen=user).exists()


is_citizen = rules.is_authenticated & rules.is_active

# Practices (``obj`` is the practice, when there is one)
rules.add_perm("challenges.propose_practice", is_citizen)
rules.add_perm("challenges.assess_practice", is_citizen)
# Where a practice is implemented: documented by its author, corrected by staff.
rules.add_perm("challenges.add_practice_place", is_citizen & (is_staff | is_practice_author))
rules.add_perm("challenges.declare_global", is_staff)
rules.add_perm("challenges.edit_practice", is_staff)

# Challenges (``obj`` is the challenge; for joining and leaving, the chapter)
rules.add_perm("challenges.create_challenge", is_staff)
rules.add_perm("challenges.follow_challenge", is_citizen)
rules.add_perm("challenges.join_challenge", is_citizen & (is_staff | is_organiser_of))
rules.add_perm("challenges.offer_join", is_citizen & (is_staff | is_organiser))


@rules.predicate
def can_edit_framework(user) -> bool:
    """Staff holding Django's ``challenges.change_competence`` (superusers hold every one).

    ``is_staff`` alone is not enough: decision makers are staff too (their dashboard).
    """
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm("challenges.change_competence")
    )


# Citizen competences: staff edit the framework (areas, competences, quizzes) in the admin.
rules.add_perm("challenges.edit_competence_framework", can_edit_framework)
