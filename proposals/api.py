"""REST API of participation: proposals, supports, consultations, contributions, comments,
flags and moderation.

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
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from civic.api.helpers import FORBIDDEN, NOT_FOUND, THROTTLED
from civic.api.helpers import error_responses as _errors
from civic.api.helpers import parse_input as _parse
from civic.api.helpers import path_pk as _pk
from civic.api.helpers import require_perm as _require
from civic.api.throttling import WRITE_THROTTLES
from proposals import selectors, services
from proposals.filters import ConsultationFilter, ProposalFilter
from proposals.models import Agreement, Comment, Consultation, Contribution, Proposal, Support
from proposals.serializers import (
    AgreementStateSerializer,
    AnswerSerializer,
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentSerializer,
    ConsultationCloseSerializer,
    ConsultationSerializer,
    ConsultationUpdateSerializer,
    ConsultationWriteSerializer,
    ContributionSerializer,
    ContributionWriteSerializer,
    FlagSerializer,
    ModerateSerializer,
    ModerationResultSerializer,
    OutcomeSerializer,
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


class ParticipationViewSet(viewsets.GenericViewSet):
    """Shared by the viewsets below: the write budget, and scopes shared across them."""

    throttle_classes = WRITE_THROTTLES
    # Read by ``civic.api.throttling.write_scope``: comments count together whether they
    # are posted on a proposal or on a contribution; so do flags and moderation.
    write_scopes = {
        "comments": "api:comment.create",
        "flag": "api:flag",
        "moderate": "api:moderate",
    }

    @property
    def write_scope(self) -> str | None:
        return self.write_scopes.get(self.action)


# --- Comments, flags and moderation, on any target -----------------------------------------


def _comments_of(**target):
    return Comment.objects.filter(**target).select_related("author").order_by("created_at", "id")


def _comment_list_response(view, request, **target):
    page = view.paginate_queryset(_comments_of(**target))
    serializer = CommentSerializer(page, many=True, context=view.get_serializer_context())
    return view.get_paginated_response(serializer.data)


def _comment_create_response(view, request, **target):
    """Post a comment on ``target`` (a proposal or a contribution), or a reply in its thread."""
    data = _parse(CommentCreateSerializer, request)
    parent = data.get("parent")
    [(kind, obj)] = target.items()  # proposal=… or contribution=…
    if parent is not None and getattr(parent, f"{kind}_id") != obj.pk:
        raise ValidationError({"parent": [_("This comment belongs to another thread.")]})
    comment = services.comment_post(
        author=request.user,
        text=data["text"],
        parent=parent,
        sources=data.get("sources", ()),
        **target,
    )
    comment = _comments_of(pk=comment.pk).get()
    serializer = CommentSerializer(comment, context=view.get_serializer_context())
    return Response(serializer.data, status=status.HTTP_201_CREATED)


def comments_schema(func):
    """The documentation of a thread endpoint (``comments/`` of a proposal or contribution)."""
    func = extend_schema(
        methods=["POST"],
        summary="Comment, or reply with parent (threads stop at depth 3)",
        request=CommentCreateSerializer,
        responses=_errors({201: CommentSerializer}),
    )(func)
    return extend_schema(
        methods=["GET"],
        summary="The comments of its thread, oldest first (flat: parent and depth)",
        filters=False,
        responses={200: CommentSerializer(many=True), 404: NOT_FOUND},
    )(func)


class ModeratedContentMixin:
    """``flag/`` and ``moderate/`` on a comment or a contribution (``content_kind``)."""

    content_kind: str  # "comment" or "contribution": the services' keyword

    def get_content(self):
        raise NotImplementedError

    @extend_schema(
        summary="Flag it for the moderators of its space (once)",
        request=FlagSerializer,
        responses=_errors({201: FlagSerializer}),
    )
    @action(detail=True, methods=["post"])
    def flag(self, request, pk=None):
        content = self.get_content()
        _require(request.user, "proposals.flag_content", content)
        data = _parse(FlagSerializer, request)
        flag = services.flag_add(citizen=request.user, **data, **{self.content_kind: content})
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Hide it (with a public reason), restore it, or dismiss its flags",
        request=ModerateSerializer,
        responses=_errors({200: ModerationResultSerializer}),
    )
    @action(detail=True, methods=["post"])
    def moderate(self, request, pk=None):
        content = self.get_content()
        _require(request.user, "proposals.moderate_content", content)
        data = _parse(ModerateSerializer, request)
        target = {self.content_kind: content}
        kind, reason = data["action"], data.get("reason", "")
        dismissed = 0
        if kind == "hide":
            changed = services.content_hide(actor=request.user, reason=reason, **target)
        elif kind == "restore":
            changed = services.content_restore(actor=request.user, reason=reason, **target)
        else:
            dismissed = services.flags_dismiss(actor=request.user, **target)
            changed = bool(dismissed)
        content.refresh_from_db(fields=["hidden_at", "hidden_reason"])
        result = {
            "action": kind,
            "changed": changed,
            "dismissed_flags": dismissed,
            "hidden": content.is_hidden,
            "hidden_reason": content.hidden_reason if content.is_hidden else "",
        }
        return Response(ModerationResultSerializer(result).data)


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
        if user.is_authenticated:
            queryset = queryset.annotate(
                supported=Exists(Support.objects.filter(proposal=OuterRef("pk"), citizen=user))
            )
        return queryset.order_by(*selectors.SORTS["newest"])

    def get_proposal(self) -> Proposal:
        """The proposal of the path, with what its detail shows; 404 for another's draft."""
        try:
            proposal = selectors.proposal_for_page(_pk(self.kwargs["pk"]))
        except Proposal.DoesNotExist:
            raise NotFound(_("No such proposal.")) from None
        if proposal.status == S.DRAFT and proposal.author_id != self.request.user.pk:
            raise NotFound(_("No such proposal."))
        return proposal

    def detail_response(self, proposal: Proposal, *, reload: bool = True, **kwargs) -> Response:
        if reload:
            proposal = selectors.proposal_for_page(proposal.pk)
        user = self.request.user
        proposal.supported = (
            proposal.supports.filter(citizen=user).exists() if user.is_authenticated else None
        )
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
        read_now = request.user.is_authenticated and services.proposal_mark_read(
            proposal=proposal, reader=request.user
        )
        return self.detail_response(proposal, reload=read_now)

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
        proposal = self.get_proposal()
        _require(request.user, "proposals.withdraw_proposal", proposal)
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

    @extend_schema(
        summary="Answer: accepted, declined or implemented (decision makers of its space, staff)",
        request=AnswerSerializer,
        responses=_errors({200: ProposalDetailSerializer}),
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        proposal = self.get_proposal()
        _require(request.user, "proposals.answer_proposal", proposal)
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
        proposal = self.get_proposal()
        _require(request.user, "proposals.transfer_proposal", proposal)
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
        proposal = self.get_proposal()
        _require(request.user, "proposals.change_status_proposal", proposal)
        data = _parse(StatusSerializer, request)
        proposal = services.proposal_set_status(proposal=proposal, actor=request.user, **data)
        return self.detail_response(proposal)

    @comments_schema
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        proposal = self.get_proposal()
        if request.method == "GET":
            return _comment_list_response(self, request, proposal=proposal)
        return _comment_create_response(self, request, proposal=proposal)


# --- Consultations and contributions --------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Consultations: filter and search, newest first"),
)
class ConsultationViewSet(mixins.ListModelMixin, ParticipationViewSet):
    """Questions decision makers open to citizens for a while, and what they decided."""

    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilter

    def get_queryset(self):
        return selectors.consultation_list().select_related("closed_by")

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
        _require(request.user, "proposals.manage_consultation", consultation)
        data = _parse(ConsultationUpdateSerializer, request, instance=consultation, partial=True)
        services.consultation_update(consultation=consultation, actor=request.user, **data)
        return self.detail_response(consultation)

    @extend_schema(
        summary="Close it and say what was decided (decision makers of its space, staff)",
        request=ConsultationCloseSerializer,
        responses=_errors({200: ConsultationSerializer}),
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        consultation = self.get_consultation()
        _require(request.user, "proposals.manage_consultation", consultation)
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
    queryset = Contribution.objects.select_related("author", "consultation__space")
    content_kind = "contribution"

    def get_content(self) -> Contribution:
        queryset = self.get_queryset()
        user = self.request.user
        if user.is_authenticated:
            queryset = queryset.annotate(
                agreed=Exists(Agreement.objects.filter(contribution=OuterRef("pk"), citizen=user))
            )
        return get_object_or_404(queryset, pk=_pk(self.kwargs["pk"]))

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
        _require(request.user, "proposals.review_contribution", contribution)
        data = _parse(OutcomeSerializer, request)
        services.contribution_mark_helped(
            contribution=contribution, actor=request.user, outcome_note=data["outcome_note"]
        )
        return self.detail_response()

    @comments_schema
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        contribution = self.get_content()
        if request.method == "GET":
            return _comment_list_response(self, request, contribution=contribution)
        return _comment_create_response(self, request, contribution=contribution)


class CommentViewSet(ModeratedContentMixin, ParticipationViewSet):
    """One comment: read, edit (its author, within the edit window), delete, flag, moderate."""

    serializer_class = CommentSerializer
    queryset = Comment.objects.select_related(
        "author", "proposal__space", "contribution__consultation__space"
    )
    content_kind = "comment"

    def get_content(self) -> Comment:
        return get_object_or_404(self.get_queryset(), pk=_pk(self.kwargs["pk"]))

    @extend_schema(summary="A comment", responses={200: CommentSerializer, 404: NOT_FOUND})
    def retrieve(self, request, *args, **kwargs):
        comment = self.get_content()
        return Response(CommentSerializer(comment, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Edit your comment (within the edit window)",
        request=CommentEditSerializer,
        responses=_errors({200: CommentSerializer}),
    )
    def partial_update(self, request, *args, **kwargs):
        comment = self.get_content()
        user = request.user
        if comment.author_id != user.pk or comment.is_deleted or comment.is_hidden:
            raise PermissionDenied(_("You are not allowed to do this."))
        if not rules.has_perm("proposals.edit_comment", user, comment):
            raise PermissionDenied(_edit_window_message())
        data = _parse(CommentEditSerializer, request, partial=True)
        comment = services.comment_edit(
            comment=comment,
            actor=user,
            text=data.get("text", comment.text),
            sources=data.get("sources"),
        )
        return Response(CommentSerializer(comment, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Delete your comment (replies stay readable)",
        responses={204: None, 403: FORBIDDEN, 404: NOT_FOUND, 429: THROTTLED},
    )
    def destroy(self, request, *args, **kwargs):
        services.comment_delete(comment=self.get_content(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _edit_window_message() -> str:
    minutes = int(settings.COMMENT_EDIT_WINDOW.total_seconds() // 60)
    return ngettext(
        "A comment can only be edited during the %(minutes)d minute after it was posted.",
        "A comment can only be edited during the %(minutes)d minutes after it was posted.",
        minutes,
    ) % {"minutes": minutes}
