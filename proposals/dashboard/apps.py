"""The decision makers' dashboard sub-app (label ``dashboard``; no models)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "proposals.dashboard"
    label = "dashboard"
    verbose_name = _("Decision makers' dashboard")
