"""Who may open, manage, contribute to, agree with and review consultations.

``obj`` is the space for opening, the consultation for managing, the contribution for
agreeing and reviewing.
"""

import rules

from civic.rules import is_author, is_citizen
from jurisdictions.rules import can_act_for_item, can_act_for_space

rules.add_perm("consultations.open_consultation", can_act_for_space)
rules.add_perm("consultations.manage_consultation", can_act_for_item)
rules.add_perm("consultations.post_contribution", is_citizen)
# Any citizen may follow a consultation they can see (contributing follows it).
rules.add_perm("consultations.follow_consultation", is_citizen)
rules.add_perm("consultations.agree_contribution", is_citizen & ~is_author)
rules.add_perm("consultations.review_contribution", can_act_for_item)
