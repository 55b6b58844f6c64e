"""The notification kinds of the proposals (``notifications.registry`` says what a kind is).

Recorded by ``proposals.services``; the author and those who follow a proposal (its
supporters) are told personally, the followers of the space hear when it is read and
answered.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notifications.registry import Kind, citizen_ids, register, space_name, title_of


def _author(event):
    return citizen_ids([event.proposal.author_id])


def _author_and_followers(event):
    from proposals.models import ProposalFollow

    followers = ProposalFollow.objects.filter(proposal_id=event.proposal_id)
    return citizen_ids(followers.values("citizen_id")) | _author(event)


def _status_changed_recipients(event):
    # Everyone who supports or follows the proposal hears that it was implemented.
    if event.data.get("to") == "implemented":
        return _author_and_followers(event)
    return _author(event)


def _outcome(status: str) -> str:
    return {
        "accepted": _("accepted"),
        "declined": _("declined"),
        "implemented": _("implemented"),
        "under_consideration": _("under consideration"),
        "read": _("read"),
    }.get(status, status)


def _proposal(event) -> dict:
    return {"title": title_of(event.proposal), "space": space_name(event)}


def _read(event, personal: bool) -> str:
    if personal:
        return _("Your proposal “%(title)s” was read by %(space)s.") % _proposal(event)
    return _("A proposal was read in %(space)s: “%(title)s”.") % _proposal(event)


def _answered(event, personal: bool) -> str:
    values = {**_proposal(event), "outcome": _outcome(event.data.get("outcome", ""))}
    if personal:
        return _("“%(title)s” was answered by %(space)s: %(outcome)s.") % values
    return _("%(space)s answered “%(title)s”: %(outcome)s.") % values


def _status_changed(event, personal: bool) -> str:
    return _("“%(title)s” is now %(status)s.") % {
        **_proposal(event),
        "status": _outcome(event.data.get("to", "")),
    }


def _transferred(event, personal: bool) -> str:
    return _("“%(title)s” was transferred from %(from)s to %(space)s.") % {
        **_proposal(event),
        "from": event.data.get("from_space_name", ""),
    }


PROPOSAL_SUBMITTED = register(Kind("proposal.submitted", label=gettext_lazy("Proposal submitted")))
PROPOSAL_READ = register(
    Kind(
        "proposal.read",
        label=gettext_lazy("Proposal read"),
        recipients=_author,
        audience=True,
        message=_read,
        email=True,
        preference=gettext_lazy("A proposal of mine, or in a place I follow, was read"),
    )
)
PROPOSAL_ANSWERED = register(
    Kind(
        "proposal.answered",
        label=gettext_lazy("Proposal answered"),
        recipients=_author_and_followers,
        audience=True,
        message=_answered,
        email=True,
        preference=gettext_lazy("A proposal I wrote, support or follow was answered"),
    )
)
PROPOSAL_STATUS_CHANGED = register(
    Kind(
        "proposal.status_changed",
        label=gettext_lazy("Proposal status changed"),
        recipients=_status_changed_recipients,
        message=_status_changed,
        email=True,
        preference=gettext_lazy(
            "The status of my proposal changed, or one I support was implemented"
        ),
    )
)
PROPOSAL_TRANSFERRED = register(
    Kind(
        "proposal.transferred",
        label=gettext_lazy("Proposal transferred"),
        recipients=_author_and_followers,
        message=_transferred,
        email=True,
        preference=gettext_lazy("A proposal I wrote or support was transferred"),
    )
)
PROPOSAL_WITHDRAWN = register(Kind("proposal.withdrawn", label=gettext_lazy("Proposal withdrawn")))
PROPOSAL_SUPPORTED = register(Kind("proposal.supported", label=gettext_lazy("Proposal supported")))
PROPOSAL_SUPPORTS_TODAY = register(
    Kind(
        "proposal.supports_today",
        label=gettext_lazy("New supports of the day"),
        recipients=_author,
        message=lambda event, personal: (
            ngettext(
                "%(count)s new support today for “%(title)s”.",
                "%(count)s new supports today for “%(title)s”.",
                event.data.get("count", 0),
            )
            % {**_proposal(event), "count": event.data.get("count", 0)}
        ),
        email=True,
        preference=gettext_lazy("New supports for my proposals (at most once a day)"),
    )
)
