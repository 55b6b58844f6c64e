"""The follow endpoint every followable thing shares: ``POST`` follows, ``DELETE`` stops.

``follow_action`` builds the viewset action for proposals, consultations and challenges, so
that the three answer the same way: ``{"followed": …}``, 401 for anonymous callers, 404 for an
id one cannot see, 403 when the service's rule refuses.
"""

from __future__ import annotations

from collections.abc import Callable

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from civic.api.fields import FollowStateSerializer
from civic.api.helpers import error_responses


def follow_action(
    *,
    summary: str,
    target: str,
    follow: Callable,
    unfollow: Callable,
    following: Callable | None = None,
):
    """The ``follow`` action of a viewset. ``target``: the name of the viewset's method that
    returns the object of the path (404 if unseen); ``follow(obj, citizen)`` and
    ``unfollow(obj, citizen)``: the services; ``following(citizen, obj)``: the state to
    answer, read back (by default, what was just asked)."""
    responses = error_responses({200: FollowStateSerializer})
    follow_service = follow

    @extend_schema(methods=["POST"], summary=summary, request=None, responses=responses)
    @extend_schema(methods=["DELETE"], summary="Stop following it", request=None,
                   responses=responses)  # fmt: skip
    @action(detail=True, methods=["post", "delete"], url_path="follow", url_name="follow")
    def follow(self, request, pk=None):  # the name the router maps POST and DELETE to
        obj = getattr(self, target)()
        wanted = request.method != "DELETE"
        (follow_service if wanted else unfollow)(obj, request.user)
        followed = following(request.user, obj) if following is not None else wanted
        return Response(FollowStateSerializer({"followed": followed}).data)

    return follow
