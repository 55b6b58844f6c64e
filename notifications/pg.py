"""PostgreSQL fast paths for the inbox (the ORM versions in ``selectors`` stay the reference
and serve SQLite; both give the same rows — the test suite runs on both databases).

Each followed space's stream is read with ``CROSS JOIN LATERAL … ORDER BY id DESC LIMIT``
on ``event_space_stream_idx``, so a page costs what the page holds, not the years of
history; the follow's ``created_at`` bounds each stream (no correlated lookup per event).
Written as SQL because the ORM cannot express a LATERAL join, and because compiling the
equivalent nested querysets cost more Python time than the query itself (make bench).
"""

from __future__ import annotations

from django.db import connection

_TOLD_PERSONALLY = """NOT EXISTS (SELECT 1 FROM notifications_notification p
                             WHERE p.recipient_id = %(citizen)s AND p.event_id = e.id)"""

_STREAM = """
  FROM jurisdictions_follow f
  CROSS JOIN LATERAL (
        SELECT e.id FROM notifications_event e
         WHERE e.space_id = f.space_id AND e.created_at >= f.created_at
           AND e.kind = ANY(%(kinds)s) AND e.actor_id IS DISTINCT FROM %(citizen)s
           {told_personally} {event_filters}
         ORDER BY e.id DESC {limit}) e
 WHERE f.citizen_id = %(citizen)s {follow_filters}
"""

_PAGE = f"""
SELECT event_id, is_read, is_personal FROM (
  (SELECT n.event_id, n.read_at IS NOT NULL AS is_read, true AS is_personal
     FROM notifications_notification n
    WHERE n.recipient_id = %(citizen)s AND NOT (n.kind = ANY(%(disabled)s)) {{personal_filters}}
    ORDER BY n.event_id DESC LIMIT %(limit)s)
  UNION ALL
  (SELECT e.id, e.id <= %(cursor)s OR EXISTS (
            SELECT 1 FROM notifications_audienceread r
             WHERE r.citizen_id = %(citizen)s AND r.event_id = e.id), false
   {_STREAM})
) page
ORDER BY event_id DESC LIMIT %(limit)s
"""

# The audience count reads the stream index alone (covering index, migration 0003): the
# few personal rows that duplicate an audience event are counted apart and subtracted,
# instead of an anti-join per event.
_UNREAD = f"""
SELECT (SELECT count(*) FROM notifications_notification n
         WHERE n.recipient_id = %(citizen)s AND n.read_at IS NULL
           AND NOT (n.kind = ANY(%(disabled)s)))
     + (SELECT count(*) {_STREAM})
     - (SELECT count(*) FROM notifications_notification p
          JOIN notifications_event e ON e.id = p.event_id
          JOIN jurisdictions_follow f ON f.space_id = e.space_id AND f.citizen_id = %(citizen)s
         WHERE p.recipient_id = %(citizen)s AND e.created_at >= f.created_at
           AND e.kind = ANY(%(kinds)s) AND e.actor_id IS DISTINCT FROM %(citizen)s
           {{event_filters}})
"""


def inbox_rows(*, citizen_id, disabled, kinds, cursor, size, space_id=None, kind=None,
               before=None) -> list[tuple[int, bool, bool]]:  # fmt: skip
    """(event id, read, personal) of one inbox page, newest first (``size + 1`` rows)."""
    personal = ""
    events = ""
    follows = ""
    if space_id is not None:
        personal += " AND n.space_id = %(space)s"
        follows += " AND f.space_id = %(space)s"
    if kind:
        personal += " AND n.kind = %(kind)s"
    if before:
        personal += " AND n.event_id < %(before)s"
        events += " AND e.id < %(before)s"
    sql = _PAGE.format(
        personal_filters=personal,
        event_filters=events,
        follow_filters=follows,
        limit="LIMIT %(limit)s",
        told_personally=f"AND {_TOLD_PERSONALLY}",
    )
    params = {
        "citizen": citizen_id, "disabled": list(disabled), "kinds": list(kinds),
        "cursor": cursor, "limit": size + 1, "space": space_id, "kind": kind, "before": before,
    }  # fmt: skip
    with connection.cursor() as cursor_:
        cursor_.execute(sql, params)
        return [(row[0], bool(row[1]), bool(row[2])) for row in cursor_.fetchall()]


def unread_total(*, citizen_id, disabled, kinds, cursor) -> int:
    """Personal rows unread plus audience events above the cursor not marked one by one."""
    events = (
        " AND e.id > %(cursor)s AND NOT EXISTS (SELECT 1 FROM notifications_audienceread r"
        " WHERE r.citizen_id = %(citizen)s AND r.event_id = e.id)"
    )
    sql = _UNREAD.format(event_filters=events, follow_filters="", limit="", told_personally="")
    params = {"citizen": citizen_id, "disabled": list(disabled), "kinds": list(kinds),
              "cursor": cursor}  # fmt: skip
    with connection.cursor() as cursor_:
        cursor_.execute(sql, params)
        return int(cursor_.fetchone()[0])
