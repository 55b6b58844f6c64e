"""What the jurisdictions app holds of a citizen (``civic.privacy``): the places they follow
and their mandates, both erased with the account (the follower counts drop)."""

from civic.privacy import Rows, register


def _erase(citizen) -> None:
    from jurisdictions.services import citizen_places_erase

    citizen_places_erase(citizen=citizen)


register(
    "jurisdictions",
    Rows(
        "jurisdictions.Follow.citizen",
        "places_followed",
        fields=(("place", "space__label"), "automatic", "created_at"),
        erased=True,
    ),
    Rows(
        "jurisdictions.Mandate.citizen",
        "mandates",
        fields=(("body", "body__name"), "role", "title", "start_date", "end_date"),
        erased=True,
    ),
    erase=_erase,
)
