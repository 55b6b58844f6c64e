"""What the consultations hold of a citizen (``civic.privacy``): their contributions and the
contributions they agreed with."""

from civic.privacy import OFFICIAL_ACT, PUBLIC_CONTRIBUTION, Exempt, Rows, register

register(
    "consultations",
    Rows(
        "consultations.Contribution.author",
        "contributions",
        fields=(
            "id",
            ("consultation", "consultation__question"),
            "text",
            "created_at",
            "read_at",
            "helped_shape_policy",
            "outcome_note",
            "hidden_at",
            "hidden_reason",
        ),
        kept=PUBLIC_CONTRIBUTION,
    ),
    Rows(
        "consultations.Agreement.citizen",
        "agreements",
        fields=(("contribution", "contribution_id"), "created_at"),
        kept="counted in a contribution's public agreement count; anonymous once erased",
    ),
    Rows(
        "consultations.ConsultationFollow.citizen",
        "consultations_followed",
        fields=(("consultation", "consultation__question"), "created_at"),
        erased=True,
    ),
    Exempt("consultations.Consultation.created_by", OFFICIAL_ACT),
    Exempt("consultations.Consultation.closed_by", OFFICIAL_ACT),
    Exempt("consultations.Contribution.hidden_by", OFFICIAL_ACT),
    Exempt("consultations.Contribution.read_by", OFFICIAL_ACT),
)
