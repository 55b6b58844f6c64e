"""The civic app: the project itself — the citizen (the user model), accounts, settings and
the API root."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicConfig(AppConfig):
    name = "civic"
    verbose_name = _("Citizens")

    def ready(self) -> None:
        # Every app declares what it holds of a citizen in its ``personal_data`` module.
        from civic import privacy

        privacy.autodiscover()
