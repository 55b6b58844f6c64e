"""Citizen competence endpoints, included by ``civic/api/urls.py`` (namespace ``api``):
``api:competence-area-list|detail`` and
``api:competence-list|detail|read|quiz|self-assessment|progress``.
"""

from rest_framework.routers import SimpleRouter

from civic.competences import api

router = SimpleRouter()
router.register("competence-areas", api.CompetenceAreaViewSet, basename="competence-area")
router.register("competences", api.CompetenceViewSet, basename="competence")
urlpatterns = router.urls
