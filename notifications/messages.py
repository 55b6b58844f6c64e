"""The sentence and link a citizen sees for an event, in the active language.

Used by the inbox, the emails (rendered under ``translation.override(recipient language)``)
and the API, so all three say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from notifications.models import Event

K = Event.Kind


@dataclass(frozen=True)
class Message:
    text: str
    url: str


def _title(obj) -> str:
    return getattr(obj, "title", None) or getattr(obj, "question", "") or ""


def describe(event: Event, *, personal: bool) -> Message:
    """What ``event`` means for someone told personally (``personal``) or as a follower."""
    space = event.space.name if event.space_id else ""
    proposal = event.proposal
    consultation = event.consultation
    p = {"title": _title(proposal), "space": space}
    c = {"question": _title(consultation), "space": space}
    outcome = {
        "accepted": _("accepted"),
        "declined": _("declined"),
        "implemented": _("implemented"),
        "under_consideration": _("under consideration"),
        "read": _("read"),
    }
    kind = event.kind
    if kind == K.PROPOSAL_READ:
        text = (
            _("Your proposal “%(title)s” was read by %(space)s.")
            if personal
            else _("A proposal was read in %(space)s: “%(title)s”.")
        ) % p
    elif kind == K.PROPOSAL_ANSWERED:
        p["outcome"] = outcome.get(event.data.get("outcome", ""), "")
        text = (
            _("“%(title)s” was answered by %(space)s: %(outcome)s.")
            if personal
            else _("%(space)s answered “%(title)s”: %(outcome)s.")
        ) % p
    elif kind == K.PROPOSAL_STATUS_CHANGED:
        p["status"] = outcome.get(event.data.get("to", ""), event.data.get("to", ""))
        text = _("“%(title)s” is now %(status)s.") % p
    elif kind == K.PROPOSAL_TRANSFERRED:
        p["from"] = event.data.get("from_space_name", "")
        text = _("“%(title)s” was transferred from %(from)s to %(space)s.") % p
    elif kind == K.CONTRIBUTION_READ:
        text = _("Your contribution to “%(question)s” was read by %(space)s.") % c
    elif kind == K.CONTRIBUTION_HELPED:
        text = _("Your contribution to “%(question)s” helped shape policy in %(space)s.") % c
    elif kind == K.COMMENT_REPLIED:
        text = _("%(name)s replied to your comment.") % {
            "name": event.actor.public_name if event.actor_id else _("Someone")
        }
    elif kind == K.CONTENT_HIDDEN:
        text = _("A moderator hid something you wrote: %(reason)s") % {
            "reason": event.data.get("reason", "")
        }
    elif kind == K.CONTENT_RESTORED:
        text = _("A moderator restored something you wrote.")
    elif kind == K.CONSULTATION_OPENED:
        text = _("%(space)s opened a consultation: “%(question)s”.") % c
    elif kind == K.CONSULTATION_CLOSING:
        text = _("The consultation “%(question)s” in %(space)s closes in 48 hours.") % c
    elif kind == K.CONSULTATION_CLOSED:
        text = (
            _("The consultation “%(question)s” in %(space)s is closed: see what was decided.") % c
        )
    elif kind == K.CHALLENGE_MILESTONE:
        text = _("The challenge “%(title)s” reached %(percent)s%% of its goal.") % {
            "title": event.data.get("title", ""),
            "percent": event.data.get("percent", ""),
        }
    elif kind == K.MEETING_SCHEDULED:
        text = _("%(chapter)s scheduled a meeting: “%(title)s”.") % {
            "chapter": event.data.get("chapter_name", ""),
            "title": event.data.get("title", ""),
        }
    elif kind == K.MEMBERSHIP_DECIDED:
        text = (
            _("Welcome to %(chapter)s: your request was approved.")
            if event.data.get("approved")
            else _("Your request to join %(chapter)s was not accepted.")
        ) % {"chapter": event.data.get("chapter_name", "")}
    elif kind == K.MEMBERSHIP_REQUESTED:
        text = _("%(name)s asked to join %(chapter)s.") % {
            "name": event.actor.public_name if event.actor_id else _("Someone"),
            "chapter": event.data.get("chapter_name", ""),
        }
    else:
        text = event.get_kind_display()
    return Message(text=text, url=_url(event))


def _url(event: Event) -> str:
    # Chapters and challenges record their page in the event data (no foreign key needed).
    if event.data.get("url"):
        return event.data["url"]
    if event.comment_id:
        return event.comment.get_absolute_url()
    if event.contribution_id:
        return event.contribution.get_absolute_url()
    if event.proposal_id:
        return event.proposal.get_absolute_url()
    if event.consultation_id:
        return event.consultation.get_absolute_url()
    if event.space_id:
        return event.space.get_absolute_url()
    return "/"
