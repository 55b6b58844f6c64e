"""Shapes of the accountability API (the page says the same in plain words)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jurisdictions.serializers import JurisdictionRefSerializer


class MonthSerializer(serializers.Serializer):
    month = serializers.SerializerMethodField()
    received = serializers.IntegerField()
    answered = serializers.IntegerField()

    def get_month(self, month) -> str:
        """The month as YYYY-MM."""
        return month.start.strftime("%Y-%m")


class AccountabilitySerializer(serializers.Serializer):
    space = JurisdictionRefSerializer()
    since = serializers.DateTimeField(help_text=_("Start of the period (12 calendar months)."))
    until = serializers.DateTimeField()
    received = serializers.IntegerField(
        help_text=_("Proposals that reached the space in the period (submitted or transferred).")
    )
    read = serializers.IntegerField()
    unread = serializers.IntegerField(help_text=_("Still waiting for the first read."))
    median_hours_to_first_read = serializers.SerializerMethodField()
    due = serializers.IntegerField(help_text=_("Received at least 30 days ago, not withdrawn."))
    answered_within_30_days = serializers.IntegerField()
    share_answered_within_30_days = serializers.FloatField(allow_null=True)
    answered = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    accepted = serializers.IntegerField()
    implemented = serializers.IntegerField()
    transferred_elsewhere = serializers.IntegerField()
    contributions = serializers.IntegerField()
    contributions_helped = serializers.IntegerField(
        help_text=_("Contributions of the period that helped shape policy.")
    )
    months = MonthSerializer(many=True)

    def get_median_hours_to_first_read(self, figures) -> float | None:
        median = figures.median_time_to_read
        return None if median is None else round(median.total_seconds() / 3600, 2)
