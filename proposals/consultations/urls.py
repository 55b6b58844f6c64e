"""Consultation and contribution pages (namespace ``consultations``)."""

from django.urls import path

from proposals.consultations import views

app_name = "consultations"
urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("places/<slug:slug>/consultations/", views.space_consultations, name="space_list"),
    path("places/<slug:slug>/consultations/new/", views.consultation_create, name="create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="detail"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("consultations/<int:pk>/close/", views.consultation_close, name="close"),
    path("consultations/<int:pk>/follow/", views.follow, name="follow"),
    path("consultations/<int:pk>/contribute/", views.contribute, name="contribute"),
    path("contributions/<int:pk>/agree/", views.agree, name="agree"),
    path("contributions/<int:pk>/read/", views.contribution_read, name="contribution_read"),
    path("contributions/<int:pk>/helped/", views.contribution_helped, name="contribution_helped"),
]
