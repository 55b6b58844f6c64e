"""The consultation list's filters: ``/consultations/``, a space's consultations and
``/api/v1/consultations/`` (``proposals.filters.SpaceItemFilter`` says how pages use them)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.consultations.models import Consultation
from proposals.filters import SpaceItemFilter


class ConsultationFilter(SpaceItemFilter):
    open = django_filters.BooleanFilter(
        widget=forms.CheckboxInput,
        method="filter_open",
        label=_("Open consultations only"),
        help_text=_("true: only consultations open now."),
    )

    search_fields = ("question", "context")
    search_help = _("Words in the question or the context.")

    class Meta:
        model = Consultation
        fields = ["space", "descendants", "topic", "open", "search"]

    def filter_open(self, queryset, name, value):
        return queryset.open_now() if value else queryset
