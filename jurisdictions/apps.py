"""The jurisdictions app: the tree of spaces, their bodies and mandates, topics and who is
responsible."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JurisdictionsConfig(AppConfig):
    name = "jurisdictions"
    verbose_name = _("Jurisdictions")
