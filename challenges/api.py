"""REST API of practices, impact assessments and challenges.

Mounted under ``/api/v1/`` by ``challenges/api_urls.py``. The rules are the web pages':
reads are public, writes need a signed-in citizen, permissions come from
``challenges.rules`` (``rules.has_perm``) and every write is one call to
``challenges.services``. An outsider is refused (403) before the input is validated.

Errors are JSON: a service's ``ValidationError`` is a 400 with field messages, a
``PermissionDenied`` a 403, an unknown id a 404 (``civic.api.exceptions``). Every write
counts against the citizen's write budget (``civic.api.throttling``: 429 with a message).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from challenges import selectors, services
from challenges.models import Assessment, Challenge, ChallengeFollow, Participation, Practice
from challenges.serializers import (
    AssessmentResultSerializer,
    AssessmentSerializer,
    ChallengeDetailSerializer,
    ChallengeSerializer,
    ChapterChoiceSerializer,
    ParticipationStateSerializer,
    PracticeDetailSerializer,
    PracticeSerializer,
    PracticeWriteSerializer,
)
from civic.api.follow import follow_action
from civic.api.helpers import FORBIDDEN, NOT_FOUND
from civic.api.helpers import error_responses as _errors
from civic.api.helpers import parse_input as _parse
from civic.api.helpers import path_pk as _pk
from civic.api.helpers import require_perm as _require
from jurisdictions.models import Jurisdiction, Topic


def _flag(request, name: str) -> bool:
    return (request.query_params.get(name) or "").strip().lower() in {"1", "true", "yes"}


PRACTICE_FILTERS = [
    OpenApiParameter("domain", str, enum=Topic.Domain.values, description="A domain."),
    OpenApiParameter("best", bool, description="true: best practices only."),
    OpenApiParameter("global", bool, description="true: global practices only."),
]


@extend_schema_view(
    list=extend_schema(
        summary="Practices, best first (filters: domain, best, global)",
        parameters=PRACTICE_FILTERS,
    ),
)
class PracticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Practices citizens propose and assess; aggregates only, never who assessed what."""

    serializer_class = PracticeSerializer
    filter_backends: list = []  # the query parameters above, read in get_queryset

    def get_queryset(self):
        domain = self.request.query_params.get("domain") or ""
        return selectors.practice_list(
            domain=domain if domain in Topic.Domain.values else "",
            best=_flag(self.request, "best"),
            global_only=_flag(self.request, "global"),
        )

    def get_practice(self) -> Practice:
        queryset = Practice.objects.prefetch_related(
            Prefetch("implemented_in", queryset=Jurisdiction.objects.order_by("label")),
            Prefetch("challenges", queryset=Challenge.objects.order_by("created_at")),
        )
        return get_object_or_404(queryset, pk=_pk(self.kwargs["pk"]))

    def detail_response(self, practice: Practice, **kwargs) -> Response:
        practice = Practice.objects.prefetch_related("implemented_in", "challenges").get(
            pk=practice.pk
        )
        serializer = PracticeDetailSerializer(practice, context=self.get_serializer_context())
        return Response(serializer.data, **kwargs)

    @extend_schema(
        summary="A practice: description, evidence, places, aggregates and challenges",
        responses={200: PracticeDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        serializer = PracticeDetailSerializer(
            self.get_practice(), context=self.get_serializer_context()
        )
        return Response(serializer.data)

    @extend_schema(
        summary="Propose a practice (signed-in citizens)",
        request=PracticeWriteSerializer,
        responses=_errors({201: PracticeDetailSerializer}),
    )
    def create(self, request, *args, **kwargs):
        _require(request.user, "challenges.propose_practice")
        data = _parse(PracticeWriteSerializer, request)
        places = data.pop("implemented_in", [])
        practice = services.practice_create(author=request.user, implemented_in=places, **data)
        return self.detail_response(practice, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Your own assessment of it (404 if you have not assessed it)",
        request=None,
        responses={200: AssessmentSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Assess it, or update your assessment (one per citizen)",
        description="201 when created, 200 when your earlier assessment was updated. The "
        "answer carries the practice's recomputed aggregates and flags.",
        request=AssessmentSerializer,
        responses=_errors({200: AssessmentResultSerializer, 201: AssessmentResultSerializer}),
    )
    @action(detail=True, methods=["get", "put"])
    def assessment(self, request, pk=None):
        practice = self.get_practice()
        _require(request.user, "challenges.assess_practice", practice)
        if request.method == "GET":
            own = get_object_or_404(Assessment, practice=practice, citizen=request.user)
            return Response(AssessmentSerializer(own).data)
        data = _parse(AssessmentSerializer, request)
        assessment, created = services.assessment_save(
            practice=practice, citizen=request.user, **data
        )
        result = {"assessment": assessment, "practice": practice}
        serializer = AssessmentResultSerializer(result, context=self.get_serializer_context())
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(serializer.data, status=code)


@extend_schema_view(
    list=extend_schema(summary="Challenges with their progress"),
)
class ChallengeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Challenges built on global best practices, and the chapters taking part."""

    serializer_class = ChallengeSerializer
    filter_backends: list = []
    write_scopes = {"join": "api:challenge.participation", "leave": "api:challenge.participation"}

    @property
    def write_scope(self) -> str | None:
        return self.write_scopes.get(self.action)

    def get_queryset(self):
        challenges = Challenge.objects.select_related("practice").order_by("created_at", "pk")
        user = self.request.user
        if user.is_authenticated:
            challenges = challenges.annotate(
                followed=Exists(
                    ChallengeFollow.objects.filter(challenge=OuterRef("pk"), citizen=user)
                )
            )
        return challenges

    def get_challenge(self) -> Challenge:
        return get_object_or_404(self.get_queryset(), pk=_pk(self.kwargs["pk"]))

    @extend_schema(
        summary="A challenge, its progress and the chapters taking part",
        responses={200: ChallengeDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        challenge = get_object_or_404(
            self.get_queryset().prefetch_related(
                Prefetch(
                    "participations",
                    queryset=Participation.objects.select_related(
                        "chapter", "chapter__space"
                    ).order_by("joined_at", "pk"),
                )
            ),
            pk=_pk(self.kwargs["pk"]),
        )
        challenge.participants = list(challenge.participations.all())
        serializer = ChallengeDetailSerializer(challenge, context=self.get_serializer_context())
        return Response(serializer.data)

    follow = follow_action(
        summary="Follow it: you are told at 25, 50, 75 and 100 %",
        target="get_challenge",
        follow=lambda challenge, citizen: services.challenge_follow(
            challenge=challenge, citizen=citizen
        ),
        unfollow=lambda challenge, citizen: services.challenge_unfollow(
            challenge=challenge, citizen=citizen
        ),
        following=lambda citizen, challenge: selectors.is_following(citizen, challenge),
    )

    def _participation(self, request, *, leave: bool) -> Response:
        from chapters.models import Chapter

        challenge = self.get_challenge()
        # 403 before reading the input only for those who organise nothing; the chapter's
        # own rule is checked once it is known (an unknown id is a 404).
        _require(request.user, "challenges.offer_join", challenge)
        data = _parse(ChapterChoiceSerializer, request)
        chapter = get_object_or_404(Chapter.objects.select_related("space"), pk=data["chapter"])
        _require(request.user, "challenges.join_challenge", chapter)
        if leave:
            services.challenge_leave(chapter=chapter, challenge=challenge, actor=request.user)
        else:
            services.challenge_join(chapter=chapter, challenge=challenge, actor=request.user)
        challenge.refresh_from_db(fields=["participant_count"])
        state = {
            "chapter": chapter.pk,
            "taking_part": Participation.objects.filter(
                challenge=challenge, chapter=chapter
            ).exists(),
            "participant_count": challenge.participant_count,
            "progress_percent": challenge.progress_percent,
        }
        code = status.HTTP_200_OK if leave else status.HTTP_201_CREATED
        return Response(ParticipationStateSerializer(state).data, status=code)

    @extend_schema(
        summary="Make a chapter you organise take part (organisers, staff)",
        request=ChapterChoiceSerializer,
        responses=_errors({201: ParticipationStateSerializer}),
    )
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        return self._participation(request, leave=False)

    @extend_schema(
        summary="Take a chapter you organise out of it (organisers, staff)",
        request=ChapterChoiceSerializer,
        responses=_errors({200: ParticipationStateSerializer}),
    )
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        return self._participation(request, leave=True)
