"""Chapter pages (``chapters`` namespace).

The organisers' admin is a separate admin site, mounted at ``/organisers/`` by
``civic/urls.py`` (``chapters.admin.organiser_site``).
"""

from django.urls import path

from chapters import views

app_name = "chapters"
urlpatterns = [
    path("chapters/", views.chapter_list, name="list"),
    path("places/<slug:slug>/chapters/new/", views.chapter_create, name="create"),
    path("chapters/<slug:slug>/", views.chapter_detail, name="detail"),
    path("chapters/<slug:slug>/edit/", views.chapter_edit, name="edit"),
    path("chapters/<slug:slug>/join/", views.join, name="join"),
    path("chapters/<slug:slug>/leave/", views.leave, name="leave"),
    path("chapters/<slug:slug>/share-email/", views.share_email, name="share_email"),
    path("chapters/<slug:slug>/requests/<int:pk>/", views.decide, name="decide"),
    path("chapters/<slug:slug>/meetings.ics", views.calendar, name="calendar"),
    path("chapters/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("chapters/<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("chapters/<slug:slug>/meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("chapters/<slug:slug>/meetings/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
]
