"""The iCalendar (RFC 5545) feed of a chapter's meetings, written by hand.

Only what a calendar needs to subscribe: one ``VCALENDAR`` (``METHOD:PUBLISH``) with one
``VEVENT`` per meeting, each with a stable ``UID``, ``DTSTAMP``, ``DTSTART``/``DTEND`` in UTC
(the ``Z`` form: no ``VTIMEZONE`` to ship), ``SUMMARY``, ``DESCRIPTION``, ``LOCATION`` and
``URL`` (the meeting's page: the video-call link of an online meeting is shown to members
there, never in this public feed). Text values are escaped (§3.3.11: backslash, semicolon,
comma, newline) and every content line is folded at 75 octets without splitting a UTF-8
character (§3.1); lines end with CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from chapters.models import Chapter, Meeting

CRLF = "\r\n"
MAX_OCTETS = 75
PRODID = "-//civic//chapters//EN"


def escape_text(value: str) -> str:
    """A TEXT value (§3.3.11): ``\\`` ``;`` ``,`` escaped, newlines as ``\\n``."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def utc(moment: datetime) -> str:
    """A DATE-TIME in UTC, the ``Z`` form: ``20250101T180000Z``."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with one space)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            # A continuation line starts with the folding space, which counts.
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _uri(value: str) -> str:
    # A URI value is not escaped; it must simply not break the line.
    return value.replace("\r", "").replace("\n", "")


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "civic.localhost"


def _event(meeting: Meeting, *, stamp: datetime, domain: str) -> list[str]:
    page = settings.SITE_URL + meeting.get_absolute_url()
    # The feed is public: a video-call link would invite strangers into the call. Members
    # find it on the meeting page (``URL``), signed in.
    location = meeting.place or _("Online meeting")
    description = meeting.description
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{domain}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        f"SUMMARY:{escape_text(meeting.title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    lines += [f"URL:{_uri(page)}", "END:VEVENT"]
    return lines


def calendar(chapter: Chapter, meetings: Iterable[Meeting], *, now: datetime | None = None) -> str:
    """The feed as text (CRLF line ends); encode it as UTF-8 to serve it."""
    stamp = now or timezone.now()
    domain = _uid_domain()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(chapter.name)}",
    ]
    for meeting in meetings:
        lines += _event(meeting, stamp=stamp, domain=domain)
    lines.append("END:VCALENDAR")
    return CRLF.join(fold(line) for line in lines) + CRLF
