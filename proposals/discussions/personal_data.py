"""What the discussions hold of a citizen (``civic.privacy``): their comments and flags."""

from civic.privacy import OFFICIAL_ACT, PUBLIC_CONTRIBUTION, Exempt, Rows, register

register(
    "discussions",
    Rows(
        "discussions.Comment.author",
        "comments",
        fields=(
            "id",
            "text",
            "sources",
            ("proposal", "proposal_id"),
            ("contribution", "contribution_id"),
            ("chapter", "chapter_id"),
            ("reply_to", "parent_id"),
            "created_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
            "hidden_reason",
        ),
        kept=PUBLIC_CONTRIBUTION,
    ),
    Rows(
        "discussions.Flag.citizen",
        "flags",
        fields=(
            ("comment", "comment_id"),
            ("contribution", "contribution_id"),
            "reason",
            "details",
            "created_at",
            "dismissed_at",
        ),
        kept="a report the moderators acted on; anonymous once erased",
    ),
    Exempt("discussions.Comment.hidden_by", OFFICIAL_ACT),
    Exempt("discussions.Flag.dismissed_by", OFFICIAL_ACT),
)
