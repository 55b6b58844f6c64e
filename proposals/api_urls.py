"""Participation endpoints, included by ``civic/api/urls.py`` (namespace ``api``).

Names: ``api:proposal-list|detail|submit|withdraw|support|answer|transfer|status|comments``,
``api:consultation-list|detail|close|contributions``,
``api:contribution-detail|agree|read|helped|comments|flag|moderate`` and
``api:comment-detail|flag|moderate``.
"""

from rest_framework.routers import SimpleRouter

from proposals import api

# SimpleRouter: the API root view lives in civic/api/urls.py.
router = SimpleRouter()
router.register("proposals", api.ProposalViewSet, basename="proposal")
router.register("consultations", api.ConsultationViewSet, basename="consultation")
router.register("contributions", api.ContributionViewSet, basename="contribution")
router.register("comments", api.CommentViewSet, basename="comment")

urlpatterns = router.urls
