"""Template tags of the comment threads.

``{% comments_context as cx %}``
    What ``discussions/_comments.html`` needs besides ``thread``: the target, its form ids
    and whether the visitor moderates it.
``{% flag_reasons %}``
    The reasons a citizen may give for flagging.
``{{ url|http_url }}``
    The URL if it is http(s), else "" (sources are validated by ``comment_post``; this is
    the belt to its braces, so a ``javascript:`` address can never become a link).
"""

from __future__ import annotations

from urllib.parse import urlencode

import rules
from django import template
from django.urls import reverse

from proposals.discussions.models import Comment, Flag
from proposals.discussions.selectors import attach_open_flags, walk
from proposals.discussions.views import thread_url

register = template.Library()


@register.simple_tag
def flag_reasons():
    return Flag.Reason.choices


@register.filter
def http_url(value) -> str:
    value = str(value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


@register.simple_tag(takes_context=True)
def comments_context(context) -> dict:
    """Describe the thread's target for ``discussions/_comments.html``.

    The including page gives ``thread`` and either ``proposal``, ``contribution`` or
    ``chapter`` (a chapter's forum; with ``is_member``: only members post there). A page
    that already decided ``can_moderate`` (and set ``open_flags`` on the comments, as the
    consultation page does for a whole page of threads) passes it in the context; otherwise
    it is checked here, and the open flags are counted in one query for a moderator.
    """
    user = context.get("user")
    contribution = context.get("contribution")
    proposal = None if contribution is not None else context.get("proposal")
    chapter = context.get("chapter") if contribution is None and proposal is None else None
    thread = context.get("thread") or []
    # What the moderation rule is asked about: the target, or for a chapter's forum one of
    # its comments (its organisers moderate it, not the decision makers of its place).
    subject = None
    if contribution is not None:
        target, field = contribution, "contribution"
        is_open = not contribution.is_hidden
    elif chapter is not None:
        target, field, subject = chapter, "chapter", Comment(chapter=chapter)
        # Only active members post in the forum (``services.comment_post``).
        is_open = bool(context.get("is_member"))
    else:
        target, field = proposal, "proposal"
        is_open = proposal.status != proposal.Status.DRAFT
    url = thread_url(target)

    if "can_moderate" in context:
        can_moderate = bool(context["can_moderate"])
    else:
        can_moderate = user is not None and rules.has_perm(
            "discussions.moderate_content", user, subject or target
        )
        if can_moderate and thread:
            attach_open_flags(walk(thread))

    return {
        "target": target,
        # A chapter keeps no comment count: its forum counts the thread it shows.
        "count": getattr(target, "comment_count", None)
        if field != "chapter"
        else sum(1 for _comment in walk(thread)),
        "field": field,
        "key": f"{field}-{target.pk}",
        "url": url,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': url})}",
        "is_open": is_open,
        "can_moderate": can_moderate,
    }
