"""Proposal pages (namespace ``proposals``). The sub-apps have their own URLs, included by
``civic/urls.py``: ``consultations:``, ``discussions:``, ``dashboard:``, ``accountability:``."""

from django.urls import path

from proposals import views

app_name = "proposals"
urlpatterns = [
    path("proposals/", views.index, name="list"),
    path("proposals/new/", views.create, name="create"),
    path("proposals/suggest-space/", views.suggest_space, name="suggest_space"),
    path("proposals/<int:pk>/", views.detail, name="detail"),
    path("proposals/<int:pk>/edit/", views.edit, name="edit"),
    path("proposals/<int:pk>/submit/", views.submit, name="submit"),
    path("proposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("proposals/<int:pk>/support/", views.support, name="support"),
    path("proposals/<int:pk>/follow/", views.follow, name="follow"),
    path("proposals/<int:pk>/answer/", views.answer, name="answer"),
    path("proposals/<int:pk>/status/", views.change_status, name="status"),
    path("proposals/<int:pk>/transfer/", views.transfer, name="transfer"),
    path("places/<slug:slug>/proposals/", views.space_proposals, name="space_proposals"),
    path("me/activity/", views.activity, name="activity"),
]
