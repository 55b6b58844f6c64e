"""Pages of the inbox: the list, the badge, open and mark read, preferences, unsubscribe."""

from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/badge/", views.badge, name="badge"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/<int:event_id>/", views.open_item, name="open"),
    path("notifications/<int:event_id>/read/", views.mark_read, name="mark_read"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
