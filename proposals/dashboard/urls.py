"""The decision makers' dashboard (namespace ``dashboard``)."""

from django.urls import path

from proposals.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("dashboard/", views.inbox, name="inbox"),
    path("dashboard/proposals/read/", views.mark_read, name="mark_read"),
    path("dashboard/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("dashboard/proposals/<int:pk>/answer/", views.answer, name="answer"),
    path("dashboard/proposals/<int:pk>/status/", views.change_status, name="status"),
    path("dashboard/proposals/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("dashboard/contributions/", views.contribution_list, name="contributions"),
    path(
        "dashboard/contributions/read/",
        views.contributions_mark_read,
        name="contributions_read",
    ),
    path(
        "dashboard/contributions/<int:pk>/helped/",
        views.contribution_helped,
        name="contribution_helped",
    ),
    path("dashboard/moderation/", views.moderation, name="moderation"),
    path("dashboard/moderation/act/", views.moderate, name="moderate"),
    path("dashboard/consultations/", views.consultation_list, name="consultations"),
    path("dashboard/audit/", views.audit_log, name="audit"),
]
