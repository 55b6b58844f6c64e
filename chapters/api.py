"""REST API of chapters: chapters, memberships, meetings and RSVPs.

Mounted under ``/api/v1/`` by ``chapters/api_urls.py``. The rules are the web pages': reads
of chapters and meetings are public; writes need a signed-in citizen; permissions come from
``chapters.rules`` (``rules.has_perm``) and every write is one call to
``chapters.services``. Outsiders are refused before their input is read (403 before any
400), as on the web.

Errors are JSON: a service's ``ValidationError`` is a 400 with field messages, its
``PermissionDenied`` a 403 (``civic.api.exceptions``), an unknown slug or id a 404. Every
write counts against the citizen's write budget (``civic.api.throttling``: 429).
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from chapters import selectors, services
from chapters.models import RSVP, Chapter, Meeting, Membership
from chapters.serializers import (
    ChapterCreateSerializer,
    ChapterDetailSerializer,
    ChapterSerializer,
    JoinSerializer,
    MeetingSerializer,
    MemberSerializer,
    MembershipSerializer,
    RoleSerializer,
    RSVPStateSerializer,
    ShareEmailSerializer,
)
from civic.api.helpers import BAD_REQUEST, FORBIDDEN, NOT_FOUND, THROTTLED
from civic.api.helpers import error_responses as _errors
from civic.api.helpers import parse_input as _parse
from civic.api.helpers import path_pk as _pk
from civic.api.helpers import require_perm as _require
from jurisdictions.models import Jurisdiction
from jurisdictions.serializers import space_lookup


class ChaptersViewSet(viewsets.GenericViewSet):
    """The base of the chapters API's viewsets (their writes count in the write budget, as
    every API write does)."""


# --- Chapters -------------------------------------------------------------------------------


class ChapterFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Chapter.Kind.choices)
    space = django_filters.CharFilter(
        method="filter_space", help_text=gettext_lazy("A place's id or slug.")
    )
    search = django_filters.CharFilter(
        method="filter_search", help_text=gettext_lazy("Words in the name of the chapter or place.")
    )

    class Meta:
        model = Chapter
        fields = ["kind", "space", "search"]

    def filter_space(self, queryset, name, value):
        space = Jurisdiction.objects.filter(**space_lookup(value)).first()
        return queryset.none() if space is None else queryset.filter(space=space)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(space__name__icontains=value))


@extend_schema_view(list=extend_schema(summary="Chapters: local (cities) and national, by name"))
class ChapterViewSet(mixins.ListModelMixin, ChaptersViewSet):
    """Local and national chapters: their organisers, members and the challenges they joined."""

    serializer_class = ChapterSerializer
    filterset_class = ChapterFilter
    lookup_field = "slug"
    write_scope = "api:chapter.create"

    def get_queryset(self):
        return selectors.chapter_list()

    def get_chapter(self) -> Chapter:
        try:
            return selectors.chapter_for_page(self.kwargs["slug"])
        except Chapter.DoesNotExist:
            raise NotFound(_("No such chapter.")) from None

    def detail_response(self, chapter: Chapter, **kwargs) -> Response:
        chapter = selectors.chapter_for_page(chapter.slug)
        chapter.organiser_list = selectors.organisers_of(chapter)
        chapter.joined_challenges = selectors.challenges_joined(chapter)
        chapter.my_membership = selectors.membership_of(self.request.user, chapter)
        serializer = ChapterDetailSerializer(chapter, context=self.get_serializer_context())
        return Response(serializer.data, **kwargs)

    @extend_schema(summary="A chapter", responses={200: ChapterDetailSerializer, 404: NOT_FOUND})
    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(self.get_chapter())

    @extend_schema(
        summary="Start a chapter: you become its first organiser",
        description="A local chapter is for a city of more than CHAPTER_MIN_POPULATION people "
        "(250,000 by default), a national chapter for a nation; one of each per place.",
        request=ChapterCreateSerializer,
        responses=_errors({201: ChapterDetailSerializer}),
    )
    def create(self, request, *args, **kwargs):
        _require(request.user, "chapters.create_chapter")
        data = _parse(ChapterCreateSerializer, request)
        chapter = services.chapter_create(
            actor=request.user,
            space=data["space"],
            kind=data.get("kind"),
            name=data.get("name", ""),
            description=data.get("description", ""),
            policy=data["policy"],
            organiser=request.user,
        )
        return self.detail_response(chapter, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Its memberships (organisers): requests to decide, members, emails if shared",
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=list(Membership.Status.values),
                description="Only the memberships in this state.",
            )
        ],
        filters=False,
        responses={200: MemberSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], permission_classes=[IsAuthenticated])
    def memberships(self, request, slug=None):
        chapter = self.get_chapter()
        _require(request.user, "chapters.manage_chapter", chapter)
        memberships = chapter.memberships.select_related("citizen").order_by("created_at", "pk")
        state = request.query_params.get("status", "")
        if state in Membership.Status.values:
            memberships = memberships.filter(status=state)
        page = self.paginate_queryset(memberships)
        serializer = MemberSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)


# --- Memberships ----------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="My memberships (and requests to join)"))
class MembershipViewSet(mixins.ListModelMixin, ChaptersViewSet):
    """The signed-in citizen's memberships: join, share one's email, leave; and, for a
    chapter's organisers, approving or declining requests and naming organisers."""

    serializer_class = MembershipSerializer
    permission_classes = [IsAuthenticated]
    write_scopes = {
        "create": "api:membership.join",
        "partial_update": "api:membership.update",
        "destroy": "api:membership.leave",
        "approve": "api:membership.decide",
        "reject": "api:membership.decide",
        "role": "api:membership.role",
    }

    @property
    def write_scope(self) -> str | None:
        return self.write_scopes.get(self.action)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no citizen
            return Membership.objects.none()
        return (
            Membership.objects.filter(citizen=self.request.user)
            .select_related("chapter")
            .order_by("chapter__name", "pk")
        )

    def get_own(self) -> Membership:
        membership = self.get_queryset().filter(pk=_pk(self.kwargs["pk"])).first()
        if membership is None:
            raise NotFound(_("You have no such membership."))
        return membership

    def get_any(self) -> Membership:
        """A membership of any citizen (organisers' actions check the chapter next)."""
        membership = (
            Membership.objects.select_related("chapter__space", "citizen")
            .filter(pk=_pk(self.kwargs["pk"]))
            .first()
        )
        if membership is None:
            raise NotFound(_("No such membership."))
        return membership

    def one(self, membership: Membership, serializer=MembershipSerializer, **kwargs) -> Response:
        membership = Membership.objects.select_related("chapter", "citizen").get(pk=membership.pk)
        return Response(
            serializer(membership, context=self.get_serializer_context()).data, **kwargs
        )

    @extend_schema(
        summary="Join a chapter (open: active at once; approval: pending until decided)",
        request=JoinSerializer,
        responses=_errors({201: MembershipSerializer}),
    )
    def create(self, request, *args, **kwargs):
        data = _parse(JoinSerializer, request)
        membership = services.membership_join(citizen=request.user, chapter=data["chapter"])
        return self.one(membership, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Share your email with its organisers, or stop",
        request=ShareEmailSerializer,
        responses=_errors({200: MembershipSerializer}),
    )
    def partial_update(self, request, *args, **kwargs):
        membership = self.get_own()
        data = _parse(ShareEmailSerializer, request)
        services.membership_share_email(
            citizen=request.user, chapter=membership.chapter, share=data["share_email"]
        )
        return self.one(membership)

    @extend_schema(
        summary="Leave the chapter, or withdraw your request",
        description="The last organiser names who takes over: successor, a member's citizen "
        "id (from the chapter's memberships).",
        parameters=[
            OpenApiParameter(
                "successor",
                OpenApiTypes.INT,
                description="The last organiser only: the citizen id of the member who "
                "becomes organiser.",
            )
        ],
        request=None,
        responses={204: None, 400: BAD_REQUEST, 404: NOT_FOUND, 429: THROTTLED},
    )
    def destroy(self, request, *args, **kwargs):
        membership = self.get_own()
        successor = None
        raw = request.query_params.get("successor", "").strip()
        if raw:
            if not (raw.isascii() and raw.isdigit()):
                raise ValidationError({"successor": _("Give a citizen id.")})
            successor = int(raw)
        services.membership_leave(
            citizen=request.user, chapter=membership.chapter, successor=successor
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _decide(self, request, service) -> Response:
        membership = self.get_any()
        _require(request.user, "chapters.manage_chapter", membership.chapter)
        if membership.status != Membership.Status.PENDING:
            raise ValidationError({"status": _("This request was already answered.")})
        service(actor=request.user, membership=membership)
        return self.one(membership, serializer=MemberSerializer)

    @extend_schema(
        summary="Approve a request to join (organisers of its chapter)",
        request=None,
        responses=_errors({200: MemberSerializer}),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(request, services.membership_approve)

    @extend_schema(
        summary="Decline a request to join (organisers of its chapter)",
        request=None,
        responses=_errors({200: MemberSerializer}),
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, services.membership_reject)

    @extend_schema(
        summary="Make a member an organiser, or an organiser a member (organisers)",
        request=RoleSerializer,
        responses=_errors({200: MemberSerializer}),
    )
    @action(detail=True, methods=["post"])
    def role(self, request, pk=None):
        membership = self.get_any()
        _require(request.user, "chapters.manage_chapter", membership.chapter)
        data = _parse(RoleSerializer, request)
        services.membership_set_role(actor=request.user, membership=membership, role=data["role"])
        return self.one(membership, serializer=MemberSerializer)


# --- Meetings -------------------------------------------------------------------------------


class MeetingFilter(django_filters.FilterSet):
    chapter = django_filters.CharFilter(
        field_name="chapter__slug", help_text=gettext_lazy("A chapter's slug.")
    )
    upcoming = django_filters.BooleanFilter(
        method="filter_upcoming",
        help_text=gettext_lazy("true: meetings not over yet; false: past meetings."),
    )

    class Meta:
        model = Meeting
        fields = ["chapter", "upcoming"]

    def filter_upcoming(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(ends_at__gt=now) if value else queryset.filter(ends_at__lte=now)


@extend_schema_view(
    list=extend_schema(summary="Meetings, soonest first (filter by chapter, upcoming or past)")
)
class MeetingViewSet(mixins.ListModelMixin, ChaptersViewSet):
    """Meetings of the chapters, and RSVPs (members of the meeting's chapter)."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    write_scope = "api:meeting.rsvp"  # POST and DELETE share it

    def get_queryset(self):
        return Meeting.objects.select_related("chapter").order_by("starts_at", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            memberships = Membership.objects.active().filter(citizen=user)
            context["member_of"] = set(memberships.values_list("chapter_id", flat=True))
            context["going"] = set(
                RSVP.objects.filter(citizen=user).values_list("meeting_id", flat=True)
            )
        return context

    def get_meeting(self) -> Meeting:
        meeting = self.get_queryset().filter(pk=_pk(self.kwargs["pk"])).first()
        if meeting is None:
            raise NotFound(_("No such meeting."))
        return meeting

    @extend_schema(summary="A meeting", responses={200: MeetingSerializer, 404: NOT_FOUND})
    def retrieve(self, request, *args, **kwargs):
        serializer = MeetingSerializer(self.get_meeting(), context=self.get_serializer_context())
        return Response(serializer.data)

    @extend_schema(
        methods=["POST"],
        summary="Say you will come (members of its chapter; refused when full)",
        request=None,
        responses=_errors({201: RSVPStateSerializer}),
    )
    @extend_schema(
        methods=["DELETE"],
        summary="You can no longer come: free your place",
        request=None,
        responses={200: RSVPStateSerializer, 404: NOT_FOUND, 429: THROTTLED},
    )
    @action(detail=True, methods=["post", "delete"], permission_classes=[IsAuthenticated])
    def rsvp(self, request, pk=None):
        meeting = self.get_meeting()
        if request.method == "DELETE":
            services.rsvp_cancel(citizen=request.user, meeting=meeting)
            code = status.HTTP_200_OK
        else:
            _require(request.user, "chapters.rsvp_meeting", meeting)
            services.rsvp_add(citizen=request.user, meeting=meeting)
            code = status.HTTP_201_CREATED
        meeting.refresh_from_db(fields=["rsvp_count"])
        state = {
            "going": meeting.rsvps.filter(citizen=request.user).exists(),
            "rsvp_count": meeting.rsvp_count,
            "capacity": meeting.capacity,
        }
        return Response(RSVPStateSerializer(state).data, status=code)
