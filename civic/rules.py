"""Predicates every app's rules share: each concept is defined once, here or in the app that
owns it, and imported elsewhere.

``is_citizen``
    signed in with an active account.
``is_author``
    the object's ``author`` is the user (proposals, contributions, comments…).
``is_platform_staff``
    platform-wide powers: answer, transfer, moderate and open consultations anywhere,
    declare practices global, create challenges. Superusers, and staff in the "Platform
    staff" group. ``is_staff`` alone only opens the Django admin (where each model's own
    permissions apply): decision makers and chapter administrators may be staff without
    acting everywhere.
``require(perm, user, obj)``
    what every service calls first: ``PermissionDenied`` unless ``rules`` grants ``perm``.

Services and views ask ``rules.has_perm`` — never ``user.has_perm``: Django's ModelBackend
grants every permission to superusers, which would let an administrator forge a read
receipt or vote in someone's place.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

is_citizen = rules.is_authenticated & rules.is_active

# The group whose members act everywhere (created by a migration of civic; staff give it in
# the citizen admin). Its name is the contract: rename it only with a data migration.
PLATFORM_STAFF_GROUP = "Platform staff"


@rules.predicate
def is_platform_staff(user) -> bool:
    """An active superuser, or active staff in the "Platform staff" group.

    Asked many times a page (every "may act here?"): the group lookup is cached on the user
    object for the request, as Django caches its permissions (``_perm_cache``); staff who
    are not superusers cost one query, everyone else none.
    """
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    if not hasattr(user, "_platform_staff"):
        user._platform_staff = user.groups.filter(name=PLATFORM_STAFF_GROUP).exists()
    return user._platform_staff


@rules.predicate
def is_author(user, obj) -> bool:
    return (
        obj is not None
        and getattr(user, "is_authenticated", False)
        and getattr(obj, "author_id", None) == user.pk
    )


def require(perm: str, user, obj=None) -> None:
    """Raise ``PermissionDenied`` unless ``rules`` grants ``perm`` to ``user`` on ``obj``."""
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied(_("You are not allowed to do this."))
