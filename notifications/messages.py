"""The sentence and link a citizen sees for an event, in the active language.

Used by the inbox, the emails (rendered under ``translation.override(recipient language)``)
and the API, so all three say the same thing. The words are the kind's
(``notifications.registry``: each app's ``notifications.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from notifications import registry
from notifications.models import Event


@dataclass(frozen=True)
class Message:
    text: str
    url: str


def describe(event: Event, *, personal: bool) -> Message:
    """What ``event`` means for someone told personally (``personal``) or as a follower."""
    kind = registry.get(event.kind)
    if kind is None:  # a kind no app declares any more: its key, and its subject's page
        return Message(text=event.kind, url=registry.subject_url(event))
    return Message(text=kind.message(event, personal=personal), url=kind.link(event))
