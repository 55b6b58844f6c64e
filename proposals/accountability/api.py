"""The public accountability of a space in the API: ``GET jurisdictions/<slug>/accountability/``
(``api:jurisdiction-accountability``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from jurisdictions.models import Jurisdiction
from proposals.accountability.selectors import accountability_of
from proposals.accountability.serializers import AccountabilitySerializer


class AccountabilityView(GenericAPIView):
    """How a place or organisation reads and answers citizens (public).

    Definitions: ``proposals/accountability/selectors.py`` (the page says the same in plain words).
    """

    permission_classes = [permissions.AllowAny]
    serializer_class = AccountabilitySerializer

    @extend_schema(summary="Accountability of a space over the last 12 months")
    def get(self, request, slug):
        space = get_object_or_404(Jurisdiction, slug=slug)
        figures = accountability_of(space)
        return Response(AccountabilitySerializer(figures, context={"request": request}).data)
