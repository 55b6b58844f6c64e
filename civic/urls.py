"""The project's URLs: every app's pages, the admin, accounts and the API (``/api/v1/``)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from civic import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.set_language, name="set_language"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
    path("accounts/export/", views.export_data, name="export_data"),
    path("accounts/export/archive/", views.export_archive, name="export_archive"),
    path("accounts/export/archive/<str:token>/", views.export_download, name="export_download"),
    path("accounts/login/", views.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("organisers/", include(("chapters.organiser_urls", "admin"), namespace="organisers")),
    path("api/v1/", include("civic.api.urls", namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api_docs"),
    path("", include("jurisdictions.urls")),
    path("", include("proposals.urls")),
    path("", include("proposals.consultations.urls")),
    path("", include("proposals.discussions.urls")),
    path("", include("proposals.dashboard.urls")),
    path("", include("proposals.accountability.urls")),
    path("", include("notifications.urls")),
    path("", include("chapters.urls")),
    path("", include("challenges.urls")),
    path("", include("civic.competences.urls")),
]

handler404 = "civic.views.page_not_found"
handler500 = "civic.views.server_error"
