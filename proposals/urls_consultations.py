"""Consultations, contributions, comments, flags and moderation (``proposals`` namespace)."""

from django.urls import path

from proposals import views_consultations as views

urlpatterns = [
    path("consultations/", views.consultations, name="consultations"),
    path(
        "places/<slug:slug>/consultations/",
        views.space_consultations,
        name="space_consultations",
    ),
    path(
        "places/<slug:slug>/consultations/new/",
        views.consultation_create,
        name="consultation_create",
    ),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultations/<int:pk>/close/", views.consultation_close, name="consultation_close"),
    path("consultations/<int:pk>/contribute/", views.contribute, name="contribute"),
    path("contributions/<int:pk>/agree/", views.agree, name="agree"),
    path("contributions/<int:pk>/read/", views.contribution_read, name="contribution_read"),
    path("contributions/<int:pk>/helped/", views.contribution_helped, name="contribution_helped"),
    path("comments/new/", views.comment_post, name="comment_post"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("flags/new/", views.flag, name="flag"),
    path("moderation/", views.moderate, name="moderate"),
    path("code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
]
