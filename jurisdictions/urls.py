"""Pages of places: search, a space's page, follow, home, what I follow, who is responsible."""

from django.urls import path

from jurisdictions import views

app_name = "jurisdictions"
urlpatterns = [
    path("places/", views.search, name="search"),
    path("places/<slug:slug>/", views.detail, name="detail"),
    path("places/<slug:slug>/follow/", views.follow, name="follow"),
    path("me/home/", views.choose_home, name="choose_home"),
    path("me/following/", views.following, name="following"),
    path("responsible/", views.responsible, name="responsible"),
]
