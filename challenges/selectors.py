"""Reads of practices and challenges that cross models or depend on who asks.

Every list here is a bounded number of queries whatever its length (tests pin them).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from challenges.models import Assessment, Challenge, ChallengeFollow, Participation, Practice
from challenges.un import MemberState, country_name, un_member_states
from civic.models import Citizen
from jurisdictions.models import Body, Jurisdiction

# Below this many declared genders, a body's share of women is not shown: with three
# members, "33 % women" points at one person (the competences statistics hide groups below
# 10 likewise).
MIN_DECLARED_FOR_SHARE = 10
# The share is shown rounded to this many percent ("about 40 % women").
SHARE_STEP = 10


# --- Practices -------------------------------------------------------------------------------


def practice_list(*, domain: str = "", best: bool = False, global_only: bool = False):
    """Practices, best first; filtered by domain, best practices only, global only."""
    practices = Practice.objects.all()
    if domain:
        practices = practices.filter(domain=domain)
    if best:
        practices = practices.filter(is_best_practice=True)
    if global_only:
        practices = practices.filter(is_global=True)
    return practices


def practice_for_page(*, slug: str) -> Practice:
    """The practice with its author, implementing places and challenges (3 queries)."""
    return (
        Practice.objects.select_related("created_by")
        .prefetch_related(
            Prefetch(
                "implemented_in",
                queryset=Jurisdiction.objects.order_by("label").only(
                    "id", "name", "slug", "label", "kind"
                ),
            ),
            Prefetch("challenges", queryset=Challenge.objects.order_by("created_at")),
        )
        .get(slug=slug)
    )


def assessment_of(citizen, practice: Practice) -> Assessment | None:
    if not getattr(citizen, "is_authenticated", False):
        return None
    return Assessment.objects.filter(practice=practice, citizen=citizen).first()


def recent_comments(practice: Practice, *, limit: int = 20):
    """The latest assessments with a comment, their authors by public name (1 query)."""
    return (
        Assessment.objects.filter(practice=practice)
        .exclude(comment="")
        .select_related("citizen")
        .order_by("-updated_at")[:limit]
    )


def adoption_proposals(practice: Practice, *, limit: int = 10):
    """Public proposals to adopt ``practice`` somewhere, newest first (1 query; drafts are
    their authors' only)."""
    from proposals.models import Proposal

    return (
        Proposal.objects.public()
        .filter(practice=practice)
        .select_related("space")
        .order_by("-created_at")[:limit]
    )


# --- Challenges ------------------------------------------------------------------------------


def challenge_list(*, user=None):
    """Every challenge with its practice; ``followed`` annotated for a signed-in citizen."""
    challenges = Challenge.objects.select_related("practice").order_by("created_at")
    if user is not None and user.is_authenticated:
        challenges = challenges.annotate(
            followed=Exists(ChallengeFollow.objects.filter(challenge=OuterRef("pk"), citizen=user))
        )
    return challenges


def participations_of(challenge: Challenge):
    """The chapters taking part, first joined first, with their place (1 query)."""
    return (
        Participation.objects.filter(challenge=challenge)
        .select_related("chapter", "chapter__space")
        .order_by("joined_at", "pk")
    )


def is_following(user, challenge: Challenge) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ChallengeFollow.objects.filter(challenge=challenge, citizen=user).exists()


def chapters_organised_by(user):
    """The chapters ``user`` organises (active organiser membership), by name."""
    from chapters.models import Chapter, Membership

    if not getattr(user, "is_authenticated", False):
        return Chapter.objects.none()
    organised = Membership.objects.organisers().filter(citizen=user).values("chapter_id")
    return Chapter.objects.filter(pk__in=organised).select_related("space").order_by("name")


def join_choices(user, challenge: Challenge) -> dict:
    """What the join box offers ``user``: chapters they organise that may join, and those
    already in (which they may take out). Two queries."""
    chapters = list(
        chapters_organised_by(user).annotate(
            joined=Exists(Participation.objects.filter(challenge=challenge, chapter=OuterRef("pk")))
        )
    )
    return {
        "can_join": [c for c in chapters if not c.joined],
        "can_leave": [c for c in chapters if c.joined],
    }


# --- The 50/50 challenge: women in the legislative assemblies --------------------------------


@dataclass
class AssemblyBalance:
    body: Body
    mandates: int  # current mandates
    declared: int  # of them, held by citizens who declared a gender
    women: int

    @property
    def share_shown(self) -> bool:
        return self.declared >= MIN_DECLARED_FOR_SHARE

    @property
    def women_percent(self) -> int | None:
        if not self.share_shown:
            return None
        return shown_share(
            body_id=self.body.pk, mandates=self.mandates, declared=self.declared, women=self.women
        )


def shown_share(*, body_id: int, mandates: int, declared: int, women: int) -> int:
    """The share of women an assembly shows, in percent, rounded to ``SHARE_STEP``.

    The count of women gets Laplace noise of scale 1 (ε = 1 for one member's gender) drawn
    from a keyed hash of the assembly's true state. Comparing the page before and after one
    member joins therefore tells little about that member's gender (the figure moves by the
    noise, not by them), and looking again and again at one state shows the same figure, so
    averaging learns nothing. The key is ``SECRET_KEY``: without it the noise is unknown.
    """
    message = f"fifty-fifty:{body_id}:{mandates}:{declared}:{women}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    uniform = (int.from_bytes(digest[:8], "big") + 0.5) / 2**64 - 0.5  # in (-0.5, 0.5)
    noise = -math.copysign(1.0, uniform) * math.log(1 - 2 * abs(uniform))
    percent = 100 * (women + noise) / declared
    return int(min(100, max(0, SHARE_STEP * round(percent / SHARE_STEP))))


def legislative_balance(*, on=None) -> list[AssemblyBalance]:
    """Each legislative assembly with its current mandates and, in aggregate only, how
    many are held by women (self-declared). One query for every body.

    Only counts leave the database: never who declared what. The page hides the share below
    ``MIN_DECLARED_FOR_SHARE`` declared genders and shows it with noise otherwise
    (``shown_share``), so that it never points at one member.
    """
    day = on or timezone.localdate()
    current = Q(mandates__start_date__lte=day) & (
        Q(mandates__end_date__isnull=True) | Q(mandates__end_date__gte=day)
    )
    declared = current & ~Q(mandates__citizen__gender="")
    bodies = (
        Body.objects.filter(kind=Body.Kind.LEGISLATIVE)
        .select_related("space")
        .annotate(
            n_mandates=Count("mandates", filter=current),
            n_declared=Count("mandates", filter=declared),
            n_women=Count(
                "mandates", filter=current & Q(mandates__citizen__gender=Citizen.Gender.WOMAN)
            ),
        )
        .order_by("space__label", "name")
    )
    return [
        AssemblyBalance(body=b, mandates=b.n_mandates, declared=b.n_declared, women=b.n_women)
        for b in bodies
    ]


# --- The Department of Peace challenge: one national chapter per UN member state ----------


@dataclass
class NationRow:
    state: MemberState
    name: str
    chapter: object | None  # the national chapter, if there is one
    joined: bool


def peace_nations(challenge: Challenge) -> list[NationRow]:
    """The UN member states (packaged table), each with its national chapter and whether
    that chapter takes part in ``challenge``. One query."""
    from chapters.models import Chapter

    chapters = (
        Chapter.objects.filter(kind=Chapter.Kind.NATIONAL)
        .exclude(space__country_code="")
        .annotate(
            joined=Exists(Participation.objects.filter(challenge=challenge, chapter=OuterRef("pk")))
        )
        .select_related("space")
    )
    by_country = {chapter.space.country_code: chapter for chapter in chapters}
    rows = []
    for state in un_member_states():
        chapter = by_country.get(state.alpha_2)
        rows.append(
            NationRow(
                state=state,
                name=country_name(state),
                chapter=chapter,
                joined=bool(chapter and chapter.joined),
            )
        )
    rows.sort(key=lambda row: _sort_key(row.name))
    return rows


def _sort_key(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()


def practice_counts() -> dict:
    """For the practices page header: how many practices, best and global best (1 query)."""
    return Practice.objects.aggregate(
        total=Count("pk"),
        best=Count("pk", filter=Q(is_best_practice=True)),
        global_best=Count("pk", filter=Q(is_best_practice=True, is_global=True)),
    )
