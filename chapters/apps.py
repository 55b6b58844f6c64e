"""The chapters app: local and national chapters, their members, organisers and meetings."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChaptersConfig(AppConfig):
    name = "chapters"
    verbose_name = _("Chapters")
