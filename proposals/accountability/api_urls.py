"""The accountability endpoint, included by ``civic/api/urls.py`` (namespace ``api``):
``api:jurisdiction-accountability``."""

from django.urls import path

from proposals.accountability import api

urlpatterns = [
    path(
        "jurisdictions/<slug:slug>/accountability/",
        api.AccountabilityView.as_view(),
        name="jurisdiction-accountability",
    ),
]
