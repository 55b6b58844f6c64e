"""What the civic app holds of a citizen (``civic.privacy``): the account itself, its email
addresses, its API token, the admin's journal and the data export archives."""

from __future__ import annotations

from civic.privacy import Exempt, Rows, register


def _profile(citizen) -> dict:
    return {
        "profile": {
            "email": citizen.email,
            "display_name": citizen.display_name,
            "preferred_language": citizen.preferred_language,
            "gender": citizen.gender,
            "home": citizen.home.label if citizen.home_id else None,
            "date_joined": citizen.date_joined,
            "last_login": citizen.last_login,
            "show_competences": citizen.show_competences,
        }
    }


def _erase(citizen) -> None:
    from civic.services import data_exports_delete

    data_exports_delete(citizen=citizen)


register(
    "account",
    Rows(
        "account.EmailAddress.user",
        "email_addresses",
        fields=("email", "verified", "primary"),
        erased=True,
    ),
    Exempt("authtoken.Token.user", "a secret credential, never exported; erasure revokes it"),
    Exempt("authtoken.TokenProxy.user", "the admin's view of authtoken.Token"),
    Exempt(
        "admin.LogEntry.user",
        "the staff journal of the Django admin; erasure replaces its descriptions of the "
        "citizen (civic.services.citizen_erase)",
    ),
    Exempt("civic.DataExport.citizen", "the export archives themselves; erasure deletes them"),
    export=_profile,
    erase=_erase,
)
