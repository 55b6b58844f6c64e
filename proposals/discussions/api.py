"""REST API of the discussions: comments, flags and moderation, on any target.

``CommentViewSet`` serves one comment; ``ModeratedContentMixin`` gives any viewset of
moderated content its ``flag/`` and ``moderate/`` actions (comments here, contributions in
``proposals.consultations.api``); ``thread_response`` serves the ``comments/`` endpoint of a
proposal or a contribution. Every write is one call to ``proposals.discussions.services``,
with the permissions of the web pages (403 before any 400).
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from civic.api.helpers import FORBIDDEN, NOT_FOUND, THROTTLED
from civic.api.helpers import error_responses as _errors
from civic.api.helpers import parse_input as _parse
from civic.api.helpers import path_pk as _pk
from civic.api.helpers import require_perm as _require
from civic.api.viewsets import ParticipationViewSet
from proposals.discussions import selectors, services
from proposals.discussions.serializers import (
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentSerializer,
    FlagSerializer,
    ModerateSerializer,
    ModerationResultSerializer,
)
from proposals.discussions.views import edit_window_message


def _comments_of(**target):
    return selectors.comments().filter(**target).order_by("created_at", "id")


def thread_response(view, request, target):
    """``GET``: the comments of ``target``'s thread, oldest first (flat, paginated);
    ``POST``: a comment on it, or a reply (``parent``) in the same thread."""
    kind = target._meta.model_name  # "proposal" or "contribution": Comment's foreign key
    context = view.get_serializer_context()
    if request.method == "GET":
        page = view.paginate_queryset(_comments_of(**{kind: target}))
        return view.get_paginated_response(CommentSerializer(page, many=True, context=context).data)
    posted = _parse(CommentCreateSerializer, request)
    parent = posted.get("parent")
    if parent is not None and getattr(parent, f"{kind}_id") != target.pk:
        raise ValidationError({"parent": [_("This comment belongs to another thread.")]})
    comment = services.comment_post(
        author=request.user,
        text=posted["text"],
        parent=parent,
        sources=posted.get("sources", ()),
        **{kind: target},
    )
    comment = _comments_of(pk=comment.pk).get()
    data = CommentSerializer(comment, context=context).data
    return Response(data, status=status.HTTP_201_CREATED)


def thread_schema(func):
    """The documentation of a ``comments/`` endpoint (of a proposal or a contribution)."""
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
    """``flag/`` and ``moderate/`` on a comment or a contribution (``get_content``)."""

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
        _require(request.user, "discussions.flag_content", content)
        data = _parse(FlagSerializer, request)
        flag = services.flag_add(citizen=request.user, content=content, **data)
        return Response(FlagSerializer(flag).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Hide it (with a public reason), restore it, or dismiss its flags",
        request=ModerateSerializer,
        responses=_errors({200: ModerationResultSerializer}),
    )
    @action(detail=True, methods=["post"])
    def moderate(self, request, pk=None):
        content = self.get_content()
        _require(request.user, "discussions.moderate_content", content)
        data = _parse(ModerateSerializer, request)
        result = services.content_moderate(
            actor=request.user,
            content=content,
            action=data["action"],
            reason=data.get("reason", ""),
        )
        outcome = {
            "action": result.action,
            "changed": result.changed,
            "dismissed_flags": result.dismissed,
            "hidden": content.is_hidden,
            "hidden_reason": content.hidden_reason if content.is_hidden else "",
        }
        return Response(ModerationResultSerializer(outcome).data)


class CommentViewSet(ModeratedContentMixin, ParticipationViewSet):
    """One comment: read, edit (its author, within the edit window), delete, flag, moderate."""

    serializer_class = CommentSerializer

    def get_queryset(self):
        return selectors.comments()

    def get_content(self):
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
        if not rules.has_perm("discussions.edit_comment", user, comment):
            raise PermissionDenied(edit_window_message())
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
