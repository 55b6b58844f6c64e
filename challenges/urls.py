"""Practice and challenge pages (namespace ``challenges``), at the site root."""

from django.urls import path

from challenges import views

app_name = "challenges"
urlpatterns = [
    path("practices/", views.practice_list, name="practices"),
    path("practices/new/", views.practice_create, name="practice_create"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice"),
    path("practices/<slug:slug>/assess/", views.practice_assess, name="assess"),
    path("practices/<slug:slug>/places/", views.practice_add_place, name="add_place"),
    path("practices/<slug:slug>/challenge/", views.challenge_create, name="challenge_create"),
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="challenge"),
    path("challenges/<slug:slug>/mtr/", views.challenge_mtr, name="mtr"),
    path("challenges/<slug:slug>/follow/", views.challenge_follow, name="follow"),
    path("challenges/<slug:slug>/join/", views.challenge_join, name="join"),
    path("challenges/<slug:slug>/leave/", views.challenge_leave, name="leave"),
]
