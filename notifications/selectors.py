"""The inbox: personal rows merged with the audience stream of followed spaces.

Audience events are not copied per follower; a citizen sees the events of the spaces they
follow *now* (unfollowing stops them at once), created since they followed, minus their
own actions and minus events they were told about personally (never twice). Read state:
personal rows carry ``read_at``; audience events are read at or below the citizen's cursor
(``InboxState.audience_read_until``) or one by one (``AudienceRead``). Counts are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When

from jurisdictions.models import Follow
from notifications import pg, registry
from notifications.messages import Message, describe
from notifications.models import AudienceRead, Channel, Event, InboxState, Notification, Preference


def inbox_state(citizen) -> InboxState:
    state, _created = InboxState.objects.get_or_create(citizen=citizen)
    return state


def digest_of(citizen) -> str:
    """The citizen's digest frequency (the default until they choose), without writing."""
    chosen = InboxState.objects.filter(citizen=citizen).values_list("digest", flat=True).first()
    return chosen or InboxState._meta.get_field("digest").default


def _cursor(citizen) -> int:
    """Audience events up to this id are read (no row yet: nothing read)."""
    return (
        InboxState.objects.filter(citizen=citizen)
        .values_list("audience_read_until", flat=True)
        .first()
        or 0
    )


def disabled_kinds(citizen, channel: str = Channel.IN_APP) -> list[str]:
    return list(
        Preference.objects.filter(citizen=citizen, channel=channel, enabled=False).values_list(
            "kind", flat=True
        )
    )


def _personal(citizen, disabled, *, space=None, kind=None) -> QuerySet:
    qs = Notification.objects.filter(recipient=citizen).exclude(kind__in=disabled)
    if space is not None:
        qs = qs.filter(space=space)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def _audience(citizen, disabled, *, space=None, kind=None) -> QuerySet:
    follows = Follow.objects.filter(
        citizen=citizen, space_id=OuterRef("space_id"), created_at__lte=OuterRef("created_at")
    )
    told_personally = Notification.objects.filter(recipient=citizen, event_id=OuterRef("pk"))
    kinds = [k for k in registry.audience_kinds() if k not in disabled and (not kind or k == kind)]
    qs = (
        Event.objects.filter(
            kind__in=kinds, space_id__in=Follow.objects.filter(citizen=citizen).values("space_id")
        )
        .filter(Exists(follows))
        .exclude(actor=citizen)
        .exclude(Exists(told_personally))
    )
    if space is not None:
        qs = qs.filter(space=space)
    return qs


def in_inbox(citizen, event_id: int) -> bool:
    """Whether the event is in the citizen's inbox: a personal row, or their audience stream.

    Preferences are ignored (a muted item is still theirs to mark read).
    """
    return (
        Notification.objects.filter(recipient=citizen, event_id=event_id).exists()
        or _audience(citizen, []).filter(pk=event_id).exists()
    )


def _audience_kinds(disabled, kind=None) -> list[str]:
    return sorted(
        k for k in registry.audience_kinds() if k not in disabled and (not kind or k == kind)
    )


def unread_count(citizen) -> int:
    """Exactly how many notifications the citizen has not read (three queries)."""
    disabled = disabled_kinds(citizen)
    state = _cursor(citizen)
    if connection.vendor == "postgresql":
        return pg.unread_total(
            citizen_id=citizen.pk, disabled=disabled, kinds=_audience_kinds(disabled), cursor=state
        )
    personal = _personal(citizen, disabled).filter(read_at__isnull=True).count()
    marked = AudienceRead.objects.filter(citizen=citizen, event_id=OuterRef("pk"))
    audience = _audience(citizen, disabled).filter(id__gt=state).exclude(Exists(marked)).count()
    return personal + audience


@dataclass
class InboxItem:
    event: Event
    read: bool
    personal: bool
    message: Message

    @property
    def created_at(self) -> datetime:
        return self.event.created_at


