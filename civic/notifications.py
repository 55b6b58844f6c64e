"""The notification kinds of the citizen's account (``notifications.registry``): their data
export archive is ready."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.registry import Kind, citizen_ids, register

DATA_EXPORT_READY = register(
    Kind(
        "account.export_ready",
        label=gettext_lazy("Data export ready"),
        recipients=lambda event: citizen_ids([event.data.get("citizen")]),
        message=lambda event, personal: (
            _("Your data export is ready: download it within %(hours)s hours.")
            % {"hours": settings.DATA_EXPORT_HOURS}
        ),
        link=lambda event: reverse("export_archive"),
        email=True,
    )
)
