"""REST API of places, organisations, topics, who-is-responsible, follows, bodies and mandates.

Mounted under ``/api/v1/`` by ``jurisdictions/api_urls.py``. Reads are public; follows and
the home need a signed-in citizen. Writes go through ``jurisdictions.services``; domain
``ValidationError``s become 400 responses with field messages (``civic.api.exceptions``).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.helpers import BAD_REQUEST
from jurisdictions.filters import BodyFilter, JurisdictionFilter, MandateFilter, TopicFilter
from jurisdictions.models import Body, Follow, Jurisdiction, Mandate, Topic
from jurisdictions.selectors import current_officials_prefetch, responsible_for, space_page
from jurisdictions.serializers import (
    BodySerializer,
    FollowCreateSerializer,
    FollowSerializer,
    HomeResultSerializer,
    HomeSerializer,
    JurisdictionDetailSerializer,
    JurisdictionSerializer,
    MandateSerializer,
    ResponsibleAnswerSerializer,
    ResponsibleQuerySerializer,
    TopicSerializer,
    space_lookup,
)
from jurisdictions.services import follow_add, follow_remove, home_set


@extend_schema_view(
    list=extend_schema(summary="Search and list places and organisations"),
    retrieve=extend_schema(summary="A place or organisation, by slug, with its surroundings"),
)
class JurisdictionViewSet(viewsets.ReadOnlyModelViewSet):
    """Places (nation › region › county › city) and organisations.

    The detail is addressed by **slug** (``/api/v1/jurisdictions/paris-ile-de-france-france/``),
    the stable public key also used by the web pages; every item carries its ``url``.
    Filter the list with ``search``, ``kind``, ``country`` and ``parent`` (an id).
    """

    queryset = Jurisdiction.objects.all()
    serializer_class = JurisdictionSerializer
    filterset_class = JurisdictionFilter
    lookup_field = "slug"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return JurisdictionDetailSerializer
        return JurisdictionSerializer

    def retrieve(self, request, *args, **kwargs):
        space = self.get_object()
        context = {**self.get_serializer_context(), "page": space_page(space)}
        return Response(JurisdictionDetailSerializer(space, context=context).data)


@extend_schema_view(
    list=extend_schema(summary="Topics, named in the request's language"),
    retrieve=extend_schema(summary="A topic, by slug"),
)
class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    filterset_class = TopicFilter
    lookup_field = "slug"


class ResponsibleView(APIView):
    """Who is responsible for a topic in a place, and how to reach them."""

    @extend_schema(
        summary="Who is responsible for a topic in a place",
        parameters=[ResponsibleQuerySerializer],
        responses={200: ResponsibleAnswerSerializer, 400: BAD_REQUEST},
    )
    def get(self, request, *args, **kwargs):
        query = ResponsibleQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        answer = responsible_for(
            topic=query.validated_data["topic"], place=query.validated_data["jurisdiction"]
        )
        return Response(ResponsibleAnswerSerializer(answer, context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(summary="My follows"),
    create=extend_schema(
        summary="Follow a space",
        request=FollowCreateSerializer,
        responses={
            201: FollowSerializer,
            200: OpenApiResponse(FollowSerializer, description="Already followed: unchanged."),
            400: BAD_REQUEST,
        },
    ),
    destroy=extend_schema(
        summary="Stop following a space",
        parameters=[
            OpenApiParameter(
                "space",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="The followed space's id (its slug works too).",
            )
        ],
        responses={204: None, 404: OpenApiResponse(description="Not following this space.")},
    ),
)
class FollowViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in citizen's follows: chosen ones and those implied by their home."""

    serializer_class = FollowSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "space"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no citizen
            return Follow.objects.none()
        return (
            Follow.objects.filter(citizen=self.request.user)
            .select_related("space")
            .order_by("space__label", "pk")
        )

    def create(self, request, *args, **kwargs):
        """Idempotent: 201 when the follow is new, 200 when it already existed."""
        payload = FollowCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        space = payload.validated_data["space"]
        # Only decides the status code; follow_add itself is safe against races.
        existed = Follow.objects.filter(citizen=request.user, space=space).exists()
        follow = follow_add(citizen=request.user, space=space)
        return Response(
            FollowSerializer(follow, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def destroy(self, request, *args, **kwargs):
        space = get_object_or_404(Jurisdiction, **space_lookup(kwargs["space"]))
        if not follow_remove(citizen=request.user, space=space):
            raise NotFound(_("You are not following this space."))
        return Response(status=status.HTTP_204_NO_CONTENT)


class HomeView(APIView):
    """Set the signed-in citizen's home city; they then follow its chain automatically."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Set my home city",
        request=HomeSerializer,
        responses={200: HomeResultSerializer, 400: BAD_REQUEST},
    )
    def put(self, request, *args, **kwargs):
        payload = HomeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        city = payload.validated_data["city"]
        following = home_set(citizen=request.user, city=city)
        result = {"home": city, "following": following}
        return Response(HomeResultSerializer(result, context={"request": request}).data)

    @extend_schema(
        summary="Set my home city (same as PUT)",
        request=HomeSerializer,
        responses={200: HomeResultSerializer, 400: BAD_REQUEST},
    )
    def post(self, request, *args, **kwargs):
        return self.put(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="Bodies (offices) of spaces, with current officials"),
    retrieve=extend_schema(summary="A body"),
)
class BodyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Body.objects.prefetch_related(current_officials_prefetch())
    serializer_class = BodySerializer
    filterset_class = BodyFilter


@extend_schema_view(
    list=extend_schema(summary="Mandates: who holds which office, and when"),
    retrieve=extend_schema(summary="A mandate"),
)
class MandateViewSet(viewsets.ReadOnlyModelViewSet):
    """Officials appear by public name only: never their email or gender."""

    queryset = Mandate.objects.select_related("citizen", "body__space")
    serializer_class = MandateSerializer
    filterset_class = MandateFilter
