"""What the notifications app holds of a citizen (``civic.privacy``): their notifications,
read marks, digest setting and preferences, all erased with the account."""

from civic.privacy import Exempt, Rows, register

register(
    "notifications",
    Rows(
        "notifications.Notification.recipient",
        "notifications",
        fields=("kind", ("space", "space__label"), "created_at", "read_at", "emailed_at"),
        erased=True,
    ),
    Rows(
        "notifications.InboxState.citizen",
        "inbox",
        fields=("digest", "audience_read_until", "last_digest_at"),
        erased=True,
    ),
    Rows(
        "notifications.AudienceRead.citizen",
        "announcements_read",
        fields=(("kind", "event__kind"), ("at", "event__created_at")),
        erased=True,
    ),
    Rows(
        "notifications.Preference.citizen",
        "preferences",
        fields=("kind", "channel", "enabled"),
        erased=True,
    ),
    Exempt(
        "notifications.Event.actor",
        "who did what others are told about: an official act or a public contribution, "
        "which the matching section exports",
    ),
)
