"""Practices and challenges endpoints, included by ``civic/api/urls.py`` (namespace ``api``):
``api:practice-list|detail|assessment`` and ``api:challenge-list|detail|follow|join|leave``.
"""

from rest_framework.routers import SimpleRouter

from challenges import api

router = SimpleRouter()
router.register("practices", api.PracticeViewSet, basename="practice")
router.register("challenges", api.ChallengeViewSet, basename="challenge")

urlpatterns = router.urls
