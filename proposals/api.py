"""REST API of the proposals: write, submit, read, support, answer, transfer, move along,
withdraw, and the comment thread of a proposal.

Mounted under ``/api/v1/`` by ``proposals/api_urls.py``. The rules are the web pages': reads
are public (drafts only to their author), writes need a signed-in citizen, permissions come
from ``proposals.rules`` (``rules.has_perm``, never ``user.has_perm``, which would let a
superuser through) and every write is one call to ``proposals.services``. Where the web
refuses an outsider before reading the form, so does the API (403 before any 400), so
validation messages tell an outsider nothing.

Errors are JSON: a service's ``ValidationError`` is a 400 with field messages, its
``PermissionDenied`` a 403 (``civic.api.exceptions``), an unknown id a 404. Every write
counts against the citizen's write budget (``civic.api.throttling``: 429 with a message).
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from civic.api.follow import follow_action
from civic.api.helpers import FORBIDDEN, NOT_FOUND, THROTTLED
from civic.api.helpers import error_responses as _errors
from civic.api.helpers import parse_input as _parse
from civic.api.helpers import path_pk as _pk
from civic.api.viewsets import ParticipationViewSet
from proposals import selectors, services
from proposals.discussions.api import thread_response, thread_schema
from proposals.filters import SORTS, ProposalFilter
from proposals.models import Proposal
from proposals.serializers import (
    AnswerSerializer,
    ProposalDetailSerializer,
    ProposalSerializer,
    ProposalUpdateSerializer,
    ProposalWriteSerializer,
    StatusSerializer,
    SupportStateSerializer,
    TransferSerializer,
    WithdrawSerializer,
)

S = Proposal.Status


# --- Proposals ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Proposals: filter, search and sort",
        description="Public proposals; with mine=true, the signed-in citizen's own, drafts "
        "included. supported is null for anonymous requests.",
    ),
)
class ProposalViewSet(mixins.ListModelMixin, ParticipationViewSet):
    """Proposals addressed to a place or organisation, and their lifecycle.

    Reading a proposal as a decision maker of its space records the read receipt, as the
    web page does. Drafts are visible to their author only (404 for anyone else).
    """

    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter

    def get_queryset(self):
        user = self.request.user
        queryset = selectors.proposals_visible_to(user).select_related(
            "read_by_space", "answered_by"
        )
        return selectors.with_supported(queryset, user).order_by(*SORTS["newest"])

    def get_proposal(self, *, acting: str | None = None) -> Proposal:
        """The proposal of the path, with what its detail shows; 404 for another's draft.

        ``acting``: the permission of the step about to be taken. Whoever lacks it gets the
        same 404 as for an unknown id, so that nobody learns from the answer whether an id is
        someone's draft or lies outside the spaces they serve.
        """
        proposal = selectors.visible_proposal(_pk(self.kwargs["pk"]), self.request.user)
        if proposal is None or (
            acting is not None and not rules.has_perm(acting, self.request.user, proposal)
        ):
            raise NotFound(_("No such proposal."))
        return proposal

    def detail_response(self, proposal: Proposal, *, reload: bool = True, **kwargs) -> Response:
        user = self.request.user
        if reload:
            proposal = selectors.proposal_for_page(proposal.pk, user=user)
        if not user.is_authenticated:
            proposal.supported = None
        elif not hasattr(proposal, "supported"):
            proposal.supported = proposal.supports.filter(citizen=user).exists()
        serializer = ProposalDetailSerializer(proposal, context=self.get_serializer_context())
        return Response(serializer.data, **kwargs)

    @extend_schema(
        summary="Write a proposal (a draft, or submitted with submit: true)",
        request=ProposalWriteSerializer,
        responses=_errors({201: ProposalDetailSerializer}),
    )
    def create(self, request, *args, **kwargs):
        data = _parse(ProposalWriteSerializer, request)
        space, submit = data.pop("space"), data.pop("submit", False)
        proposal = services.proposal_create(author=request.user, space=space, submit=submit, **data)
        return self.detail_response(proposal, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A proposal with its history (records the read receipt for decision makers)",
        responses={200: ProposalDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        # A write on GET by design, as on the web page: idempotent, and only a decision
        # maker of the addressed space leaves a receipt (services.proposal_mark_read).
        if request.user.is_authenticated:
            services.proposal_mark_read(proposal=proposal, reader=request.user)
        return self.detail_response(proposal, reload=False)  # the receipt updated it

    @extend_schema(
        summary="Edit a draft (its author)",
        request=ProposalUpdateSerializer,
        responses=_errors({200: ProposalDetailSerializer}),
    )
    def partial_update(self, request, *args, **kwargs):
        proposal = self.get_proposal()
        if not rules.has_perm("proposals.edit_proposal", request.user, proposal):
            if proposal.author_id == request.user.pk:
                raise PermissionDenied(
                    _("Only drafts can be edited; this one was already submitted.")
                )
            raise PermissionDenied(_("You are not allowed to do this."))
        data = _parse(ProposalUpdateSerializer, request, partial=True)
        proposal = services.proposal_update(proposal=proposal, actor=request.user, **data)
        return self.detail_response(proposal)

    @extend_schema(
        summary="Submit a draft to the space it addresses (its author)",
        request=None,
        responses=_errors({200: ProposalDetailSerializer}),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        proposal = services.proposal_submit(proposal=self.get_proposal(), actor=request.user)
        return self.detail_response(proposal)

    @extend_schema(
        summary="Withdraw a submitted proposal (its author)",
        request=WithdrawSerializer,
        responses=_errors({200: ProposalDetailSerializer}),
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        proposal = self.get_proposal(acting="proposals.withdraw_proposal")
        data = _parse(WithdrawSerializer, request)
        if proposal.status == S.DRAFT:
            # A withdrawn proposal is public: withdrawing a draft would publish it. The web
            # page offers withdrawal only once submitted; a draft is edited, or left.
            raise ValidationError(
                {"status": [_("A draft cannot be withdrawn: it is visible to you only.")]}
            )
        proposal = services.proposal_withdraw(
            proposal=proposal, actor=request.user, note=data.get("note", "")
        )
        return self.detail_response(proposal)

    @extend_schema(
        methods=["POST"],
        summary="Support it (once; not your own)",
        request=None,
        responses=_errors({201: SupportStateSerializer}),
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Withdraw your support",
        request=None,
        responses={200: SupportStateSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 429: THROTTLED},
    )
    @action(detail=True, methods=["post", "delete"])
    def support(self, request, pk=None):
        proposal = self.get_proposal()
        if request.method == "DELETE":
            services.support_remove(proposal=proposal, citizen=request.user)
            code = status.HTTP_200_OK
        else:
            services.support_add(proposal=proposal, citizen=request.user)
            code = status.HTTP_201_CREATED
        proposal.refresh_from_db(fields=["support_count"])
        state = {
            "supported": proposal.supports.filter(citizen=request.user).exists(),
            "support_count": proposal.support_count,
        }
        return Response(SupportStateSerializer(state).data, status=code)

    follow = follow_action(
        summary="Follow it: be told when it is read, answered or transferred",
        target="get_proposal",
        follow=lambda proposal, citizen: services.proposal_follow(
            proposal=proposal, citizen=citizen
        ),
        unfollow=lambda proposal, citizen: services.proposal_unfollow(
            proposal=proposal, citizen=citizen
        ),
    )

    @extend_schema(
        summary="Answer: accepted, declined or implemented (decision makers of its space, staff)",
        request=AnswerSerializer,
        responses=_errors({200: ProposalDetailSerializer}),
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        proposal = self.get_proposal(acting="proposals.answer_proposal")
        data = _parse(AnswerSerializer, request)
        proposal = services.proposal_answer(proposal=proposal, actor=request.user, **data)
        return self.detail_response(proposal)

    @extend_schema(
        summary="Transfer it to the space really responsible (decision makers, staff)",
        request=TransferSerializer,
        responses=_errors({200: ProposalDetailSerializer}),
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        proposal = self.get_proposal(acting="proposals.transfer_proposal")
        data = _parse(TransferSerializer, request)
        proposal = services.proposal_transfer(proposal=proposal, actor=request.user, **data)
        return self.detail_response(proposal)

    @extend_schema(
        summary="Move it along its lifecycle (decision makers of its space, staff)",
        request=StatusSerializer,
        responses=_errors({200: ProposalDetailSerializer}),
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request, pk=None):
        proposal = self.get_proposal(acting="proposals.change_status_proposal")
        data = _parse(StatusSerializer, request)
        proposal = services.proposal_set_status(proposal=proposal, actor=request.user, **data)
        return self.detail_response(proposal)

    @thread_schema
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        return thread_response(self, request, self.get_proposal())
