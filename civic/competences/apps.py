"""The citizen competences app (``civic.competences``, label ``competences``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "civic.competences"
    label = "competences"
    verbose_name = _("Citizen competences")

    def erase_personal_data(self, citizen) -> None:
        """Account erasure (``civic.services.citizen_erase``): the learning records go."""
        from civic.competences.services import competences_erase

        competences_erase(citizen=citizen)

    def personal_data(self, citizen) -> dict:
        """The citizen's section of their data export (``civic.selectors.citizen_export_data``):
        the profile opt-in, the lessons read, every quiz attempt and the self-assessments."""
        from civic.competences.models import LessonRead, QuizAttempt, SelfAssessment

        return {
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
                for a in QuizAttempt.objects.filter(citizen=citizen).select_related("competence")
            ],
            "self_assessments": [
                {"competence": s.competence.slug, "level": s.level}
                for s in SelfAssessment.objects.filter(citizen=citizen).select_related("competence")
            ],
        }
