"""The jurisdictions app: the tree of spaces, their bodies and mandates, topics and who is
responsible."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JurisdictionsConfig(AppConfig):
    name = "jurisdictions"
    verbose_name = _("Jurisdictions")

    def erase_personal_data(self, citizen) -> None:
        """Account erasure (``civic.services.citizen_erase``): follows and mandates go."""
        from jurisdictions.services import citizen_places_erase

        citizen_places_erase(citizen=citizen)
