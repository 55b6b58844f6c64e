"""What the proposals app holds of a citizen (``civic.privacy``): their proposals, drafts
included, their supports and the proposals they follow. Erasure deletes the drafts and the
follows; sent proposals and supports stay, anonymous."""

from civic.privacy import OFFICIAL_ACT, PUBLIC_CONTRIBUTION, Exempt, Rows, register


def _erase(citizen) -> None:
    from proposals.services import proposal_drafts_erase

    proposal_drafts_erase(citizen=citizen)


register(
    "proposals",
    Rows(
        "proposals.Proposal.author",
        "proposals",
        fields=(
            "id",
            "title",
            "text",
            "status",
            ("space", "space__label"),
            "impact_citizens_text",
            "impact_collectivities_text",
            "impact_governments_text",
            "freedom_statement",
            "created_at",
            "submitted_at",
            "answer_text",
        ),
        kept=PUBLIC_CONTRIBUTION + "; drafts are deleted",
    ),
    Rows(
        "proposals.Support.citizen",
        "supports",
        fields=(("proposal", "proposal_id"), ("title", "proposal__title"), "created_at"),
        kept="counted in a proposal's public support count; anonymous once erased",
    ),
    Rows(
        "proposals.ProposalFollow.citizen",
        "proposals_followed",
        fields=(("proposal", "proposal_id"), ("title", "proposal__title"), "created_at"),
        erased=True,
    ),
    Exempt("proposals.Proposal.read_by", OFFICIAL_ACT),
    Exempt("proposals.Proposal.answered_by", OFFICIAL_ACT),
    Exempt("proposals.ProposalTransition.actor", OFFICIAL_ACT),
    erase=_erase,
)
