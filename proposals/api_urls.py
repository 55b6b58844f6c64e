"""Participation endpoints, included by ``civic/api/urls.py`` (namespace ``api``).

Names: ``api:proposal-list|detail|submit|withdraw|support|answer|transfer|status|comments``,
``api:consultation-list|detail|close|contributions``,
``api:contribution-detail|agree|read|helped|comments|flag|moderate`` and
``api:comment-detail|flag|moderate``; the dashboard's ``api:dashboard``,
``api:dashboard-proposals|mark-read|contributions|contributions-read|moderation`` and
``api:jurisdiction-accountability`` (``proposals/api_dashboard.py``).
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from proposals import api, api_dashboard

# SimpleRouter: the API root view lives in civic/api/urls.py.
router = SimpleRouter()
router.register("proposals", api.ProposalViewSet, basename="proposal")
router.register("consultations", api.ConsultationViewSet, basename="consultation")
router.register("contributions", api.ContributionViewSet, basename="contribution")
router.register("comments", api.CommentViewSet, basename="comment")

dashboard_urlpatterns = [
    path("dashboard/", api_dashboard.DashboardView.as_view(), name="dashboard"),
    path(
        "dashboard/proposals/",
        api_dashboard.DashboardProposalsView.as_view(),
        name="dashboard-proposals",
    ),
    path(
        "dashboard/proposals/mark-read/",
        api_dashboard.MarkProposalsReadView.as_view(),
        name="dashboard-mark-read",
    ),
    path(
        "dashboard/contributions/",
        api_dashboard.DashboardContributionsView.as_view(),
        name="dashboard-contributions",
    ),
    path(
        "dashboard/contributions/mark-read/",
        api_dashboard.MarkContributionsReadView.as_view(),
        name="dashboard-contributions-read",
    ),
    path(
        "dashboard/moderation/",
        api_dashboard.ModerationQueueView.as_view(),
        name="dashboard-moderation",
    ),
    path(
        "jurisdictions/<slug:slug>/accountability/",
        api_dashboard.AccountabilityView.as_view(),
        name="jurisdiction-accountability",
    ),
]

urlpatterns = router.urls + dashboard_urlpatterns
