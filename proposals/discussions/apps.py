"""The discussions sub-app (label ``discussions``): comments, flags and moderation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "proposals.discussions"
    label = "discussions"
    verbose_name = _("Discussions and moderation")
