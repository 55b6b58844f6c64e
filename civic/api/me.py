from django.conf import settings
from rest_framework import generics, permissions, serializers

from civic.models import Citizen
from civic.services import citizen_update_profile


class MeSerializer(serializers.ModelSerializer):
    home = serializers.SerializerMethodField()
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)

    class Meta:
        model = Citizen
        fields = ["id", "email", "display_name", "preferred_language", "gender", "home", "date_joined"]
        read_only_fields = ["id", "email", "home", "date_joined"]

    def get_home(self, citizen) -> dict | None:
        if not citizen.home_id:
            return None
        return {"id": citizen.home_id, "slug": citizen.home.slug, "label": citizen.home.label}


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in citizen's own profile."""

    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        serializer.instance = citizen_update_profile(
            citizen=self.request.user, **serializer.validated_data
        )
