"""Demo participation (idempotent): proposals at several stages, a consultation, comments.

Everything goes through the services, so the demo also has its history, receipts, audit
entries and notifications, exactly as if citizens had clicked.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from civic.models import Citizen
from jurisdictions.demo import resolve
from jurisdictions.models import Topic
from proposals import services
from proposals.consultations import services as consultations
from proposals.consultations.models import Consultation
from proposals.discussions import services as discussions
from proposals.models import Proposal

VOICES = [
    ("lucas@civic.localhost", "Lucas Petit"),
    ("aicha@civic.localhost", "Aïcha Benali"),
]

PROPOSALS = [
    # author, space, topic, title, text, impacts (c, col, gov), stage
    (
        "citizen@civic.localhost",
        "city:FR-IDF:Paris",
        "household-waste",
        "Collect bio-waste every week in every arrondissement",
        "Food waste is a third of our bins. A **weekly** collection of bio-waste, with a "
        "small bin per flat, would cut incineration and feed local compost.\n\n"
        "- pilot in two arrondissements\n- extend city-wide in 2028",
        (1, 2, 1),
        "answered",
    ),
    (
        "lucas@civic.localhost",
        "city:FR-IDF:Paris",
        "local-roads",
        "Make the streets around schools car-free at opening and closing times",
        "School streets protect children from traffic and pollution. Close the street in "
        "front of each school for 30 minutes at the start and the end of the day.",
        (2, 1, 0),
        "read",
    ),
    (
        "aicha@civic.localhost",
        "FR-IDF",
        "public-transport",
        "Run night buses every 15 minutes on weekends",
        "Night workers and young people need safe ways home. Double the frequency of the "
        "Noctilien lines on Friday and Saturday nights.",
        (2, 1, 0),
        "submitted",
    ),
    (
        "citizen@civic.localhost",
        "city:CA-QC:Montréal",
        "libraries",
        "Open the public libraries on Sunday mornings",
        "Families are free on Sunday. Opening the libraries from 10 am would make them a "
        "meeting place for every neighbourhood.",
        (2, 1, 0),
        "submitted",
    ),
]


def _citizen(email: str, name: str) -> Citizen:
    citizen = Citizen.objects.filter(email=email).first()
    return citizen or Citizen.objects.create_user(email=email, password=None, display_name=name)


@transaction.atomic
def load() -> dict[str, int]:
    for email, name in VOICES:
        _citizen(email, name)
    people = {c.email: c for c in Citizen.objects.filter(email__endswith="@civic.localhost")}
    paris_dm = people.get("paris@civic.localhost")
    created = 0
    for author, space_ref, topic, title, text, impacts, stage in PROPOSALS:
        space = resolve(space_ref)
        if space is None or author not in people or Proposal.objects.filter(title=title).exists():
            continue
        proposal = services.proposal_create(
            author=people[author],
            space=space,
            submit=True,
            topic=Topic.objects.get(slug=topic),
            title=title,
            text=text,
            impact_citizens=impacts[0],
            impact_citizens_text="Healthier, safer daily life for the people concerned.",
            impact_collectivities=impacts[1],
            impact_collectivities_text="Public spaces and services used better.",
            impact_governments=impacts[2],
            impact_governments_text="A modest change to existing services.",
            freedom_statement="Nobody is forced to do anything; it widens everyone's choices.",
        )
        created += 1
        for supporter in people.values():
            if supporter != proposal.author and supporter.email != "admin@civic.localhost":
                services.support_add(proposal=proposal, citizen=supporter)
        comment = discussions.comment_post(
            author=people["lucas@civic.localhost" if author != "lucas@civic.localhost"
                          else "aicha@civic.localhost"],
            text="Good idea. The city of Milan did something similar, see the evaluation.",
            proposal=proposal,
            sources=["https://www.comune.milano.it/"],
        )  # fmt: skip
        discussions.comment_post(
            author=proposal.author, text="Thank you, I will add it.", parent=comment
        )
        if stage in ("read", "answered") and paris_dm is not None:
            services.proposal_mark_read(proposal=proposal, reader=paris_dm)
        if stage == "answered" and paris_dm is not None:
            services.proposal_answer(
                proposal=proposal,
                actor=paris_dm,
                outcome=Proposal.Status.ACCEPTED,
                text="Thank you. A pilot starts in the 11th and 20th arrondissements next spring; "
                "the results will decide the city-wide roll-out.",
                link="https://www.paris.fr/",
            )

    paris = resolve("city:FR-IDF:Paris")
    question = "How should we share the streets around schools?"
    if (
        paris_dm is not None
        and paris
        and not Consultation.objects.filter(question=question).exists()
    ):
        now = timezone.now()
        consultation = consultations.consultation_open(
            actor=paris_dm,
            space=paris,
            topic=Topic.objects.get(slug="local-roads"),
            question=question,
            context="The city is preparing its **school streets** plan for 2027. Tell us what "
            "works in your neighbourhood, and what you fear.",
            opens_at=now - timedelta(days=2),
            closes_at=now + timedelta(days=21),
        )
        first = consultations.contribution_post(
            consultation=consultation,
            author=people["aicha@civic.localhost"],
            text="Keep a lane for delivery bikes and for residents with reduced mobility.",
        )
        consultations.contribution_post(
            consultation=consultation,
            author=people["citizen@civic.localhost"],
            text="Plant trees where cars used to park: shade matters in summer.",
        )
        consultations.agreement_add(contribution=first, citizen=people["citizen@civic.localhost"])
        consultations.contribution_mark_helped(
            contribution=first, actor=paris_dm, outcome_note="Added to the plan's design rules."
        )
    return {"proposals": created}
