"""Chapters endpoints, included by ``civic/api/urls.py`` (namespace ``api``).

Names: ``api:chapter-list|detail|memberships``, ``api:membership-list|detail|approve|reject|role``
and ``api:meeting-list|detail|rsvp``.
"""

from rest_framework.routers import SimpleRouter

from chapters import api

# SimpleRouter: the API root view lives in civic/api/urls.py.
router = SimpleRouter()
router.register("chapters", api.ChapterViewSet, basename="chapter")
router.register("memberships", api.MembershipViewSet, basename="membership")
router.register("meetings", api.MeetingViewSet, basename="meeting")

urlpatterns = router.urls
