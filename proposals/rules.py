"""Who may do what with proposals: the one place that decides.

Services check these with ``rules.has_perm`` (never ``user.has_perm``: see ``civic.rules``).
The proposal page, the dashboard, the API and the admin all go through the same services.
Consultations and discussions have their own rules (``proposals.consultations.rules``,
``proposals.discussions.rules``).
"""

import rules

from civic.rules import is_author, is_citizen
from jurisdictions.rules import can_act_for_item, serves_space_of


@rules.predicate
def is_draft(user, proposal) -> bool:
    return proposal is not None and proposal.status == "draft"


@rules.predicate
def is_public(user, proposal) -> bool:
    return proposal is not None and proposal.status != "draft"


rules.add_perm("proposals.see_proposal", is_public | is_author)  # drafts are private
rules.add_perm("proposals.create_proposal", is_citizen)
rules.add_perm("proposals.edit_proposal", is_author & is_draft)
rules.add_perm("proposals.submit_proposal", is_author)  # the lifecycle refuses non-drafts
rules.add_perm("proposals.withdraw_proposal", is_author)
rules.add_perm("proposals.support_proposal", is_citizen & ~is_author)
# Any citizen may follow a proposal they can see (its author follows it from the start).
rules.add_perm("proposals.follow_proposal", is_citizen)
rules.add_perm("proposals.read_proposal", serves_space_of)  # the read receipt
rules.add_perm("proposals.answer_proposal", can_act_for_item)
rules.add_perm("proposals.transfer_proposal", can_act_for_item)
rules.add_perm("proposals.change_status_proposal", can_act_for_item)
