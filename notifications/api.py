"""REST API of the signed-in citizen's notifications: the inbox, read state, preferences.

Mounted under ``/api/v1/`` by ``notifications/api_urls.py``; every endpoint needs a signed-in
citizen (session or ``Authorization: Token …``). The list is the same merge as the inbox page
(``notifications.selectors.inbox_page``: personal rows and the stream of followed places),
paged by a cursor on the event id, so it stays stable while new items arrive. Texts are in
the request's language (the citizen's preferred one on the site, ``Accept-Language`` with a
token). Writes go through ``notifications.services`` and count against the write budget
(``civic.api.throttling``).
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api.helpers import BAD_REQUEST
from notifications import selectors, services
from notifications.models import Event
from notifications.serializers import (
    InboxPageSerializer,
    InboxQuerySerializer,
    MarkReadSerializer,
    NotificationSerializer,
    PreferencesSerializer,
    UnreadSerializer,
)


class NotificationViewSet(viewsets.GenericViewSet):
    """The signed-in citizen's inbox, newest first."""

    permission_classes = [permissions.IsAuthenticated]
    # Only for the schema (the type of the id in the path); the data comes from selectors.
    queryset = Event.objects.none()
    lookup_value_regex = r"[0-9]+"
    pagination_class = None
    write_scope = "api:notification.read"  # marking read, one or all, shares one budget

    @extend_schema(
        summary="My notifications, newest first",
        parameters=[InboxQuerySerializer],
        responses={200: InboxPageSerializer, 400: BAD_REQUEST},
    )
    def list(self, request):
        """Filter by ``space`` and ``kind``; follow ``next`` for older items."""
        query = InboxQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        items, next_before = selectors.inbox_page(
            request.user,
            space=params.get("space"),
            kind=params.get("kind"),
            before=params.get("before"),
            size=params["page_size"],
        )
        results = NotificationSerializer(items, many=True, context={"request": request}).data
        return Response({"next": self._next_url(request, next_before), "results": results})

    @staticmethod
    def _next_url(request, next_before: int | None) -> str | None:
        if next_before is None:
            return None
        query: QueryDict = request.query_params.copy()
        query["before"] = str(next_before)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    @extend_schema(summary="How many of my notifications are unread", responses=UnreadSerializer)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": selectors.unread_count(request.user)})

    @extend_schema(
        summary="Mark one notification read",
        request=None,
        responses={
            200: MarkReadSerializer,
            404: OpenApiResponse(description="Not in your notifications."),
        },
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        event_id = int(pk)
        if not selectors.in_inbox(request.user, event_id):
            raise NotFound(_("This is not one of your notifications."))
        changed = services.notification_mark_read(citizen=request.user, event_id=event_id)
        return Response({"changed": changed, "unread": selectors.unread_count(request.user)})

    @extend_schema(
        summary="Mark all my notifications read", request=None, responses=UnreadSerializer
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        services.inbox_mark_all_read(citizen=request.user)
        return Response({"unread": selectors.unread_count(request.user)})


class PreferencesView(APIView):
    """What the signed-in citizen is told, per kind and channel, and their digest."""

    permission_classes = [permissions.IsAuthenticated]
    write_scope = "api:notification.preferences"

    def _current(self, request) -> dict:
        return {
            "digest": selectors.digest_of(request.user),
            "kinds": selectors.preferences_of(request.user),
        }

    @extend_schema(summary="My notification preferences", responses=PreferencesSerializer)
    def get(self, request):
        return Response(PreferencesSerializer(self._current(request)).data)

    @extend_schema(
        summary="Change my notification preferences",
        description=(
            "Send only what changes: the kinds listed (and, for each, the channels given) "
            "and the digest if present. The answer is the whole set of preferences."
        ),
        request=PreferencesSerializer,
        responses={200: PreferencesSerializer, 400: BAD_REQUEST},
    )
    def put(self, request):
        payload = PreferencesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.preferences_save(
            citizen=request.user,
            choices=payload.choices(),
            digest=payload.validated_data.get("digest"),
        )
        return Response(PreferencesSerializer(self._current(request)).data)
