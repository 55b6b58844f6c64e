"""``/api/v1/``: one router per app, mounted here."""

from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse

from civic.api.auth import TokenView
from civic.api.me import MeView, MyDataView


@extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="Entry points of the civic API")
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request, format=None):  # noqa: A002 - DRF's format suffix argument
    """Entry points of the civic API."""
    return Response(
        {
            "me": reverse("api:me", request=request, format=format),
            "auth_token": reverse("api:auth-token", request=request, format=format),
            "jurisdictions": reverse("api:jurisdiction-list", request=request, format=format),
            "topics": reverse("api:topic-list", request=request, format=format),
            "responsible": reverse("api:responsible", request=request, format=format),
            "follows": reverse("api:follow-list", request=request, format=format),
            "bodies": reverse("api:body-list", request=request, format=format),
            "mandates": reverse("api:mandate-list", request=request, format=format),
            "proposals": reverse("api:proposal-list", request=request, format=format),
            "consultations": reverse("api:consultation-list", request=request, format=format),
            "notifications": reverse("api:notification-list", request=request, format=format),
            "practices": reverse("api:practice-list", request=request, format=format),
            "challenges": reverse("api:challenge-list", request=request, format=format),
            "chapters": reverse("api:chapter-list", request=request, format=format),
            "memberships": reverse("api:membership-list", request=request, format=format),
            "meetings": reverse("api:meeting-list", request=request, format=format),
            "competence_areas": reverse("api:competence-area-list", request=request, format=format),
            "competences": reverse("api:competence-list", request=request, format=format),
            "schema": reverse("schema", request=request, format=format),
        }
    )


app_name = "api"
urlpatterns = [
    path("", api_root, name="root"),
    path("me/", MeView.as_view(), name="me"),
    path("me/data/", MyDataView.as_view(), name="me-data"),
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("", include("jurisdictions.api_urls")),
    path("", include("proposals.api_urls")),
    path("", include("proposals.consultations.api_urls")),
    path("", include("proposals.discussions.api_urls")),
    path("", include("proposals.dashboard.api_urls")),
    path("", include("proposals.accountability.api_urls")),
    path("", include("notifications.api_urls")),
    path("", include("chapters.api_urls")),
    path("", include("challenges.api_urls")),
    path("", include("civic.competences.api_urls")),
]