def inbox_page(
    citizen, *, space=None, kind: str | None = None, before: int | None = None, size: int = 20
) -> tuple[list[InboxItem], int | None]:
    """One page of the inbox, newest first, and the cursor for the next page (or None).

    A UNION of the personal rows and one member per followed space. On PostgreSQL each
    member reads only its own newest ``size + 1`` rows from an index (``ORDER BY … LIMIT``
    inside the UNION), so the cost follows the page size, not the years of history; SQLite
    cannot limit inside a UNION and reads the members whole (same result). Five queries
    whatever the size of the tables: preferences, cursor, follows, the id page, the events.
    """
    disabled = disabled_kinds(citizen)
    cursor = _cursor(citizen)
    if connection.vendor == "postgresql":
        rows = pg.inbox_rows(
            citizen_id=citizen.pk, disabled=disabled, kinds=_audience_kinds(disabled, kind),
            cursor=cursor, size=size, space_id=getattr(space, "pk", None), kind=kind,
            before=before,
        )  # fmt: skip
        return _page_items(rows, size)
    follows = Follow.objects.filter(citizen=citizen)
    if space is not None:
        follows = follows.filter(space=space)
    follows = list(follows.values_list("space_id", "created_at"))
    kinds = [k for k in registry.audience_kinds() if k not in disabled and (not kind or k == kind)]
    bounded = connection.features.supports_slicing_ordering_in_compound

    def newest_first(queryset, key):
        return queryset.order_by(f"-{key}")[: size + 1] if bounded else queryset.order_by()

    personal = _personal(citizen, disabled, space=space, kind=kind)
    if before:
        personal = personal.filter(event_id__lt=before)
    members = [
        newest_first(
            personal.annotate(
                is_read=Case(
                    When(read_at__isnull=False, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                is_personal=Value(True, output_field=BooleanField()),
            ).values_list("event_id", "is_read", "is_personal"),
            "event_id",
        )
    ]
    marked = AudienceRead.objects.filter(citizen=citizen, event_id=OuterRef("pk"))
    told_personally = Notification.objects.filter(recipient=citizen, event_id=OuterRef("pk"))
    for space_id, since in follows if kinds else ():
        stream = (
            Event.objects.filter(space_id=space_id, created_at__gte=since, kind__in=kinds)
            .exclude(actor=citizen)
            .exclude(Exists(told_personally))
        )
        if before:
            stream = stream.filter(id__lt=before)
        members.append(
            newest_first(
                stream.annotate(
                    is_read=Case(
                        When(Q(id__lte=cursor) | Q(Exists(marked)), then=Value(True)),
                        default=Value(False),
                        output_field=BooleanField(),
                    ),
                    is_personal=Value(False, output_field=BooleanField()),
                ).values_list("id", "is_read", "is_personal"),
                "id",
            )
        )
    if len(members) > 1:
        rows = list(members[0].union(*members[1:], all=True).order_by("-event_id")[: size + 1])
    else:  # no audience stream: the personal rows alone, already newest first when bounded
        rows = list(members[0] if bounded else members[0].order_by("-event_id")[: size + 1])
    return _page_items(rows, size)


def _page_items(rows, size: int) -> tuple[list[InboxItem], int | None]:
    more = len(rows) > size
    rows = rows[:size]
    events = Event.objects.select_related(
        "space", "actor", "proposal", "consultation", "contribution__consultation",
        "comment__proposal", "comment__contribution__consultation",
    ).in_bulk([row[0] for row in rows])  # fmt: skip
    items = [
        InboxItem(
            event=events[eid],
            read=read,
            personal=personal_flag,
            message=describe(events[eid], personal=personal_flag),
        )
        for eid, read, personal_flag in rows
        if eid in events
    ]
    return items, (rows[-1][0] if more else None)


def newest_audience_event_id(citizen) -> int:
    """The id up to which "mark all as read" moves the cursor."""
    latest = _audience(citizen, []).order_by("-id").values_list("id", flat=True).first()
    return latest or 0


def preferences_of(citizen) -> list[dict]:
    """Each notifiable kind with the citizen's choice per channel (defaults applied)."""
    chosen = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(citizen=citizen)}
    return [
        {
            "kind": str(kind),
            "label": kind.preference,
            "in_app": chosen.get((kind, Channel.IN_APP), True),
            "email": chosen.get((kind, Channel.EMAIL), kind.email),
        }
        for kind in registry.notifiable()
    ]


def wants_email(citizen_ids, kind: str) -> QuerySet:
    """Of ``citizen_ids``, those who receive ``kind`` by email right away."""
    from civic.models import Citizen

    opted_out = Preference.objects.filter(kind=kind, channel=Channel.EMAIL, enabled=False)
    opted_in = Preference.objects.filter(kind=kind, channel=Channel.EMAIL, enabled=True)
    qs = Citizen.objects.filter(pk__in=citizen_ids, is_active=True, deleted_at__isnull=True)
    if kind in registry.emailed_by_default():
        return qs.exclude(pk__in=opted_out.values("citizen_id"))
    return qs.filter(pk__in=opted_in.values("citizen_id"))
