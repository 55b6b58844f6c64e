"""The kinds of notification: each app declares its own in its ``notifications.py``.

A ``Kind`` is the string stored in ``Event.kind`` (``"proposal.read"``) carrying everything
that follows from it: its label, who is told personally, whether the followers of the
event's space hear about it (the audience), the sentence they read in their language, the
page it links to, whether it is emailed right away by default, and how the preferences page
names it. ``register`` adds it here; ``NotificationsConfig.ready`` imports every installed
app's ``notifications`` module, so a new kind is one declaration next to the service that
records it, and no migration (the ``kind`` columns have no ``choices``).

Services record it: ``event_record(kind=notifications.PROPOSAL_READ, …)``. Reading the
service and the kind shows the whole consequence.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import QuerySet
from django.utils.functional import Promise

if TYPE_CHECKING:
    from notifications.models import Event

Recipients = Callable[["Event"], QuerySet]
MessageFn = Callable[["Event", bool], str]


class Kind(str):
    """A kind of notification; compares (and is stored) as its key."""

    label: Promise
    preference: Promise | None
    recipients: Recipients | None
    audience: bool
    email: bool
    _message: MessageFn | None
    _link: Callable[[Event], str | None] | None
    module: str  # set by register()
    position: int

    def __new__(
        cls,
        key: str,
        *,
        label: Promise,
        message: MessageFn | None = None,
        recipients: Recipients | None = None,
        audience: bool = False,
        email: bool = False,
        preference: Promise | None = None,
        link: Callable[[Event], str | None] | None = None,
    ) -> Kind:
        """``key``: the stored value, ``"<subject>.<what happened>"``.

        ``recipients(event)``: the ids of the citizens told personally (a queryset of ids;
        the actor is always removed); ``audience``: the followers of ``event.space`` are told
        too, without a row each (``notifications.selectors``). ``message(event, personal)``:
        what they read (``personal`` False for a follower). ``preference``: the sentence of
        the preferences page — a kind without one cannot be muted (nobody is told of it).
        ``email``: emailed right away unless the citizen says otherwise. ``link(event)``:
        the page it opens, when not the page of its subject.
        """
        if preference is not None and recipients is None and not audience:
            raise ValueError(f"{key}: a kind offered in the preferences must tell someone")
        kind = super().__new__(cls, key)
        kind.label = label
        kind.preference = preference
        kind.recipients = recipients
        kind.audience = audience
        kind.email = email
        kind._message = message
        kind._link = link
        return kind

    @property
    def key(self) -> str:
        return str(self)

    def message(self, event: Event, *, personal: bool) -> str:
        if self._message is None:
            return str(self.label)
        return self._message(event, personal)

    def link(self, event: Event) -> str:
        """The page to open: the kind's own, the one recorded with the event (chapters and
        challenges record it in ``data``), else that of its subject or its space."""
        url = self._link(event) if self._link is not None else None
        return url or subject_url(event)


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Declare ``kind`` (at import of an app's ``notifications`` module). Returns it.

    The kind remembers the module that declared it: lists follow the order of the apps in
    ``INSTALLED_APPS``, then the order of the declarations, whichever module was imported
    first.
    """
    if kind in _KINDS:
        raise ValueError(f"The notification kind {kind!r} is declared twice.")
    kind.module = sys._getframe(1).f_globals.get("__name__", "")
    kind.position = len(_KINDS)
    _KINDS[str(kind)] = kind
    return kind


def _ordered() -> list[Kind]:
    names = [config.name for config in apps.get_app_configs()]

    def app_rank(kind: Kind) -> int:
        owners = [i for i, name in enumerate(names) if kind.module.startswith(f"{name}.")]
        # The longest name owns it (proposals.consultations before proposals).
        return max(owners, key=lambda i: len(names[i])) if owners else len(names)

    return sorted(_KINDS.values(), key=lambda kind: (app_rank(kind), kind.position))


def get(key: str) -> Kind | None:
    return _KINDS.get(key)


def all_kinds() -> list[Kind]:
    return _ordered()


def label_of(key: str) -> str:
    """The label of ``key``, or the key itself for a kind no app declares any more."""
    kind = get(key)
    return str(kind.label) if kind is not None else key


def choices() -> list[tuple[str, str]]:
    """Every kind, for forms, filters and the API schema."""
    return [(str(kind), kind.label) for kind in _ordered()]


def notifiable() -> list[Kind]:
    """The kinds a citizen can be told about, in the order the preferences page lists them."""
    return [kind for kind in _ordered() if kind.preference is not None]


def audience_kinds() -> frozenset[str]:
    return frozenset(str(kind) for kind in _KINDS.values() if kind.audience)


def emailed_by_default() -> frozenset[str]:
    return frozenset(str(kind) for kind in _KINDS.values() if kind.email)


# --- Helpers for the declarations -----------------------------------------------------------


def citizen_ids(ids: Iterable | QuerySet) -> QuerySet:
    """The active citizens among ``ids`` (a list, or a ``values()`` subquery), as ids."""
    from civic.models import Citizen

    return Citizen.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)


def personal_recipients(event: Event) -> QuerySet:
    """Ids of the citizens personally concerned by ``event``, without its actor."""
    from civic.models import Citizen

    kind = get(event.kind)
    if kind is None or kind.recipients is None:
        return Citizen.objects.none().values_list("pk", flat=True)
    ids = kind.recipients(event)
    if event.actor_id:
        ids = ids.exclude(pk=event.actor_id)
    return ids


def subject_url(event: Event) -> str:
    if event.data.get("url"):
        return event.data["url"]
    for subject in ("comment", "contribution", "proposal", "consultation", "space"):
        if getattr(event, f"{subject}_id"):
            return getattr(event, subject).get_absolute_url()
    return "/"


def title_of(obj) -> str:
    return getattr(obj, "title", None) or getattr(obj, "question", "") or ""


def space_name(event: Event) -> str:
    return event.space.name if event.space_id else ""
