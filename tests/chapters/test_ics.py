"""The iCalendar feed of a chapter's meetings (RFC 5545), read back by a small parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from chapters import ics
from chapters.models import Meeting
from chapters.selectors import meetings_for_feed
from tests.chapters.factories import schedule

pytestmark = pytest.mark.django_db


def unfold(body: str) -> list[str]:
    """Content lines: CRLF line ends, folded lines joined (§3.1)."""
    assert body.endswith("\r\n")
    physical = body[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode("utf-8")) <= 75 for line in physical), "a line is not folded"
    lines: list[str] = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def parse(body: str) -> tuple[dict, list[dict]]:
    """(calendar properties, [event properties]) — names to raw (escaped) values."""
    calendar: dict[str, str] = {}
    events: list[dict[str, str]] = []
    stack: list[str] = []
    for line in unfold(body):
        name, _sep, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack == ["VCALENDAR"]:
            calendar[name] = value
        else:
            assert stack == ["VCALENDAR", "VEVENT"], line
            assert name not in events[-1], f"{name} twice"
            events[-1][name] = value
    assert stack == []
    return calendar, events


def feed(client, chapter):
    return client.get(reverse("chapters:calendar", kwargs={"slug": chapter.slug}))


def test_the_feed_is_a_calendar_of_the_chapters_meetings(client, paris_chapter, organiser):
    paris = ZoneInfo("Europe/Paris")
    starts = datetime(2099, 6, 15, 18, 30, tzinfo=paris)
    meeting = schedule(
        paris_chapter,
        organiser,
        title="Budget; priorities, and more",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Salle 2, 5 rue de Rivoli, Paris",
        description="Line one\nLine two with a backslash \\ in it",
    )

    response = feed(client, paris_chapter)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar, events = parse(response.content.decode("utf-8"))
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//civic//chapters//EN"
    assert calendar["METHOD"] == "PUBLISH"
    assert unescape(calendar["X-WR-CALNAME"]) == "Paris chapter"
    [event] = events
    assert event["UID"] == f"meeting-{meeting.pk}@127.0.0.1"
    assert event["DTSTART"] == "20990615T163000Z"  # 18:30 in Paris in June is 16:30 UTC
    assert event["DTEND"] == "20990615T183000Z"
    assert event["DTSTAMP"].endswith("Z") and len(event["DTSTAMP"]) == 16
    assert event["SUMMARY"] == "Budget\\; priorities\\, and more"
    assert unescape(event["SUMMARY"]) == "Budget; priorities, and more"
    assert event["LOCATION"] == "Salle 2\\, 5 rue de Rivoli\\, Paris"
    assert event["DESCRIPTION"] == "Line one\\nLine two with a backslash \\\\ in it"
    assert unescape(event["DESCRIPTION"]) == "Line one\nLine two with a backslash \\ in it"
    assert (
        event["URL"]
        == f"http://127.0.0.1:8000/chapters/{paris_chapter.slug}/meetings/{meeting.pk}/"
    )


def test_long_lines_are_folded_without_breaking_a_character(paris_chapter, organiser):
    title = "Réunion très éloignée — " * 8  # multi-byte characters across the 75-octet edge
    meeting = schedule(paris_chapter, organiser, title=title.strip())

    body = ics.calendar(paris_chapter, [meeting])

    raw_lines = body.split("\r\n")
    assert any(line.startswith(" ") for line in raw_lines)
    _calendar, [event] = parse(body)  # a split character would not decode
    assert unescape(event["SUMMARY"]) == title.strip()


def test_an_online_meeting_keeps_its_call_link_out_of_the_public_feed(
    client, paris_chapter, organiser
):
    schedule(paris_chapter, organiser, place="", online_url="https://meet.example.org/secret")

    body = feed(client, paris_chapter).content.decode()

    _calendar, [event] = parse(body)
    assert event["LOCATION"] == "Online meeting"
    assert "secret" not in body


def test_recent_and_coming_meetings_only(paris_chapter, organiser):
    old = schedule(paris_chapter, organiser, title="Long ago")
    recent = schedule(paris_chapter, organiser, title="Last month")
    now = timezone.now()
    Meeting.objects.filter(pk=old.pk).update(
        starts_at=now - timedelta(days=400), ends_at=now - timedelta(days=400, hours=-2)
    )
    Meeting.objects.filter(pk=recent.pk).update(
        starts_at=now - timedelta(days=30), ends_at=now - timedelta(days=30, hours=-2)
    )
    coming = schedule(paris_chapter, organiser, title="Next week")

    _calendar, events = parse(ics.calendar(paris_chapter, meetings_for_feed(paris_chapter)))
    assert [unescape(event["SUMMARY"]) for event in events] == ["Last month", coming.title]


def test_utc_times_whatever_the_time_zone_of_the_moment():
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=ZoneInfo("America/Montreal"))
    assert ics.utc(moment) == "20300102T080405Z"
    assert ics.utc(datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)) == "20300102T030405Z"


def test_the_feed_of_an_unknown_chapter_is_404(client, db):
    assert client.get("/chapters/nowhere/meetings.ics").status_code == 404
