"""Who may edit the citizen competence framework: the one place that decides.

Learning (reading a lesson, answering a quiz, assessing oneself) needs only a signed-in
citizen (``civic.rules.is_citizen``, checked by the services); recording who came to a
study circle is the chapter's organisers' (``chapters.manage_chapter``).
"""

import rules


@rules.predicate
def can_edit_framework(user) -> bool:
    """Staff holding Django's ``competences.change_competence`` (superusers hold every one).

    ``is_staff`` alone is not enough: decision makers are staff too (their dashboard).
    """
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm("competences.change_competence")
    )


# Staff edit the framework (areas, competences, quizzes) in the admin and publish it there.
rules.add_perm("competences.edit_framework", can_edit_framework)
