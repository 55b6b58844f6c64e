"""Dashboard endpoints, included by ``civic/api/urls.py`` (namespace ``api``):
``api:dashboard`` and ``api:dashboard-proposals|mark-read|contributions|contributions-read|
moderation``."""

from django.urls import path

from proposals.dashboard import api

urlpatterns = [
    path("dashboard/", api.DashboardView.as_view(), name="dashboard"),
    path("dashboard/proposals/", api.DashboardProposalsView.as_view(), name="dashboard-proposals"),
    path(
        "dashboard/proposals/mark-read/",
        api.MarkProposalsReadView.as_view(),
        name="dashboard-mark-read",
    ),
    path(
        "dashboard/contributions/",
        api.DashboardContributionsView.as_view(),
        name="dashboard-contributions",
    ),
    path(
        "dashboard/contributions/mark-read/",
        api.MarkContributionsReadView.as_view(),
        name="dashboard-contributions-read",
    ),
    path(
        "dashboard/moderation/",
        api.ModerationQueueView.as_view(),
        name="dashboard-moderation",
    ),
]
