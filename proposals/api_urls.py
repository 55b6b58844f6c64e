"""Proposal endpoints, included by ``civic/api/urls.py`` (namespace ``api``):
``api:proposal-list|detail|submit|withdraw|support|answer|transfer|status|comments``."""

from rest_framework.routers import SimpleRouter

from proposals import api

# SimpleRouter: the API root view lives in civic/api/urls.py.
router = SimpleRouter()
router.register("proposals", api.ProposalViewSet, basename="proposal")
urlpatterns = router.urls
