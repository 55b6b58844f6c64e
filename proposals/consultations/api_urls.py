"""Consultation endpoints, included by ``civic/api/urls.py`` (namespace ``api``):
``api:consultation-list|detail|close|contributions`` and
``api:contribution-detail|agree|read|helped|comments|flag|moderate``."""

from rest_framework.routers import SimpleRouter

from proposals.consultations import api

router = SimpleRouter()
router.register("consultations", api.ConsultationViewSet, basename="consultation")
router.register("contributions", api.ContributionViewSet, basename="contribution")
urlpatterns = router.urls
