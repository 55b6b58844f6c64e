"""Factories of the challenges app (a factory per model at the end) and builders for its
tests: practices through the services, assessments by as
many citizens as needed, chapters with their organisers, and the founding challenges.

Chapters are written with the chapters models directly (their services belong to the
chapters app); everything of this app goes through ``challenges.services``.
"""

from __future__ import annotations

import factory
from django.conf import settings

from challenges import services
from challenges.models import Assessment, Challenge, ChallengeFollow, Participation, Practice
from chapters.models import Chapter, Membership
from jurisdictions.models import Jurisdiction, Topic
from jurisdictions.services import jurisdiction_create
from tests.chapters.factories import ChapterFactory
from tests.civic.factories import CitizenFactory

GOOD = {"rating_citizens": 1, "rating_collectivities": 1, "rating_governments": 1, "freedom": "yes"}


def make_practice(author=None, *, places=(), **fields) -> Practice:
    values = {
        "title": "Participatory budgeting",
        "domain": Topic.Domain.ECONOMY,
        "description": "Citizens decide how to spend **part** of the budget.",
        "evidence_links": ["https://example.org/evaluation"],
    }
    values.update(fields)
    author = author or CitizenFactory()
    return services.practice_create(author=author, implemented_in=list(places), **values)


def assess(practice: Practice, count: int, **values) -> list:
    """``count`` new citizens assess ``practice`` (GOOD ratings unless told otherwise)."""
    ratings = {**GOOD, **values}
    return [
        services.assessment_save(practice=practice, citizen=CitizenFactory(), **ratings)[0]
        for _ in range(count)
    ]


def make_global_best(practice: Practice, staff) -> Practice:
    """Declared global by staff, assessed positively by enough citizens."""
    services.practice_update(practice=practice, actor=staff, declared_global=True)
    assess(practice, settings.BEST_PRACTICE_MIN_ASSESSMENTS)
    practice.refresh_from_db()
    assert practice.is_best_practice and practice.is_global
    return practice


def make_challenge(practice: Practice, staff, **fields) -> Challenge:
    values = {
        "title": "50/50 — gender-balanced legislative assemblies",
        "description": "Fifty community groups promote balanced assemblies.",
        "goal": 50,
        "kind": Challenge.Kind.GENDER_BALANCE,
    }
    values.update(fields)
    return services.challenge_create(practice=practice, actor=staff, **values)


def make_chapter(space: Jurisdiction, *, kind=Chapter.Kind.LOCAL, organiser=None, name=""):
    name = name or f"Chapter of {space.name} ({kind})"
    chapter = Chapter.objects.create(
        space=space, kind=kind, name=name, slug=f"{space.slug}-{kind}", member_count=0
    )
    if organiser is not None:
        Membership.objects.create(
            chapter=chapter,
            citizen=organiser,
            role=Membership.Role.ORGANISER,
            status=Membership.Status.ACTIVE,
        )
    return chapter


def make_local_chapters(count: int, organiser, *, parent: Jurisdiction) -> list[Chapter]:
    """``count`` cities under ``parent``, each with a local chapter ``organiser`` runs."""
    chapters = []
    for n in range(count):
        city = jurisdiction_create(
            name=f"Ville {parent.code} {n:03d}", kind=Jurisdiction.Kind.CITY, parent=parent
        )
        chapters.append(make_chapter(city, organiser=organiser))
    return chapters


def make_nation(name: str, code: str) -> Jurisdiction:
    return jurisdiction_create(
        name=name, kind=Jurisdiction.Kind.NATION, code=code, country_code=code
    )


# --- one factory per model: a row, directly -------------------------------------------------
class PracticeFactory(factory.django.DjangoModelFactory):
    """A practice proposed by a citizen, not yet assessed."""

    class Meta:
        model = Practice

    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    domain = Topic.Domain.EDUCATION
    description = "Citizens meet their representatives every month."
    created_by = factory.SubFactory(CitizenFactory)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A positive assessment, compatible with freedom (the practice's means are not updated:
    ``challenges.services.assessment_submit`` does that)."""

    class Meta:
        model = Assessment

    practice = factory.SubFactory(PracticeFactory)
    citizen = factory.SubFactory(CitizenFactory)
    rating_citizens = 1
    rating_collectivities = 1
    rating_governments = 1
    freedom = Assessment.Freedom.YES


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    practice = factory.SubFactory(PracticeFactory)
    slug = factory.Sequence(lambda n: f"challenge-{n}")
    title = factory.Sequence(lambda n: f"Challenge {n}")
    description = "Every chapter takes it to its assembly."
    goal = 50


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    challenge = factory.SubFactory(ChallengeFactory)
    chapter = factory.SubFactory(ChapterFactory)


class ChallengeFollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeFollow

    challenge = factory.SubFactory(ChallengeFactory)
    citizen = factory.SubFactory(CitizenFactory)
