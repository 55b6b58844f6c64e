"""Comments, flags, moderation and the code of conduct (namespace ``discussions``)."""

from django.urls import path

from proposals.discussions import views

app_name = "discussions"
urlpatterns = [
    path("comments/new/", views.comment_post, name="comment_post"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("flags/new/", views.flag, name="flag"),
    path("moderation/", views.moderate, name="moderate"),
    path("code-of-conduct/", views.code_of_conduct, name="code_of_conduct"),
]
