"""Template tags of the consultation and comment pages.

``{% space_consultations space %}``
    The open consultations of a space, for its page (one query, plus one permission check
    for a signed-in visitor).
``{% comments_context as cx %}``
    What ``proposals/_comments.html`` needs besides ``thread``: the target, its form ids and
    whether the visitor moderates it.
``{{ url|http_url }}``
    The URL if it is http(s), else "" (sources are validated by ``comment_post``; this is
    the belt to its braces, so a ``javascript:`` address can never become a link).
"""

from __future__ import annotations

from urllib.parse import urlencode

import rules
from django import template
from django.db.models import Count
from django.urls import reverse

from proposals.models import Comment, Flag
from proposals.selectors import consultation_list
from proposals.views_consultations import contribution_url

register = template.Library()

SPACE_PAGE_LIMIT = 5


@register.inclusion_tag("consultations/_space_consultations.html", takes_context=True)
def space_consultations(context, space, limit: int = SPACE_PAGE_LIMIT):
    user = context.get("user")
    return {
        "space": space,
        "consultations": list(consultation_list(space=space, state="open")[:limit]),
        "can_open": user is not None and rules.has_perm("proposals.open_consultation", user, space),
    }


@register.simple_tag
def flag_reasons():
    return Flag.Reason.choices


@register.filter
def http_url(value) -> str:
    value = str(value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


def _walk(comments):
    for comment in comments:
        yield comment
        yield from _walk(getattr(comment, "children", ()))


@register.simple_tag(takes_context=True)
def comments_context(context) -> dict:
    """Describe the thread's target for ``proposals/_comments.html``.

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
    # What the moderation rule is asked about: the target, or for a chapter's forum one of
    # its comments (its organisers moderate it, not the decision makers of its place).
    subject = None
    if contribution is not None:
        target, field = contribution, "contribution"
        url = contribution_url(contribution, f"comments-contribution-{contribution.pk}")
        is_open = not contribution.is_hidden
    elif chapter is not None:
        target, field, subject = chapter, "chapter", Comment(chapter=chapter)
        url = f"{chapter.get_absolute_url()}#comments-chapter-{chapter.pk}"
        # Only active members post in the forum (``services.comment_post``).
        is_open = bool(context.get("is_member"))
    else:
        target, field = proposal, "proposal"
        url = f"{proposal.get_absolute_url()}#comments-proposal-{proposal.pk}"
        is_open = proposal.status != proposal.Status.DRAFT

    if "can_moderate" in context:
        can_moderate = bool(context["can_moderate"])
    else:
        can_moderate = user is not None and rules.has_perm(
            "proposals.moderate_content", user, subject or target
        )
        thread = context.get("thread") or []
        if can_moderate and thread:
            comments = {comment.pk: comment for comment in _walk(thread)}
            for comment in comments.values():
                comment.open_flags = 0
            rows = (
                Flag.objects.filter(dismissed_at__isnull=True, comment__in=list(comments))
                .values("comment_id")
                .annotate(n=Count("id"))
            )
            for row in rows:
                comments[row["comment_id"]].open_flags = row["n"]

    return {
        "target": target,
        # A chapter keeps no comment count: its forum counts the thread it shows.
        "count": getattr(target, "comment_count", None)
        if field != "chapter"
        else sum(1 for _comment in _walk(context.get("thread") or [])),
        "field": field,
        "key": f"{field}-{target.pk}",
        "url": url,
        "login_url": f"{reverse('account_login')}?{urlencode({'next': url})}",
        "is_open": is_open,
        "can_moderate": can_moderate,
    }
