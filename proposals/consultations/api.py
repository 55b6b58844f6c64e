"""REST API of the consultations and contributions.

The rules are the web pages': reads are public, writes need a signed-in citizen, the
permissions come from ``consultations.rules`` and every write is one call to
``proposals.consultations.services`` (403 before any 400, as on the web). Comments, flags
and moderation of a contribution are the discussions' doors (``discussions.api``).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from civic.api.follow import follow_action
from civic.api.helpers import FORBIDDEN, NOT_FOUND, THROTTLED
from civic.api.helpers import error_responses as _errors
from civic.api.helpers import parse_input as _parse
from civic.api.helpers import path_pk as _pk
from civic.api.helpers import require_perm as _require
from civic.api.viewsets import ParticipationViewSet
from proposals.consultations import selectors, services
from proposals.consultations.filters import ConsultationFilter
from proposals.consultations.models import Consultation, Contribution
from proposals.consultations.serializers import (
    AgreementStateSerializer,
    ConsultationCloseSerializer,
    ConsultationSerializer,
    ConsultationUpdateSerializer,
    ConsultationWriteSerializer,
    ContributionSerializer,
    ContributionWriteSerializer,
    OutcomeSerializer,
)
from proposals.discussions.api import ModeratedContentMixin, thread_response, thread_schema


@extend_schema_view(
    list=extend_schema(summary="Consultations: filter and search, newest first"),
)
class ConsultationViewSet(mixins.ListModelMixin, ParticipationViewSet):
    """Questions decision makers open to citizens for a while, and what they decided."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter

    def get_queryset(self):
        return selectors.consultation_list()

    def get_consultation(self) -> Consultation:
        return get_object_or_404(self.get_queryset(), pk=_pk(self.kwargs["pk"]))

    def detail_response(self, consultation: Consultation, **kwargs) -> Response:
        consultation = get_object_or_404(self.get_queryset(), pk=consultation.pk)
        serializer = ConsultationSerializer(consultation, context=self.get_serializer_context())
        return Response(serializer.data, **kwargs)

    @extend_schema(
        summary="Open a consultation (decision makers of the space, staff)",
        request=ConsultationWriteSerializer,
        responses=_errors({201: ConsultationSerializer}),
    )
    def create(self, request, *args, **kwargs):
        # Someone who serves nowhere is refused before validation, like the web form; a
        # decision maker of another space is refused by the service once the space is known.
        _require(request.user, "jurisdictions.use_dashboard")
        data = _parse(ConsultationWriteSerializer, request)
        consultation = services.consultation_open(
            actor=request.user, space=data.pop("space"), **data
        )
        return self.detail_response(consultation, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A consultation", responses={200: ConsultationSerializer, 404: NOT_FOUND}
    )
    def retrieve(self, request, *args, **kwargs):
        return self.detail_response(self.get_consultation())

    @extend_schema(
        summary="Edit an open consultation (decision makers of its space, staff)",
        request=ConsultationUpdateSerializer,
        responses=_errors({200: ConsultationSerializer}),
    )
    def partial_update(self, request, *args, **kwargs):
        consultation = self.get_consultation()
        _require(request.user, "consultations.manage_consultation", consultation)
        data = _parse(ConsultationUpdateSerializer, request, instance=consultation, partial=True)
        services.consultation_update(consultation=consultation, actor=request.user, **data)
        return self.detail_response(consultation)

    follow = follow_action(
        summary="Follow it: be told 48 hours before it closes and of its outcome",
        target="get_consultation",
        follow=lambda consultation, citizen: services.consultation_follow(
            consultation=consultation, citizen=citizen
        ),
        unfollow=lambda consultation, citizen: services.consultation_unfollow(
            consultation=consultation, citizen=citizen
        ),
    )

    @extend_schema(
        summary="Close it and say what was decided (decision makers of its space, staff)",
        request=ConsultationCloseSerializer,
        responses=_errors({200: ConsultationSerializer}),
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        consultation = self.get_consultation()
        _require(request.user, "consultations.manage_consultation", consultation)
        data = _parse(ConsultationCloseSerializer, request)
        services.consultation_close(
            consultation=consultation, actor=request.user, summary=data["summary"]
        )
        return self.detail_response(consultation)

    @extend_schema(
        methods=["GET"],
        summary="Contributions: those that helped shape policy first, then most agreed",
        filters=False,
        responses={200: ContributionSerializer(many=True), 404: NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="Contribute (while the consultation is open)",
        request=ContributionWriteSerializer,
        responses=_errors({201: ContributionSerializer}),
    )
    @action(detail=True, methods=["get", "post"])
    def contributions(self, request, pk=None):
        consultation = self.get_consultation()
        context = self.get_serializer_context()
        if request.method == "GET":
            page = self.paginate_queryset(
                selectors.contributions_of(consultation, user=request.user)
            )
            serializer = ContributionSerializer(page, many=True, context=context)
            return self.get_paginated_response(serializer.data)
        data = _parse(ContributionWriteSerializer, request)
        contribution = services.contribution_post(
            consultation=consultation, author=request.user, text=data["text"]
        )
        contribution.agreed = False
        return Response(
            ContributionSerializer(contribution, context=context).data,
            status=status.HTTP_201_CREATED,
        )


class ContributionViewSet(ModeratedContentMixin, ParticipationViewSet):
    """One contribution: agree, review (read, helped shape policy), comment, flag, moderate."""

    serializer_class = ContributionSerializer

    def get_queryset(self):
        return selectors.with_agreed(selectors.contributions(), self.request.user)

    def get_content(self) -> Contribution:
        return get_object_or_404(self.get_queryset(), pk=_pk(self.kwargs["pk"]))

    def detail_response(self) -> Response:
        """The contribution as it is now (with ``agreed`` for the signed-in citizen)."""
        contribution = self.get_content()
        serializer = ContributionSerializer(contribution, context=self.get_serializer_context())
        return Response(serializer.data)

    @extend_schema(
        summary="A contribution", responses={200: ContributionSerializer, 404: NOT_FOUND}
    )
    def retrieve(self, request, *args, **kwargs):
        return self.detail_response()

    @extend_schema(
        methods=["POST"],
        summary="Agree with it (once; not your own)",
        request=None,
        responses=_errors({201: AgreementStateSerializer}),
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Withdraw your agreement",
        request=None,
        responses={200: AgreementStateSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 429: THROTTLED},
    )
    @action(detail=True, methods=["post", "delete"])
    def agree(self, request, pk=None):
        contribution = self.get_content()
        if request.method == "DELETE":
            services.agreement_remove(contribution=contribution, citizen=request.user)
            code = status.HTTP_200_OK
        else:
            services.agreement_add(contribution=contribution, citizen=request.user)
            code = status.HTTP_201_CREATED
        contribution.refresh_from_db(fields=["agree_count"])
        state = {
            "agreed": contribution.agreements.filter(citizen=request.user).exists(),
            "agree_count": contribution.agree_count,
        }
        return Response(AgreementStateSerializer(state).data, status=code)

    @extend_schema(
        summary="Mark it read (decision makers of its space, staff); its author sees it",
        request=None,
        responses=_errors({200: ContributionSerializer}),
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        contribution = self.get_content()
        services.contribution_mark_read(contribution=contribution, actor=request.user)
        return self.detail_response()

    @extend_schema(
        summary="Say it helped shape policy, and how (decision makers of its space, staff)",
        request=OutcomeSerializer,
        responses=_errors({200: ContributionSerializer}),
    )
    @action(detail=True, methods=["post"])
    def helped(self, request, pk=None):
        contribution = self.get_content()
        _require(request.user, "consultations.review_contribution", contribution)
        data = _parse(OutcomeSerializer, request)
        services.contribution_mark_helped(
            contribution=contribution, actor=request.user, outcome_note=data["outcome_note"]
        )
        return self.detail_response()

    @thread_schema
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        return thread_response(self, request, self.get_content())
