"""The decision makers' dashboard and the public accountability pages.

A plain ``urlpatterns`` list merged into the ``proposals`` namespace by ``proposals.urls``:
``proposals:dashboard``, ``proposals:dashboard_*`` and ``proposals:accountability``.
"""

from django.urls import path

from proposals import views_dashboard as views

urlpatterns = [
    path("dashboard/", views.inbox, name="dashboard"),
    path("dashboard/proposals/read/", views.mark_read, name="dashboard_mark_read"),
    path("dashboard/proposals/<int:pk>/", views.proposal_detail, name="dashboard_proposal"),
    path("dashboard/proposals/<int:pk>/answer/", views.answer, name="dashboard_answer"),
    path("dashboard/proposals/<int:pk>/status/", views.change_status, name="dashboard_status"),
    path("dashboard/proposals/<int:pk>/transfer/", views.transfer, name="dashboard_transfer"),
    path("dashboard/contributions/", views.contributions, name="dashboard_contributions"),
    path(
        "dashboard/contributions/read/",
        views.contributions_mark_read,
        name="dashboard_contributions_read",
    ),
    path(
        "dashboard/contributions/<int:pk>/helped/",
        views.contribution_helped,
        name="dashboard_contribution_helped",
    ),
    path("dashboard/moderation/", views.moderation, name="dashboard_moderation"),
    path("dashboard/moderation/act/", views.moderate, name="dashboard_moderate"),
    path("dashboard/consultations/", views.consultations, name="dashboard_consultations"),
    path("places/<slug:slug>/accountability/", views.accountability, name="accountability"),
]
