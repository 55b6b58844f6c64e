"""Citizen competence pages (namespace ``competences``), at the site root."""

from django.urls import path

from civic.competences import views

app_name = "competences"
urlpatterns = [
    path("competences/", views.competence_list, name="list"),
    path("competences/<slug:slug>/", views.competence_detail, name="detail"),
    path(
        "competences/<slug:slug>/self-assessment/",
        views.competence_self_assess,
        name="self_assess",
    ),
    path("competences/<slug:slug>/quiz/", views.competence_quiz, name="quiz"),
    path("competences/<slug:slug>/quiz/attempts/<int:pk>/", views.quiz_result, name="quiz_result"),
    path("me/competences/", views.my_competences, name="mine"),
    path("me/competences/visibility/", views.competences_visibility, name="visibility"),
    path("citizens/<int:pk>/", views.citizen_profile, name="citizen_profile"),
    path("places/<slug:slug>/competences/", views.place_competences, name="place"),
    path("chapters/<slug:slug>/competences/", views.chapter_competences, name="chapter"),
    path(
        "chapters/<slug:slug>/meetings/<int:pk>/attendance/",
        views.meeting_attendance,
        name="meeting_attendance",
    ),
]
