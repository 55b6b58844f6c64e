"""What the challenges app holds of a citizen (``civic.privacy``): the practices they
proposed, their impact assessments and the challenges they follow."""

from challenges.models import Assessment
from civic.privacy import PUBLIC_CONTRIBUTION, Rows, register

register(
    "challenges",
    Rows(
        "challenges.Practice.created_by",
        "practices_proposed",
        fields=("title", "slug", "description", "evidence_links", "created_at"),
        kept=PUBLIC_CONTRIBUTION,
    ),
    Rows(
        "challenges.Assessment.citizen",
        "assessments",
        fields=(("practice", "practice__slug"), *Assessment.ANSWER_FIELDS),
        kept="counted in a practice's public means; anonymous once erased",
    ),
    Rows(
        "challenges.ChallengeFollow.citizen",
        "challenges_followed",
        fields=(("challenge", "challenge__slug"), "created_at"),
        erased=True,
    ),
)
