"""REST API of citizen competences, mounted under ``/api/v1/`` by
``civic/competences/api_urls.py``.

Reads of the framework are public and show published items only. A quiz is sent without
its answers; it is scored on the server (``services.quiz_submit``), which
returns the score, each question's correctness, its right choices and its explanation.
Progress and self-assessments are the signed-in citizen's own. Every write counts against
the citizen's write budget (``civic.api.throttling``: 429 with a message); a tampered or
incomplete submission is a 400 with messages and records nothing.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from civic.api.helpers import BAD_REQUEST, NOT_FOUND, THROTTLED
from civic.api.helpers import path_pk as _pk
from civic.competences import selectors, services
from civic.competences.models import Competence, CompetenceArea
from civic.competences.serializers import (
    CompetenceAreaSerializer,
    CompetenceDetailSerializer,
    CompetenceSerializer,
    LessonReadSerializer,
    ProgressSerializer,
    QuizResultSerializer,
    QuizSerializer,
    QuizSubmissionSerializer,
    SelfAssessmentSerializer,
)

UNAUTHORISED = OpenApiResponse(OpenApiTypes.OBJECT, description="Not signed in: {detail: message}.")
WRITE_ERRORS = {400: BAD_REQUEST, 403: UNAUTHORISED, 404: NOT_FOUND, 429: THROTTLED}


def _signed_in(request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Log in to keep track of your progress."))


@extend_schema_view(
    list=extend_schema(summary="The three areas of citizen competences, with their competences"),
    retrieve=extend_schema(summary="An area and its competences"),
)
class CompetenceAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """Personal (towards oneself), social (towards others), societal (towards society)."""

    serializer_class = CompetenceAreaSerializer
    pagination_class = None  # three areas
    filter_backends: list = []

    def get_queryset(self):
        return selectors.published_areas().prefetch_related(
            Prefetch(
                "competences",
                queryset=Competence.objects.filter(published=True)
                .select_related("area")
                .order_by("order", "slug"),
                to_attr="competence_list",
            )
        )

    def get_object(self) -> CompetenceArea:
        return get_object_or_404(self.get_queryset(), pk=_pk(self.kwargs["pk"]))


@extend_schema_view(
    list=extend_schema(
        summary="Published competences, in the framework's order",
        parameters=[
            OpenApiParameter(
                "area", str, enum=CompetenceArea.Kind.values, description="One area only."
            )
        ],
    ),
)
class CompetenceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Competences: a lesson, a self-check quiz, and the citizen's own progress."""

    serializer_class = CompetenceSerializer
    filter_backends: list = []
    write_scopes = {
        "read": "api:competence.read",
        "quiz": "api:competence.quiz",
        "self_assessment": "api:competence.self_assessment",
    }

    @property
    def write_scope(self) -> str | None:
        return self.write_scopes.get(self.action)

    def get_queryset(self):
        competences = selectors.published_competences().select_related("area")
        area = self.request.query_params.get("area") or ""
        if area in CompetenceArea.Kind.values:
            competences = competences.filter(area__kind=area)
        return competences

    def get_competence(self) -> Competence:
        return get_object_or_404(
            selectors.published_competences().select_related("area"), pk=_pk(self.kwargs["pk"])
        )

    @extend_schema(
        summary="A competence and its lesson (Markdown and sanitised HTML)",
        responses={200: CompetenceDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        competence = get_object_or_404(
            selectors.published_competences()
            .select_related("area")
            .annotate(question_count=Count("questions")),
            pk=_pk(self.kwargs["pk"]),
        )
        context = self.get_serializer_context()
        return Response(CompetenceDetailSerializer(competence, context=context).data)

    @extend_schema(
        summary="Record that you read its lesson (idempotent)",
        request=None,
        responses={200: LessonReadSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        _signed_in(request)
        competence = self.get_competence()
        first = services.lesson_mark_read(citizen=request.user, competence=competence)
        return Response(LessonReadSerializer({"read": True, "first_time": first}).data)

    @extend_schema(
        methods=["GET"],
        summary="Its quiz: the questions and their choices, without the answers",
        request=None,
        responses={200: QuizSerializer, 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Answer its quiz: scored on the server",
        description=(
            "Send every question once, with the ids of the choices you think are right. A "
            "question is right when exactly its right choices are chosen; the quiz is passed "
            f"with at least {selectors.PASS_PERCENT} % of right answers. The answer gives the "
            "score, each question's correctness, its right choices and its explanation. An "
            "unknown question or choice, a choice of another question, a question answered "
            "twice or left out is a 400, and nothing is recorded."
        ),
        request=QuizSubmissionSerializer,
        responses={201: QuizResultSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def quiz(self, request, pk=None):
        competence = self.get_competence()
        if request.method == "GET":
            questions = selectors.quiz_questions(competence)
            for number, question in enumerate(questions, 1):
                question.number = number
            data = {
                "competence": competence.pk,
                "pass_percent": selectors.PASS_PERCENT,
                "questions": questions,
            }
            return Response(QuizSerializer(data).data)
        _signed_in(request)
        submission = QuizSubmissionSerializer(data=request.data)
        submission.is_valid(raise_exception=True)
        answers = [
            (answer["question"], answer["choices"])
            for answer in submission.validated_data["answers"]
        ]
        result = services.quiz_submit(citizen=request.user, competence=competence, answers=answers)
        progress = selectors.competence_progress(competence, request.user)
        data = {
            "attempt": result.attempt.pk,
            "score": result.score,
            "total": result.total,
            "percent": result.percent,
            "passed": result.passed,
            "pass_percent": selectors.PASS_PERCENT,
            "competence_completed": bool(progress and progress.completed),
            "answers_revealed": result.reveal,
            "questions": [
                {
                    "question": item.question,
                    "correct": item.correct,
                    "chosen": sorted(item.chosen),
                    "right_choices": sorted(item.right) if result.reveal else None,
                    "explanation": item.question.tr("explanation") if result.reveal else None,
                }
                for item in result.questions
            ],
        }
        return Response(QuizResultSerializer(data).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Say how competent you feel (1–4); again to change it",
        description="201 when created, 200 when your earlier self-assessment was replaced.",
        request=SelfAssessmentSerializer,
        responses={200: SelfAssessmentSerializer, 201: SelfAssessmentSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["put"], url_path="self-assessment")
    def self_assessment(self, request, pk=None):
        _signed_in(request)
        competence = self.get_competence()
        parsed = SelfAssessmentSerializer(data=request.data)
        parsed.is_valid(raise_exception=True)
        assessment, created = services.self_assessment_save(
            citizen=request.user, competence=competence, level=parsed.validated_data["level"]
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(SelfAssessmentSerializer(assessment).data, status=code)

    @extend_schema(
        summary="Your progress: each area and competence",
        description=(
            "A competence is completed when its lesson was read (or a study circle on it "
            f"attended) and its quiz passed ({selectors.PASS_PERCENT} % of right answers)."
        ),
        request=None,
        responses={200: ProgressSerializer, 403: UNAUTHORISED},
    )
    @action(detail=False, methods=["get"])
    def progress(self, request):
        _signed_in(request)
        areas = selectors.citizen_progress(request.user)
        data = {
            "pass_percent": selectors.PASS_PERCENT,
            "show_competences": request.user.show_competences,
            "completed": sum(area.completed for area in areas),
            "total": sum(area.total for area in areas),
            "areas": areas,
        }
        return Response(ProgressSerializer(data).data)
