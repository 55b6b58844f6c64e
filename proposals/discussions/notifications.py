"""The notification kinds of the discussions (``notifications.registry``): a comment tells
the author of the proposal or contribution it is on, a reply the author of the comment it
answers (once: the author of both hears of the reply), moderation the author concerned.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import Kind, citizen_ids, register, title_of


def _parent_author(event):
    return citizen_ids([event.data.get("parent_author")])


def _content_author(event):
    content = event.comment if event.comment_id else event.contribution
    return citizen_ids([content.author_id])


def _commented_author(event):
    target = event.proposal if event.proposal_id else event.contribution
    if target is None or event.data.get("parent_author") == target.author_id:
        return citizen_ids([])  # a chapter's forum; or they hear of the reply instead
    return citizen_ids([target.author_id])


def _commented(event, personal: bool) -> str:
    name = event.actor.public_name if event.actor_id else _("Someone")
    if event.proposal_id:
        return _("%(name)s commented on your proposal “%(title)s”.") % {
            "name": name,
            "title": title_of(event.proposal),
        }
    return _("%(name)s commented on your contribution to “%(question)s”.") % {
        "name": name,
        "question": title_of(event.contribution.consultation),
    }


def _replied(event, personal: bool) -> str:
    return _("%(name)s replied to your comment.") % {
        "name": event.actor.public_name if event.actor_id else _("Someone")
    }


def _hidden(event, personal: bool) -> str:
    return _("A moderator hid something you wrote: %(reason)s") % {
        "reason": event.data.get("reason", "")
    }


def _restored(event, personal: bool) -> str:
    return _("A moderator restored something you wrote.")


COMMENT_POSTED = register(
    Kind(
        "comment.posted",
        label=gettext_lazy("Comment posted"),
        recipients=_commented_author,
        message=_commented,
        email=True,
        preference=gettext_lazy("Someone commented on my proposal or contribution"),
    )
)
COMMENT_REPLIED = register(
    Kind(
        "comment.replied",
        label=gettext_lazy("Reply to a comment"),
        recipients=_parent_author,
        message=_replied,
        email=True,
        preference=gettext_lazy("Someone replied to my comment"),
    )
)
CONTENT_HIDDEN = register(
    Kind(
        "content.hidden",
        label=gettext_lazy("Content hidden by a moderator"),
        recipients=_content_author,
        message=_hidden,
        email=True,
        preference=gettext_lazy("A moderator hid something I wrote"),
    )
)
CONTENT_RESTORED = register(
    Kind(
        "content.restored",
        label=gettext_lazy("Content restored by a moderator"),
        recipients=_content_author,
        message=_restored,
        preference=gettext_lazy("A moderator restored something I wrote"),
    )
)
