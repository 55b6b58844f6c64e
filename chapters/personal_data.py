"""What the chapters app holds of a citizen (``civic.privacy``): memberships and RSVPs,
erased with the account (the member and RSVP counts drop; a last organiser hands over)."""

from civic.privacy import OFFICIAL_ACT, Exempt, Rows, register


def _erase(citizen) -> None:
    from chapters.services import memberships_erase

    memberships_erase(citizen=citizen)


register(
    "chapters",
    Rows(
        "chapters.Membership.citizen",
        "memberships",
        fields=(
            ("chapter", "chapter__name"),
            "role",
            "status",
            "share_email",
            "created_at",
            "decided_at",
        ),
        erased=True,
    ),
    Rows(
        "chapters.RSVP.citizen",
        "meetings",
        fields=(
            ("meeting", "meeting__title"),
            ("starts_at", "meeting__starts_at"),
            "attended",
            "created_at",
        ),
        erased=True,
    ),
    Exempt("chapters.Membership.decided_by", OFFICIAL_ACT),
    Exempt("chapters.Meeting.created_by", OFFICIAL_ACT),
    erase=_erase,
)
