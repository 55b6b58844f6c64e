"""Discussion endpoints, included by ``civic/api/urls.py`` (namespace ``api``):
``api:comment-detail|flag|moderate``. The ``comments/`` thread of a proposal or a
contribution is served by their viewsets (``discussions.api.thread_response``)."""

from rest_framework.routers import SimpleRouter

from proposals.discussions import api

router = SimpleRouter()
router.register("comments", api.CommentViewSet, basename="comment")
urlpatterns = router.urls
