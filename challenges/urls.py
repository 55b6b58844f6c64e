"""Practice, challenge and competence pages (namespace ``challenges``), at the site root."""

from django.urls import path

from challenges import views, views_competences

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
    # Citizen competences
    path("competences/", views_competences.competence_list, name="competences"),
    path("competences/<slug:slug>/", views_competences.competence_detail, name="competence"),
    path(
        "competences/<slug:slug>/self-assessment/",
        views_competences.competence_self_assess,
        name="self_assess",
    ),
    path("competences/<slug:slug>/quiz/", views_competences.competence_quiz, name="quiz"),
    path(
        "competences/<slug:slug>/quiz/attempts/<int:pk>/",
        views_competences.quiz_result,
        name="quiz_result",
    ),
    path("me/competences/", views_competences.my_competences, name="my_competences"),
    path(
        "me/competences/visibility/",
        views_competences.competences_visibility,
        name="competences_visibility",
    ),
    path("citizens/<int:pk>/", views_competences.citizen_profile, name="citizen_profile"),
    path(
        "places/<slug:slug>/competences/",
        views_competences.place_competences,
        name="place_competences",
    ),
    path(
        "chapters/<slug:slug>/competences/",
        views_competences.chapter_competences,
        name="chapter_competences",
    ),
    path(
        "chapters/<slug:slug>/meetings/<int:pk>/attendance/",
        views_competences.meeting_attendance,
        name="meeting_attendance",
    ),
]
