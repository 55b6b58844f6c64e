"""Reads about a citizen that cross apps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import timezone

from civic import privacy
from civic.models import Citizen, DataExport

EXPORT_FORMAT = "civic-export/1"


def citizen_export_data(*, citizen: Citizen) -> dict[str, Any]:
    """Everything civic holds about ``citizen`` (GDPR art. 15 and 20), as JSON-ready data:
    one section per app, as each declares in its ``personal_data`` module (``civic.privacy``).
    """
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        **privacy.export(citizen),
    }


EXPORT_LINK_SALT = "civic.data-export"


def data_export_token(export: DataExport) -> str:
    """The signed part of an archive's download link (it names the archive, and is dated)."""
    return signing.dumps(export.pk, salt=EXPORT_LINK_SALT)


def data_export_from_token(*, citizen: Citizen, token: str) -> DataExport | None:
    """The citizen's ready archive that ``token`` names, or None if the link is forged,
    expired, someone else's or the archive is gone."""
    try:
        pk = signing.loads(token, salt=EXPORT_LINK_SALT, max_age=settings.DATA_EXPORT_HOURS * 3600)
    except signing.BadSignature:  # SignatureExpired included
        return None
    export = DataExport.objects.filter(pk=pk, citizen=citizen, ready_at__isnull=False).first()
    # A link signed a moment ago still ends with the archive's own time.
    return None if export is None or export.is_expired else export


def data_exports_of(citizen: Citizen) -> list[DataExport]:
    """The citizen's archives, newest first, each with its ``link`` when ready."""
    from django.urls import reverse

    exports = list(DataExport.objects.filter(citizen=citizen))
    for export in exports:
        export.link = (
            reverse("export_download", args=[data_export_token(export)])
            if export.ready_at is not None and not export.is_expired
            else None
        )
    return exports


def data_exports_pending(*, older_than: timedelta = timedelta(minutes=5)) -> list[int]:
    """The ids of archives asked for a while ago and still not built (a lost task)."""
    return list(
        DataExport.objects.filter(
            ready_at__isnull=True, created_at__lte=timezone.now() - older_than
        ).values_list("pk", flat=True)
    )
