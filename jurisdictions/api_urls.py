"""Jurisdictions endpoints, included by ``civic/api/urls.py`` (namespace ``api``).

Names: ``api:jurisdiction-list|detail``, ``api:topic-list|detail``, ``api:responsible``,
``api:follow-list|detail``, ``api:me-home``, ``api:body-list|detail``,
``api:mandate-list|detail``.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from jurisdictions import api

# SimpleRouter: the API root view lives in civic/api/urls.py.
router = SimpleRouter()
router.register("jurisdictions", api.JurisdictionViewSet, basename="jurisdiction")
router.register("topics", api.TopicViewSet, basename="topic")
router.register("follows", api.FollowViewSet, basename="follow")
router.register("bodies", api.BodyViewSet, basename="body")
router.register("mandates", api.MandateViewSet, basename="mandate")

urlpatterns = [
    path("responsible/", api.ResponsibleView.as_view(), name="responsible"),
    path("me/home/", api.HomeView.as_view(), name="me-home"),
    *router.urls,
]
