"""The citizen competences app (``civic.competences``, label ``competences``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "civic.competences"
    label = "competences"
    verbose_name = _("Citizen competences")
