"""The notifications app: events, their fan-out to inboxes and emails, preferences and digests."""

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Every app declares its kinds in its own ``notifications`` module (registry.py).
        autodiscover_modules("notifications")
