"""Practices, challenges and competences endpoints, included by ``civic/api/urls.py``
(namespace ``api``).

Names: ``api:practice-list|detail|assessment``,
``api:challenge-list|detail|follow|join|leave``,
``api:competence-area-list|detail`` and
``api:competence-list|detail|read|quiz|self-assessment|progress``.
"""

from rest_framework.routers import SimpleRouter

from challenges import api, competences_api

router = SimpleRouter()
router.register("practices", api.PracticeViewSet, basename="practice")
router.register("challenges", api.ChallengeViewSet, basename="challenge")
router.register(
    "competence-areas", competences_api.CompetenceAreaViewSet, basename="competence-area"
)
router.register("competences", competences_api.CompetenceViewSet, basename="competence")

urlpatterns = router.urls
