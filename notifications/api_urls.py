"""Notifications endpoints, included by ``civic/api/urls.py`` (namespace ``api``).

Names: ``api:notification-list``, ``api:notification-unread-count``,
``api:notification-read``, ``api:notification-read-all``, ``api:notification-preferences``.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from notifications import api

# SimpleRouter: the API root view lives in civic/api/urls.py.
router = SimpleRouter()
router.register("notifications", api.NotificationViewSet, basename="notification")

urlpatterns = [
    path(
        "notifications/preferences/",
        api.PreferencesView.as_view(),
        name="notification-preferences",
    ),
    *router.urls,
]
