"""Predicates every app's rules share: each concept is defined once, here or in the app that
owns it, and imported elsewhere.

``is_citizen``
    signed in with an active account.
``is_author``
    the object's ``author`` is the user (proposals, contributions, comments…).
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
