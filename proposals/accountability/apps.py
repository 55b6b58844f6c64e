"""The accountability sub-app (label ``accountability``): a space's public figures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "proposals.accountability"
    label = "accountability"
    verbose_name = _("Accountability")
