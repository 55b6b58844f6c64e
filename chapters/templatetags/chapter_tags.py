"""Template tags of the chapter pages.

``{% space_chapters space %}``
    On a place's page: its chapters, and a "Start a chapter" button where one can be started
    (a city of more than ``CHAPTER_MIN_POPULATION`` people, a nation), or the rule that
    prevents it (a smaller city). Two queries; nothing at all for organisations, regions
    and counties, which have no chapters.
"""

from __future__ import annotations

from django import template

from chapters import selectors

register = template.Library()


@register.inclusion_tag("chapters/_space_chapters.html", takes_context=True)
def space_chapters(context, space):
    kind = selectors.default_kind(space)
    if kind is None:
        return {"space": space, "hidden": True}
    refusal = selectors.chapter_refusal(space=space, kind=kind)
    return {
        "space": space,
        "kind": kind,
        "chapters": selectors.chapters_of_space(space),
        "refusal": refusal,
        "can_start": not refusal,
        "user": context.get("user"),
    }
