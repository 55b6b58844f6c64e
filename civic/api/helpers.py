"""What every API module shares: error responses for the schema, the permission check, path
ids and input parsing — so the participation, chapters, challenges and competences APIs
answer bad input, outsiders and unknown ids the same way."""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.exceptions import NotFound

BAD_REQUEST = OpenApiResponse(
    OpenApiTypes.OBJECT, description="Field messages: {field: [message, …]}."
)
FORBIDDEN = OpenApiResponse(OpenApiTypes.OBJECT, description="Not allowed: {detail: message}.")
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="Unknown id: {detail: message}.")
THROTTLED = OpenApiResponse(
    OpenApiTypes.OBJECT, description="Over the write budget: {detail: message}."
)


def error_responses(responses: dict) -> dict:
    """``responses`` (status → schema) plus the errors any write can answer."""
    return {**responses, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, 429: THROTTLED}


def require_perm(user, perm: str, obj=None) -> None:
    """403 before reading the input, as the web views do (``rules``, not ``user.has_perm``)."""
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def path_pk(value) -> int:
    """A path id as an int; anything else is an unknown id (404, not a 500)."""
    value = str(value)
    if not (value.isascii() and value.isdigit()):
        raise NotFound()
    return int(value)


def parse_input(serializer_class, request, **kwargs) -> dict:
    """Validate ``request.data`` with ``serializer_class``; 400 with field messages if bad."""
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
