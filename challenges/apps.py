"""The challenges app: practices assessed by citizens, best practices, the challenges chapters
join."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges and best practices")

    def personal_data(self, citizen) -> dict:
        """The citizen's section of their data export (``civic.selectors.citizen_export_data``):
        their impact assessments and followed challenges (their learning records are the
        ``competences`` section)."""
        from challenges.models import Assessment, ChallengeFollow

        return {
            "assessments": [
                {
                    "practice": a.practice.slug,
                    "rating_citizens": a.rating_citizens,
                    "rating_collectivities": a.rating_collectivities,
                    "rating_governments": a.rating_governments,
                    "freedom": a.freedom,
                    "comment": a.comment,
                    "updated_at": a.updated_at.isoformat(),
                }
                for a in Assessment.objects.filter(citizen=citizen).select_related("practice")
            ],
            "challenges_followed": list(
                ChallengeFollow.objects.filter(citizen=citizen).values_list(
                    "challenge__slug", flat=True
                )
            ),
        }
