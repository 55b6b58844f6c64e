"""Reads of chapters that cross models or depend on who is asking.

Each returns a queryset or a small value in a fixed number of queries, whatever the number
of rows (the chapter page pins its count in ``tests/chapters/test_views.py``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from chapters.models import RSVP, Chapter, Meeting, Membership
from jurisdictions.models import Jurisdiction

# How far back the calendar feed goes: calendars keep recent history.
FEED_HISTORY = timedelta(days=180)
FEED_LIMIT = 500


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def default_kind(space: Jurisdiction) -> str | None:
    """The kind of chapter a place can have: local for a city, national for a nation."""
    return {
        Jurisdiction.Kind.CITY: Chapter.Kind.LOCAL,
        Jurisdiction.Kind.NATION: Chapter.Kind.NATIONAL,
    }.get(space.kind)


def chapter_refusal(*, space: Jurisdiction, kind: str | None) -> str:
    """Why a chapter of ``kind`` cannot be created for ``space`` ("" when it can).

    Local chapters are for cities of more than ``settings.CHAPTER_MIN_POPULATION`` people
    (the founding texts: "urban areas of more than 250 000 citizens"); national chapters for
    nations; one chapter of each kind per place.
    """
    minimum = settings.CHAPTER_MIN_POPULATION
    if kind == Chapter.Kind.LOCAL:
        if space.kind != Jurisdiction.Kind.CITY:
            return _("A local chapter is for a city; %(place)s is not one.") % {"place": space.name}
        if space.population is None:
            return _(
                "Local chapters are for cities of more than %(minimum)s people; the "
                "population of %(place)s is not known."
            ) % {"minimum": _number(minimum), "place": space.name}
        if space.population <= minimum:
            return _(
                "Local chapters are for cities of more than %(minimum)s people; "
                "%(place)s has %(population)s."
            ) % {
                "minimum": _number(minimum),
                "place": space.name,
                "population": _number(space.population),
            }
    elif kind == Chapter.Kind.NATIONAL:
        if space.kind != Jurisdiction.Kind.NATION:
            return _("A national chapter is for a nation; %(place)s is not one.") % {
                "place": space.name
            }
    else:
        return _("Chapters are local (a city) or national (a nation).")
    existing = Chapter.objects.filter(space=space, kind=kind).only("name").first()
    if existing is not None:
        label = Chapter.Kind(kind).label.lower()
        return _("%(place)s already has a %(kind)s: %(name)s.") % {
            "place": space.name,
            "kind": label,
            "name": existing.name,
        }
    return ""


def chapter_list(*, search: str = "", kind: str = "") -> QuerySet:
    """Chapters with their place, by name (filters ignored when empty or unknown)."""
    chapters = Chapter.objects.select_related("space")
    search = search.strip()
    if search:
        chapters = chapters.filter(Q(name__icontains=search) | Q(space__name__icontains=search))
    if kind in Chapter.Kind.values:
        chapters = chapters.filter(kind=kind)
    return chapters.order_by("name", "pk")


def chapters_of_space(space: Jurisdiction) -> list[Chapter]:
    return list(Chapter.objects.filter(space=space).order_by("kind"))


def chapter_for_page(slug: str) -> Chapter:
    """The chapter of a page, with its place (``Chapter.DoesNotExist`` if unknown)."""
    return Chapter.objects.select_related("space").get(slug=slug)


def organisers_of(chapter: Chapter) -> list:
    """The chapter's active organisers (citizens), in the order they became members."""
    return [
        membership.citizen
        for membership in Membership.objects.organisers()
        .filter(chapter=chapter)
        .select_related("citizen")
        .order_by("created_at", "pk")
    ]


def membership_of(citizen, chapter: Chapter) -> Membership | None:
    if not getattr(citizen, "is_authenticated", False):
        return None
    return Membership.objects.filter(chapter=chapter, citizen=citizen).first()


def upcoming_meetings(chapter: Chapter) -> QuerySet:
    """Meetings not over yet, soonest first."""
    return chapter.meetings.filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")


def rsvped_meeting_ids(citizen, meetings) -> set[int]:
    if not getattr(citizen, "is_authenticated", False):
        return set()
    return set(
        RSVP.objects.filter(citizen=citizen, meeting__in=meetings).values_list(
            "meeting_id", flat=True
        )
    )


def challenges_joined(chapter: Chapter) -> list:
    """The challenges the chapter joined (``challenges.Participation``), oldest first."""
    from challenges.models import Participation

    return [
        participation.challenge
        for participation in Participation.objects.filter(chapter=chapter)
        .select_related("challenge")
        .order_by("joined_at", "pk")
    ]


def pending_requests(chapter: Chapter) -> QuerySet:
    return (
        Membership.objects.filter(chapter=chapter, status=Membership.Status.PENDING)
        .select_related("citizen")
        .order_by("created_at", "pk")
    )


def other_active_members(chapter: Chapter, citizen) -> QuerySet:
    """Who a leaving organiser can hand the chapter over to."""
    return (
        Membership.objects.active()
        .filter(chapter=chapter)
        .exclude(citizen=citizen)
        .select_related("citizen")
        .order_by("citizen__display_name", "pk")
    )


def chapters_organised_by(citizen) -> QuerySet:
    """The chapters ``citizen`` is an active organiser of (a subquery-friendly queryset)."""
    return Chapter.objects.filter(
        memberships__citizen=citizen,
        memberships__role=Membership.Role.ORGANISER,
        memberships__status=Membership.Status.ACTIVE,
    )


def members_for_export(memberships: QuerySet) -> QuerySet:
    """Active memberships to export, with the citizen and the chapter, by chapter and name.

    Callers print ``citizen.email`` only where ``share_email`` is true: the member's consent.
    """
    return (
        memberships.filter(status=Membership.Status.ACTIVE)
        .select_related("citizen", "chapter")
        .order_by("chapter__name", "citizen__display_name", "pk")
    )


def meetings_for_feed(chapter: Chapter) -> QuerySet:
    """The meetings of the chapter's calendar feed: recent and to come (bounded)."""
    since = timezone.now() - FEED_HISTORY
    return chapter.meetings.filter(ends_at__gte=since).order_by("starts_at", "pk")[:FEED_LIMIT]


def meeting_for_page(slug: str, pk: int) -> Meeting:
    return Meeting.objects.select_related("chapter__space", "created_by").get(
        chapter__slug=slug, pk=pk
    )
