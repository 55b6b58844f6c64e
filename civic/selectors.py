"""Reads about a citizen that cross apps."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from civic.models import Citizen


def citizen_export_data(*, citizen: Citizen) -> dict[str, Any]:
    """Everything civic holds about ``citizen`` (GDPR art. 15 and 20), as JSON-ready data.

    Each app contributes through an optional ``personal_data(citizen)`` method on its
    AppConfig, so a new app adds its own section without touching this function.
    """
    from allauth.account.models import EmailAddress

    data: dict[str, Any] = {
        "profile": {
            "email": citizen.email,
            "display_name": citizen.display_name,
            "preferred_language": citizen.preferred_language,
            "gender": citizen.gender,
            "home": str(citizen.home) if citizen.home_id else None,
            "date_joined": citizen.date_joined.isoformat(),
            "last_login": citizen.last_login.isoformat() if citizen.last_login else None,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=citizen).order_by("email")
        ],
    }
    for config in apps.get_app_configs():
        contribute = getattr(config, "personal_data", None)
        if callable(contribute):
            data[config.label] = contribute(citizen)
    return data
