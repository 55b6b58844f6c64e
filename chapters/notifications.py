"""The notification kinds of the chapters (``notifications.registry``): members hear of the
meetings, a citizen of the answer to their request, organisers of each request to join.
The events carry the chapter's id, name and page in ``data`` (no foreign key needed)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import Kind, citizen_ids, register


def _members(event):
    from chapters.models import Membership

    members = Membership.objects.active().filter(chapter_id=event.data.get("chapter"))
    return citizen_ids(members.values("citizen_id"))


def _organisers(event):
    from chapters.models import Membership

    organisers = Membership.objects.organisers().filter(chapter_id=event.data.get("chapter"))
    return citizen_ids(organisers.values("citizen_id"))


def _the_citizen(event):
    return citizen_ids([event.data.get("citizen")])


def _decided(event, personal: bool) -> str:
    text = (
        _("Welcome to %(chapter)s: your request was approved.")
        if event.data.get("approved")
        else _("Your request to join %(chapter)s was not accepted.")
    )
    return text % {"chapter": event.data.get("chapter_name", "")}


MEETING_SCHEDULED = register(
    Kind(
        "meeting.scheduled",
        label=gettext_lazy("Chapter meeting scheduled"),
        recipients=_members,
        message=lambda event, personal: (
            _("%(chapter)s scheduled a meeting: “%(title)s”.")
            % {
                "chapter": event.data.get("chapter_name", ""),
                "title": event.data.get("title", ""),
            }
        ),
        email=True,
        preference=gettext_lazy("A chapter I belong to scheduled a meeting"),
    )
)
MEMBERSHIP_DECIDED = register(
    Kind(
        "membership.decided",
        label=gettext_lazy("Chapter membership request decided"),
        recipients=_the_citizen,
        message=_decided,
        email=True,
        preference=gettext_lazy("My request to join a chapter was answered"),
    )
)
MEMBERSHIP_REQUESTED = register(
    Kind(
        "membership.requested",
        label=gettext_lazy("Request to join a chapter"),
        recipients=_organisers,
        message=lambda event, personal: (
            _("%(name)s asked to join %(chapter)s.")
            % {
                "name": event.actor.public_name if event.actor_id else _("Someone"),
                "chapter": event.data.get("chapter_name", ""),
            }
        ),
        email=True,
        preference=gettext_lazy("Someone asked to join a chapter I organise"),
    )
)
