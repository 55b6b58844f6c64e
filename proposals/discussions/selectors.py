"""Reads of the discussions: threads, open flags, and the content a form or URL names.

A thread is built in Python from one flat query, so its depth costs nothing; a page of
contributions gets all its threads in one query (``attach_threads``), and a moderator's page
its open-flag counts in one more (``attach_open_flags``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from proposals.discussions.models import Comment, Flag, Moderated


def comments() -> QuerySet:
    """Comments with what their address, space and permission checks read (one query)."""
    return Comment.objects.select_related(
        "author",
        "hidden_by",
        "proposal__space",
        "contribution__consultation__space",
        "chapter__space",
    )


def _tree(flat: list[Comment], roots_of) -> None:
    """Give each comment ``children``; ``roots_of(comment)`` is the list a root joins."""
    by_id = {comment.pk: comment for comment in flat}
    for comment in flat:
        comment.children = []
    for comment in flat:
        parent = by_id.get(comment.parent_id)
        (parent.children if parent else roots_of(comment)).append(comment)


def with_open_flags(queryset: QuerySet) -> QuerySet:
    """``open_flags`` on each comment: its flags not dismissed yet (a subquery, so the same
    query), for a moderator's view of a thread."""
    counts = (
        open_flags()
        .filter(comment=OuterRef("pk"))
        .order_by()
        .values("comment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(open_flags=Coalesce(Subquery(counts, output_field=IntegerField()), 0))


def comment_thread(
    *, proposal=None, contribution=None, chapter=None, for_moderator: bool = False
) -> list[Comment]:
    """The thread of a proposal, a contribution or a chapter's forum: the root comments,
    each with ``children`` (a list), oldest first, in one query; with ``open_flags`` on
    each comment for a moderator (``for_moderator``)."""
    target = {"proposal": proposal, "contribution": contribution, "chapter": chapter}
    [(field, value)] = [(name, obj) for name, obj in target.items() if obj is not None]
    queryset = (
        Comment.objects.filter(**{field: value})
        .select_related("author", "hidden_by")
        .order_by("created_at", "id")
    )
    flat = list(with_open_flags(queryset) if for_moderator else queryset)
    roots: list[Comment] = []
    _tree(flat, lambda comment: roots)
    return roots


def attach_threads(contributions: list) -> list[Comment]:
    """Give each contribution its ``thread`` (as ``comment_thread`` builds it), all in one
    query for the whole page. Returns every comment, flat."""
    by_id = {contribution.pk: contribution for contribution in contributions}
    for contribution in contributions:
        contribution.thread = []
    if not by_id:
        return []
    flat = list(
        Comment.objects.filter(contribution_id__in=by_id)
        .select_related("author", "hidden_by")
        .order_by("created_at", "id")
    )
    for comment in flat:
        comment.contribution = by_id[comment.contribution_id]
    _tree(flat, lambda comment: by_id[comment.contribution_id].thread)
    return flat


def walk(thread: Iterable[Comment]):
    """Every comment of a thread (roots with ``children``), depth first."""
    for comment in thread:
        yield comment
        yield from walk(getattr(comment, "children", ()))


def open_flags() -> QuerySet:
    return Flag.objects.filter(dismissed_at__isnull=True)


def attach_open_flags(items: Iterable[Moderated]) -> None:
    """Set ``open_flags`` (flags not dismissed yet) on each comment and contribution of
    ``items``, in one query: what moderators see next to each item."""
    items = list(items)
    for item in items:
        item.open_flags = 0
    if not items:
        return
    by_kind: dict[str, dict[int, Moderated]] = {}
    for item in items:
        by_kind.setdefault(item._meta.model_name, {})[item.pk] = item
    condition = Q()
    for kind, found in by_kind.items():
        condition |= Q(**{f"{kind}__in": list(found)})
    rows = open_flags().filter(condition).values("comment_id", "contribution_id")
    for row in rows.annotate(n=Count("id")):
        kind = "comment" if row["comment_id"] else "contribution"
        by_kind[kind][row[f"{kind}_id"]].open_flags = row["n"]


def moderated_model(kind: str) -> type[Moderated] | None:
    """The model a flag or moderation names by ``kind`` ("comment", "contribution"): the
    target of ``Flag``'s foreign key of that name, so no other app is imported here."""
    try:
        field = Flag._meta.get_field(kind)
    except FieldDoesNotExist:
        return None
    model = getattr(field, "related_model", None)
    return model if isinstance(model, type) and issubclass(model, Moderated) else None


def moderated_content(kind: str, pk: int) -> Moderated | None:
    """The comment or contribution ``kind`` + ``pk`` name, with its space, or None."""
    model = moderated_model(kind)
    if model is None:
        return None
    if model is Comment:
        return comments().filter(pk=pk).first()
    return (
        model.objects.select_related("author", "hidden_by", "consultation__space")
        .filter(pk=pk)
        .first()
    )
