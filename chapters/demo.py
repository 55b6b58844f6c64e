"""Demo content for chapters, loaded by ``manage.py load_demo`` after the demo accounts.

- the local chapter of Paris (organisers approve each request), organised by
  organiser@civic.localhost, with a meeting next month, a first message in its forum and a
  request to join from citizen@civic.localhost waiting for the organiser;
- the local chapter of Montréal (open to all), organised by the same organiser;
- the national chapter of France (open to all), with no organiser yet: staff name one in
  the admin, and the organiser's admin shows that it is not theirs.

Idempotent: each step looks for what it would create. Places that are not loaded are skipped.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from chapters import services
from chapters.models import Chapter, Meeting, Membership
from civic.models import Citizen
from jurisdictions.demo import resolve
from proposals.discussions import services as discussions
from proposals.discussions.models import Comment

ORGANISER = "organiser@civic.localhost"
CITIZEN = "citizen@civic.localhost"
ADMIN = "admin@civic.localhost"

# place reference, kind, name, policy, organiser email (or None), description
CHAPTERS = [
    (
        "city:FR-IDF:Paris",
        Chapter.Kind.LOCAL,
        "Citizens & Societies — Paris",
        Chapter.Policy.APPROVAL,
        ORGANISER,
        "We promote societal best practices in Paris, starting with the 50/50 challenge: "
        "gender-balanced assemblies through the Mixed Territorial Representation.\n\n"
        "We meet once a month; every member is welcome to propose a practice to assess.",
    ),
    (
        "city:CA-QC:Montréal",
        Chapter.Kind.LOCAL,
        "Citoyens et Sociétés — Montréal",
        Chapter.Policy.OPEN,
        ORGANISER,
        "Le chapitre local de Montréal : des rencontres, des échanges respectueux et "
        "documentés, et les défis que nous relevons ensemble.",
    ),
    (
        "FR",
        Chapter.Kind.NATIONAL,
        "Citoyens et Sociétés — France",
        Chapter.Policy.OPEN,
        None,
        "Le chapitre national coordonne les chapitres locaux de France, notamment pour le "
        "défi 192 : un ministère de la Paix dans chaque pays.",
    ),
]

WELCOME = (
    "Welcome to the forum of the Paris chapter! Introduce yourself, and tell us which "
    "practice you would like the chapter to assess first."
)


def _next_month_evening() -> datetime:
    day = timezone.localdate() + timedelta(days=30)
    return timezone.make_aware(datetime.combine(day, time(18, 30)))


@transaction.atomic
def load() -> dict[str, int]:
    counts = {"chapters": 0, "meetings": 0, "requests": 0}
    admin = Citizen.objects.filter(email=ADMIN).first()
    organiser = Citizen.objects.filter(email=ORGANISER).first()
    citizen = Citizen.objects.filter(email=CITIZEN).first()
    if admin is None:
        return counts  # the demo accounts come first (load_demo)
    chapters = {}
    for ref, kind, name, policy, organiser_email, description in CHAPTERS:
        space = resolve(ref)
        if space is None:
            continue  # that country is not loaded
        chapter = Chapter.objects.filter(space=space, kind=kind).first()
        if chapter is None:
            first_organiser = organiser if organiser_email == ORGANISER else None
            chapter = services.chapter_create(
                actor=admin,
                space=space,
                kind=kind,
                name=name,
                description=description,
                policy=policy,
                organiser=first_organiser,
            )
        chapters[ref] = chapter
        counts["chapters"] += 1

    paris = chapters.get("city:FR-IDF:Paris")
    if paris is None or organiser is None:
        return counts
    if not paris.meetings.exists():
        starts_at = _next_month_evening()
        services.meeting_create(
            actor=organiser,
            chapter=paris,
            title="Monthly meeting: the 50/50 challenge in Paris",
            description="Agenda: welcome of new members, the MTR calculator on the Conseil "
            "de Paris, next steps of the challenge.",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            place="Maison des associations, 8 rue du Général Renault, 75011 Paris",
            online_url="",
            capacity=30,
        )
    counts["meetings"] = Meeting.objects.filter(chapter=paris).count()
    if not Comment.objects.filter(chapter=paris).exists():
        discussions.comment_post(author=organiser, text=WELCOME, chapter=paris)
    if citizen is not None:
        # Once only: after the organiser's answer, a second load leaves it as it is.
        if not Membership.objects.filter(chapter=paris, citizen=citizen).exists():
            services.membership_join(citizen=citizen, chapter=paris)
        counts["requests"] = Membership.objects.filter(
            chapter=paris, status=Membership.Status.PENDING
        ).count()
    return counts
