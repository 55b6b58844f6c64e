"""Who may do what with practices and challenges: the one place that decides.

Services, web views, API views and the admin check these with ``rules.has_perm`` (never
``user.has_perm``: Django's ModelBackend grants everything to superusers).
"""

import rules

from chapters.rules import is_organiser_of, organises_a_chapter
from civic.rules import is_citizen, is_platform_staff


@rules.predicate
def is_practice_author(user, practice) -> bool:
    return (
        practice is not None
        and getattr(user, "is_authenticated", False)
        and practice.created_by_id == user.pk
    )


# Practices (``obj`` is the practice, when there is one)
rules.add_perm("challenges.propose_practice", is_citizen)
rules.add_perm("challenges.assess_practice", is_citizen)
# Where a practice is implemented: documented by its author, corrected by staff.
rules.add_perm(
    "challenges.add_practice_place", is_citizen & (is_platform_staff | is_practice_author)
)
rules.add_perm("challenges.declare_global", is_platform_staff)
rules.add_perm("challenges.edit_practice", is_platform_staff)

# Challenges (``obj`` is the challenge; for joining and leaving, the chapter)
rules.add_perm("challenges.create_challenge", is_platform_staff)
rules.add_perm("challenges.follow_challenge", is_citizen)
rules.add_perm("challenges.join_challenge", is_citizen & (is_platform_staff | is_organiser_of))
rules.add_perm("challenges.offer_join", is_citizen & (is_platform_staff | organises_a_chapter))
