"""Demo content for challenges: the two founding practices and their challenges.

From the founding texts of Citizens & Societies: the 50/50 challenge (gender-balanced
legislative assemblies through Mixed Territorial Representation, 50 community groups) and
the Department of Peace challenge (one national community group per member state of the
United Nations — 192 in the old text; the goal here is read from country-converter's
``UNmember`` column, so it follows the packaged data: 193 today).

Loaded by ``manage.py load_demo`` (``challenges_demo.load()``); idempotent: running it
again creates nothing new and keeps what staff edited since, except that the practices stay
declared global and the Department of Peace's goal follows the packaged membership.

The two challenges are written directly rather than through ``services.challenge_create``:
they are the founding challenges, launched before anyone assessed their practices, and
``challenge_create`` (rightly) refuses a practice that is not yet a best practice.
"""

from __future__ import annotations

from django.db import transaction

from challenges.models import Challenge, Practice
from challenges.services import practice_refresh_global
from challenges.un import un_member_codes
from jurisdictions.models import Topic

MTR_SLUG = "mixed-territorial-representation"
PEACE_SLUG = "department-of-peace"

MTR_DESCRIPTION = """\
**Mixed Territorial Representation (MTR)** is an electoral practice for assemblies elected in
single-member districts: city councils, regional, provincial and state assemblies, national
parliaments.

When we first started to elect officials, the electoral system was designed in such a way that
women did not take part. Women vote and stand for election today, but the tool we use to elect
our representatives still creates the imbalance. MTR changes the tool:

- neighbouring districts are paired two by two into **mixed districts**, half as many as before;
- each mixed district elects **one woman and one man**: every voter chooses one woman among the
  women standing and one man among the men standing;
- the number of seats does not change, so the assembly is **exactly balanced**, 50 % women and
  50 % men, whoever sits today.

Why Citizens & Societies proposes it first:

1. it is very easy to put into operation: districts are paired, ballots change, nothing else;
2. it has a very large impact on 50 % of the world's population;
3. it generates no additional operating costs for governments: same seats, same elections;
4. it has a high return on societal investment in the short, medium and long term.

Try it on your own assembly with the MTR calculator on the 50/50 challenge page.
"""

PEACE_DESCRIPTION = """\
Most countries have a department of defence to protect themselves from possible attacks, but
hardly any has a department of peace.

A **Department of Peace** is a department (a ministry) of the national government whose mission
is to prevent, resolve and manage the tensions, frictions and conflicts that naturally arise
between people, groups and nations: understanding the causes of violence, mediation and
reconciliation, education for peace, and advice to the government on every decision that
affects peace, at home and abroad.

It balances the tools a society uses to protect itself: next to the means of defence, the means
of peace. Each nation sets it up within its own institutions and at the pace of its own capacity
for change.
"""

FIFTY_FIFTY_DESCRIPTION = """\
**Gender-balanced legislative assemblies: 50 % women, 50 % men.**

This is an equity challenge. Its goal is legislative assemblies, local, regional, provincial or
state, and national, with as many women as men. To get there, the electoral system itself has to
change: the practice proposed is Mixed Territorial Representation (MTR).

The bottom-up approach: **50 community groups**, local or national chapters, that promote the
50/50 balance where they live and work to have MTR implemented, by explaining it to their fellow
citizens and by addressing proposals to the assemblies that can change their electoral system.

It is a long-term goal: it may take decades before every democratic electoral system adopts
Mixed Territorial Representation. Every chapter that joins brings it closer.

Below, the share of women in the legislative assemblies on civic, and a calculator that shows
what MTR would do to your assembly.
"""

PEACE_CHALLENGE_DESCRIPTION = """\
**A department of peace in every member state of the United Nations.**

This is a peace challenge. Its objective is to ask every member state of the United Nations to
create a department of peace.

The bottom-up approach: **one national community group per member state**, a national chapter on
civic, that promotes a department of peace to its government and its parliament and works to
have it created. The goal is reached when every member state has a national chapter taking part.

Below, every member state and whether its national chapter has joined.
"""

PRACTICES = [
    # slug, title, domain, description
    (MTR_SLUG, "Mixed Territorial Representation (MTR)", Topic.Domain.ELECTIONS, MTR_DESCRIPTION),
    (PEACE_SLUG, "A Department of Peace", Topic.Domain.PEACE, PEACE_DESCRIPTION),
]


def _challenges() -> list[dict]:
    return [
        {
            "slug": "fifty-fifty",
            "practice": MTR_SLUG,
            "title": "50/50 — gender-balanced legislative assemblies",
            "kind": Challenge.Kind.GENDER_BALANCE,
            "goal": 50,
            "description": FIFTY_FIFTY_DESCRIPTION,
        },
        {
            "slug": "department-of-peace",
            "practice": PEACE_SLUG,
            "title": "Department of Peace",
            "kind": Challenge.Kind.PEACE,
            "goal": len(un_member_codes()),
            "description": PEACE_CHALLENGE_DESCRIPTION,
        },
    ]


@transaction.atomic
def load() -> dict[str, int]:
    """Create what is missing; returns how many practices and challenges were created."""
    created = {"practices": 0, "challenges": 0}
    practices = {}
    for slug, title, domain, description in PRACTICES:
        practice, new = Practice.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "domain": domain,
                "description": description,
                "declared_global": True,
            },
        )
        created["practices"] += new
        if not practice.declared_global:
            Practice.objects.filter(pk=practice.pk).update(declared_global=True)
        practice_refresh_global(practice=practice)
        practices[slug] = practice
    for spec in _challenges():
        spec = dict(spec)
        practice = practices[spec.pop("practice")]
        challenge, new = Challenge.objects.get_or_create(
            slug=spec.pop("slug"), defaults={"practice": practice, **spec}
        )
        created["challenges"] += new
        if challenge.kind == Challenge.Kind.PEACE and challenge.goal != spec["goal"]:
            Challenge.objects.filter(pk=challenge.pk).update(goal=spec["goal"])
    return created
