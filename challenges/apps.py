"""The challenges app: practices assessed by citizens, best practices, the challenges chapters
join."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges and best practices")

    def personal_data(self, citizen) -> dict:
        """The citizen's section of their data export (``civic.selectors.citizen_export_data``):
        their impact assessments, followed challenges and learning records."""
        from challenges.models import (
            Assessment,
            ChallengeFollow,
            LessonRead,
            QuizAttempt,
            SelfAssessment,
        )

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
            "competences": {
                "show_on_public_profile": citizen.show_competences,
                "lessons_read": [
                    {"competence": r.competence.slug, "read_at": r.read_at.isoformat()}
                    for r in LessonRead.objects.filter(citizen=citizen).select_related("competence")
                ],
                "quiz_attempts": [
                    {
                        "competence": a.competence.slug,
                        "score": a.score,
                        "total": a.total,
                        "passed": a.passed,
                        "answers": a.answers,
                        "created_at": a.created_at.isoformat(),
                    }
                    for a in QuizAttempt.objects.filter(citizen=citizen).select_related(
                        "competence"
                    )
                ],
                "self_assessments": [
                    {"competence": s.competence.slug, "level": s.level}
                    for s in SelfAssessment.objects.filter(citizen=citizen).select_related(
                        "competence"
                    )
                ],
            },
        }
