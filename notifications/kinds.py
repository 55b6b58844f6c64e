"""Who is told what: for each kind of event, its personal recipients and whether the
followers of the event's space hear about it (the audience).

Personal recipients are computed set-based (querysets of citizen ids); the actor is
always removed by the caller (``notifications.services.event_dispatch``).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from civic.models import Citizen
from notifications.models import Event

K = Event.Kind

# Followers of the space are told about these (no row per follower: see selectors).
AUDIENCE_KINDS = frozenset(
    {
        K.PROPOSAL_READ,
        K.PROPOSAL_ANSWERED,
        K.CONSULTATION_OPENED,
        K.CONSULTATION_CLOSING,
        K.CONSULTATION_CLOSED,
    }
)


def _ids(queryset) -> QuerySet:
    return Citizen.objects.filter(pk__in=queryset, is_active=True).values_list("pk", flat=True)


def _none() -> QuerySet:
    return Citizen.objects.none().values_list("pk", flat=True)


def _proposal_author(event: Event) -> QuerySet:
    return _ids([event.proposal.author_id])


def _proposal_author_and_followers(event: Event) -> QuerySet:
    from proposals.models import ProposalFollow

    followers = ProposalFollow.objects.filter(proposal_id=event.proposal_id).values("citizen_id")
    return Citizen.objects.filter(is_active=True).filter(pk__in=followers).values_list(
        "pk", flat=True
    ) | _proposal_author(event)


def _status_changed(event: Event) -> QuerySet:
    # Everyone who supports or follows the proposal hears that it was implemented.
    if event.data.get("to") == "implemented":
        return _proposal_author_and_followers(event)
    return _proposal_author(event)


def _contribution_author(event: Event) -> QuerySet:
    return _ids([event.contribution.author_id])


def _parent_comment_author(event: Event) -> QuerySet:
    return _ids([event.data.get("parent_author")])


def _content_author(event: Event) -> QuerySet:
    content = event.comment if event.comment_id else event.contribution
    return _ids([content.author_id])


def _contributors(event: Event) -> QuerySet:
    from proposals.consultations.models import Contribution

    return _ids(
        Contribution.objects.filter(consultation_id=event.consultation_id).values("author_id")
    )


def _challenge_followers(event: Event) -> QuerySet:
    from challenges.models import ChallengeFollow

    return _ids(
        ChallengeFollow.objects.filter(challenge_id=event.data.get("challenge")).values(
            "citizen_id"
        )
    )


def _chapter_members(event: Event) -> QuerySet:
    from chapters.models import Membership

    return _ids(
        Membership.objects.active()
        .filter(chapter_id=event.data.get("chapter"))
        .values("citizen_id")
    )


def _chapter_organisers(event: Event) -> QuerySet:
    from chapters.models import Membership

    return _ids(
        Membership.objects.organisers()
        .filter(chapter_id=event.data.get("chapter"))
        .values("citizen_id")
    )


def _data_citizen(event: Event) -> QuerySet:
    return _ids([event.data.get("citizen")])


PERSONAL = {
    K.PROPOSAL_READ: _proposal_author,
    K.PROPOSAL_STATUS_CHANGED: _status_changed,
    K.PROPOSAL_ANSWERED: _proposal_author_and_followers,
    K.PROPOSAL_TRANSFERRED: _proposal_author_and_followers,
    K.CONTRIBUTION_READ: _contribution_author,
    K.CONTRIBUTION_HELPED: _contribution_author,
    K.COMMENT_REPLIED: _parent_comment_author,
    K.CONTENT_HIDDEN: _content_author,
    K.CONTENT_RESTORED: _content_author,
    K.CONSULTATION_CLOSED: _contributors,
    K.CHALLENGE_MILESTONE: _challenge_followers,
    K.MEETING_SCHEDULED: _chapter_members,
    K.MEMBERSHIP_DECIDED: _data_citizen,
    K.MEMBERSHIP_REQUESTED: _chapter_organisers,
}


def personal_recipients(event: Event) -> QuerySet:
    """Ids of the citizens personally concerned by ``event``, without its actor."""
    recipients = PERSONAL.get(event.kind)
    ids = recipients(event) if recipients else _none()
    if event.actor_id:
        ids = ids.exclude(pk=event.actor_id)
    return ids


# Kinds a citizen can receive, for the preferences page (label shown to the citizen).
NOTIFIABLE_KINDS = [
    (K.PROPOSAL_READ, _("A proposal of mine, or in a place I follow, was read")),
    (K.PROPOSAL_ANSWERED, _("A proposal I wrote, support or follow was answered")),
    (
        K.PROPOSAL_STATUS_CHANGED,
        _("The status of my proposal changed, or one I support was implemented"),
    ),
    (K.PROPOSAL_TRANSFERRED, _("A proposal I wrote or support was transferred")),
    (K.CONTRIBUTION_READ, _("My contribution was read")),
    (K.CONTRIBUTION_HELPED, _("My contribution helped shape policy")),
    (K.COMMENT_REPLIED, _("Someone replied to my comment")),
    (K.CONTENT_HIDDEN, _("A moderator hid something I wrote")),
    (K.CONTENT_RESTORED, _("A moderator restored something I wrote")),
    (K.CONSULTATION_OPENED, _("A consultation opened in a place I follow")),
    (K.CONSULTATION_CLOSING, _("A consultation in a place I follow closes in 48 hours")),
    (K.CONSULTATION_CLOSED, _("The outcome of a consultation")),
    (K.CHALLENGE_MILESTONE, _("A challenge I follow reached a milestone")),
    (K.MEETING_SCHEDULED, _("A chapter I belong to scheduled a meeting")),
    (K.MEMBERSHIP_DECIDED, _("My request to join a chapter was answered")),
    (K.MEMBERSHIP_REQUESTED, _("Someone asked to join a chapter I organise")),
]

# Email right away by default for what concerns the citizen personally; what happens in
# followed places goes to the digest instead.
EMAIL_BY_DEFAULT = frozenset(PERSONAL) - {K.CONTENT_RESTORED}
