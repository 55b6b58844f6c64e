"""The public accountability pages (namespace ``accountability``)."""

from django.urls import path

from proposals.accountability import views

app_name = "accountability"
urlpatterns = [
    path("places/<slug:slug>/accountability/", views.space_accountability, name="space"),
]
