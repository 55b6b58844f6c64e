"""``/api/v1/me/``: the signed-in citizen's own profile."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.models import Citizen
from civic.selectors import citizen_export_data
from civic.services import citizen_update_profile


class HomeSerializer(serializers.Serializer):
    """The citizen's home city, as a reference (the jurisdictions API has the details)."""

    id = serializers.IntegerField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    label = serializers.CharField(read_only=True)


class MeSerializer(serializers.ModelSerializer):
    home = HomeSerializer(read_only=True, allow_null=True)
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)

    class Meta:
        model = Citizen
        fields = [
            "id",
            "email",
            "display_name",
            "preferred_language",
            "gender",
            "home",
            "date_joined",
        ]
        # The email changes only through a confirmed link (allauth's email page); the home
        # through jurisdictions' home service, which also moves the automatic follows.
        read_only_fields = ["id", "email", "home", "date_joined"]


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in citizen's own profile.

    GET returns it; PATCH changes ``display_name``, ``preferred_language`` and ``gender``
    (self-declared, optional, only ever counted in aggregate). Read-only fields sent in a
    PATCH are ignored.
    """

    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated]
    # PATCH only: a PUT would have to repeat every field to change one.
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> Citizen:
        return self.request.user

    def perform_update(self, serializer: MeSerializer) -> None:
        serializer.instance = citizen_update_profile(
            citizen=self.request.user, **serializer.validated_data
        )


class MyDataView(APIView):
    """Everything civic holds about the signed-in citizen (GDPR art. 15 and 20): the same
    document as the profile page's JSON download, one section per app."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(citizen_export_data(citizen=request.user))
