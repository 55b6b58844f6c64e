"""Every write of the proposals: write, submit, read, move along, answer, transfer,
withdraw, support.

Each service is one transaction that checks the permission (``proposals.rules``), enforces
the lifecycle, writes a history row, the audit row of a decision maker's action and a domain
event (``notifications.services.event_record``) — so the proposal page, the dashboard, the
API and the admin cannot diverge. Lifecycle steps are compare-and-swap updates
(``UPDATE … WHERE status = …``): a double click or a concurrent decision maker cannot apply
the same step twice.
"""

from __future__ import annotations

import rules
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.audit.services import audit_record
from civic.counting import create_counted, delete_counted
from civic.rules import require
from jurisdictions.models import Jurisdiction
from notifications.services import event_record
from proposals import notifications as kinds
from proposals.models import Proposal, ProposalFollow, ProposalTransition, Support
from proposals.selectors import history_prefetch

S = Proposal.Status

# The lifecycle. When a decision maker of the space answers or moves an unread proposal,
# the services record the read receipt first; staff (who leave no receipt) may act directly.
_DECISIONS = {S.UNDER_CONSIDERATION, S.ACCEPTED, S.DECLINED, S.IMPLEMENTED}
TRANSITIONS: dict[str, set[str]] = {
    # A draft was never public: it is submitted (or simply left), never "withdrawn".
    S.DRAFT: {S.SUBMITTED},
    S.SUBMITTED: {S.READ, S.TRANSFERRED, S.WITHDRAWN, *_DECISIONS},
    S.TRANSFERRED: {S.READ, S.TRANSFERRED, S.WITHDRAWN, *_DECISIONS},
    S.READ: {
        S.UNDER_CONSIDERATION,
        S.ACCEPTED,
        S.DECLINED,
        S.IMPLEMENTED,
        S.TRANSFERRED,
        S.WITHDRAWN,
    },
    S.UNDER_CONSIDERATION: {S.ACCEPTED, S.DECLINED, S.IMPLEMENTED, S.TRANSFERRED, S.WITHDRAWN},
    S.ACCEPTED: {S.IMPLEMENTED},
    S.DECLINED: set(),
    S.IMPLEMENTED: set(),
    S.WITHDRAWN: set(),
}
# Statuses in which citizens may still support a proposal.
SUPPORTABLE = {S.SUBMITTED, S.TRANSFERRED, S.READ, S.UNDER_CONSIDERATION, S.ACCEPTED}
# The limits of a decision maker's texts, with the one message each: the forms, the API
# serializers and these services all use them (a form field's max_length also becomes the
# page's maxlength).
ANSWER_MAX_LENGTH = Proposal._meta.get_field("answer_text").max_length
ANSWER_TOO_LONG = gettext_lazy("The answer is too long (10,000 characters at most).")
LINK_MAX_LENGTH = Proposal._meta.get_field("answer_link").max_length
NOTE_MAX_LENGTH = ProposalTransition._meta.get_field("note").max_length
NOTE_TOO_LONG = gettext_lazy("The note is too long (2,000 characters at most).")
PROPOSAL_FIELDS = ("title", "text", "topic", "body", "practice", *Proposal.IMPACT_FIELDS)


def _refused(proposal: Proposal, to_status: str) -> ValidationError:
    return ValidationError(
        {
            "status": _("A proposal that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(proposal.status).label, "target": S(to_status).label}
        }
    )


def _transition(
    proposal: Proposal,
    to_status: str,
    *,
    actor,
    note: str = "",
    to_space: Jurisdiction | None = None,
    **changes,
) -> Proposal:
    """Move ``proposal`` to ``to_status`` if the lifecycle allows it, exactly once.

    The instance is updated in memory (no reload: what a page shows after the step is already
    loaded), and its history, if a page prefetched it, gets the new step without a query.
    """
    current = proposal.status
    if to_status not in TRANSITIONS[current]:
        raise _refused(proposal, to_status)
    from_space_id = proposal.space_id
    if to_space is not None:
        changes["space"] = to_space
    now = timezone.now()
    updated = Proposal.objects.filter(pk=proposal.pk, status=current).update(
        status=to_status, updated_at=now, **changes
    )
    if updated != 1:
        raise ValidationError(
            {"status": _("This proposal was changed by someone else meanwhile. Reload the page.")}
        )
    step = ProposalTransition.objects.create(
        proposal=proposal,
        from_status=current,
        to_status=to_status,
        actor=actor,
        note=note,
        from_space_id=from_space_id,
        to_space_id=(to_space.pk if to_space is not None else from_space_id),
    )
    prefetched = getattr(proposal, "_prefetched_objects_cache", {})
    history = prefetched.get("transitions")
    if history is not None and history._result_cache is not None:
        # A page shows the history (oldest first): add the new step, as it would be read.
        step.from_space = proposal.space  # loaded with the page, before a transfer moves it
        step.to_space = to_space if to_space is not None else proposal.space
        history._result_cache.append(step)
    elif prefetched.pop("transitions", None) is not None:
        prefetch_related_objects([proposal], history_prefetch())
    proposal.status, proposal.updated_at = to_status, now
    for name, value in changes.items():
        setattr(proposal, name, value)
    return proposal


def _check_note(note: str, field: str = "note") -> None:
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({field: NOTE_TOO_LONG})


def _follow_proposal(proposal: Proposal, citizen) -> None:
    ProposalFollow.objects.get_or_create(proposal=proposal, citizen=citizen)


def _clean_proposal(proposal: Proposal) -> None:
    proposal.full_clean(exclude=["author", "space", "status"])
    if error := proposal.body_error():
        raise ValidationError(error)


# --- Proposals ------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, author, space: Jurisdiction, submit: bool = False, **fields) -> Proposal:
    """Create a proposal addressed to ``space`` (a draft unless ``submit``)."""
    require("proposals.create_proposal", author)
    unknown = set(fields) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    proposal = Proposal(author=author, space=space, **fields)
    _clean_proposal(proposal)
    proposal.save()
    if submit:
        proposal_submit(proposal=proposal, actor=author)
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor, **fields) -> Proposal:
    """Edit a draft (author only)."""
    require("proposals.edit_proposal", actor, proposal)
    unknown = set(fields) - set(PROPOSAL_FIELDS) - {"space"}
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    for name, value in fields.items():
        setattr(proposal, name, value)
    _clean_proposal(proposal)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    require("proposals.submit_proposal", actor, proposal)
    proposal = _transition(proposal, S.SUBMITTED, actor=actor, submitted_at=timezone.now())
    _follow_proposal(proposal, actor)
    event_record(
        kind=kinds.PROPOSAL_SUBMITTED, actor=actor, space=proposal.space, proposal=proposal
    )
    return proposal


def proposal_mark_read(*, proposal: Proposal, reader) -> bool:
    """Record the read receipt the first time a decision maker of its space opens it.

    Returns True when this call recorded it; opening again, or opening by anyone else
    (the author, another citizen, staff without a mandate here), changes nothing — and
    costs no query beyond the permission check (the proposal page calls it on every visit).
    """
    if proposal.status not in Proposal.UNREAD_STATUSES:
        return False
    if not rules.has_perm("proposals.read_proposal", reader, proposal):
        return False
    with transaction.atomic():
        return _record_read(proposal, reader)


def _record_read(proposal: Proposal, reader) -> bool:
    before = proposal.status  # submitted, or transferred here
    try:
        _transition(
            proposal,
            S.READ,
            actor=reader,
            read_at=timezone.now(),
            read_by=reader,
            read_by_space=proposal.space,
        )
    except ValidationError:
        return False  # read meanwhile by a colleague: their receipt stands
    audit_record("proposal.read", proposal, actor=reader, before=before, after=S.READ)
    event_record(kind=kinds.PROPOSAL_READ, actor=reader, space=proposal.space, proposal=proposal)
    return True


@transaction.atomic
def proposal_set_status(*, proposal: Proposal, actor, status: str, note: str = "") -> Proposal:
    """Move a proposal along its lifecycle: under consideration, or implemented.

    Only the steps ``TRANSITIONS`` allows from where the proposal is, and none that has a
    door of its own: "read" is the receipt a decision maker of the space leaves by opening
    it (asking for it records that receipt, nothing else), a decision comes with its answer
    (``proposal_answer``), a transfer with its reason (``proposal_transfer``), withdrawal is
    the author's (``proposal_withdraw``). Each refusal is a ``ValidationError`` on
    ``status``.
    """
    require("proposals.change_status_proposal", actor, proposal)
    _check_note(note)
    if status not in S.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status == S.TRANSFERRED:
        raise ValidationError({"status": _("Use the transfer action to send it elsewhere.")})
    recorded = proposal_mark_read(proposal=proposal, reader=actor)  # updates ``proposal``
    if status == S.READ and recorded:
        return proposal  # the receipt was the step asked for
    if status not in TRANSITIONS[proposal.status]:
        raise _refused(proposal, status)
    if status == S.READ:
        raise ValidationError(
            {
                "status": _(
                    "A proposal is read when a decision maker of its space opens it: its "
                    "read receipt says who read it."
                )
            }
        )
    if status in (S.ACCEPTED, S.DECLINED):
        raise ValidationError(
            {"status": _("A decision comes with its answer: give it with the answer form.")}
        )
    if status == S.WITHDRAWN:
        raise ValidationError({"status": _("Only its author can withdraw a proposal.")})
    before = proposal.status
    proposal = _transition(proposal, status, actor=actor, note=note)
    audit_record("proposal.status", proposal, actor=actor, before=before, after=status,
                 note=note)  # fmt: skip
    event_record(
        kind=kinds.PROPOSAL_STATUS_CHANGED,
        actor=actor,
        space=proposal.space,
        proposal=proposal,
        data={"from": before, "to": status},
    )
    return proposal


@transaction.atomic
def proposal_answer(
    *, proposal: Proposal, actor, text: str, outcome: str, link: str = ""
) -> Proposal:
    """Give the official answer: accepted, declined or implemented, with a text."""
    require("proposals.answer_proposal", actor, proposal)
    errors = {}
    if outcome not in Proposal.ANSWER_OUTCOMES:
        errors["outcome"] = _("Choose accepted, declined or implemented.")
    if not text.strip():
        errors["text"] = _("Write the answer citizens will read.")
    elif len(text) > ANSWER_MAX_LENGTH:
        errors["text"] = ANSWER_TOO_LONG
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link"] = _("Enter a valid web address (http or https).")
        else:
            if len(link) > LINK_MAX_LENGTH:
                errors["link"] = _("The link is too long (200 characters at most).")
    if errors:
        raise ValidationError(errors)
    proposal_mark_read(proposal=proposal, reader=actor)  # updates ``proposal``
    before = proposal.status
    proposal = _transition(
        proposal,
        outcome,
        actor=actor,
        note=text,
        answer_text=text,
        answer_link=link,
        answered_at=timezone.now(),
        answered_by=actor,
    )
    audit_record("proposal.answer", proposal, actor=actor, before=before, after=outcome,
                 note=text)  # fmt: skip
    event_record(
        kind=kinds.PROPOSAL_ANSWERED,
        actor=actor,
        space=proposal.space,
        proposal=proposal,
        data={"outcome": outcome},
    )
    return proposal


@transaction.atomic
def proposal_transfer(
    *, proposal: Proposal, actor, to_space: Jurisdiction, reason: str
) -> Proposal:
    """Send the proposal to the space that is really responsible; supports stay with it."""
    require("proposals.transfer_proposal", actor, proposal)
    if not reason.strip():
        raise ValidationError({"reason": _("Explain why it belongs elsewhere.")})
    _check_note(reason, "reason")
    if to_space.pk == proposal.space_id:
        raise ValidationError({"to_space": _("The proposal is already addressed there.")})
    from_space = proposal.space
    before = proposal.status
    proposal = _transition(
        proposal,
        S.TRANSFERRED,
        actor=actor,
        note=reason,
        to_space=to_space,
        body=None,
        # The new space gets its own read receipt; the old one stays in the history.
        read_at=None,
        read_by=None,
        read_by_space=None,
    )
    audit_record("proposal.transfer", proposal, actor=actor, before=before,
                 after=S.TRANSFERRED,
                 note=f"{from_space.label} → {to_space.label}: {reason}")  # fmt: skip
    event_record(
        kind=kinds.PROPOSAL_TRANSFERRED,
        actor=actor,
        space=to_space,
        proposal=proposal,
        data={"from_space": from_space.pk, "from_space_name": from_space.name, "reason": reason},
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor, note: str = "") -> Proposal:
    require("proposals.withdraw_proposal", actor, proposal)
    _check_note(note)
    was_public = proposal.status != S.DRAFT
    proposal = _transition(proposal, S.WITHDRAWN, actor=actor, note=note)
    if was_public:
        event_record(
            kind=kinds.PROPOSAL_WITHDRAWN, actor=actor, space=proposal.space, proposal=proposal
        )
    return proposal


# --- Supports -------------------------------------------------------------------------------


@transaction.atomic
def support_add(*, proposal: Proposal, citizen) -> Support:
    """Support a proposal once; the supporter then follows it."""
    require("proposals.support_proposal", citizen, proposal)
    if proposal.status not in SUPPORTABLE:
        raise ValidationError(_("This proposal can no longer be supported."))
    support = create_counted(
        Support,
        counter=Proposal.objects.filter(pk=proposal.pk),
        field="support_count",
        duplicate_message=_("You already support this proposal."),
        proposal=proposal,
        citizen=citizen,
    )
    _follow_proposal(proposal, citizen)
    event_record(
        kind=kinds.PROPOSAL_SUPPORTED, actor=citizen, space=proposal.space, proposal=proposal
    )
    return support


@transaction.atomic
def proposal_follow(*, proposal: Proposal, citizen) -> bool:
    """Follow a proposal: be told when it is read, answered or transferred. Returns whether
    the citizen did not follow it already."""
    require("proposals.follow_proposal", citizen, proposal)
    if proposal.status == S.DRAFT:
        raise ValidationError(_("A draft cannot be followed."))
    _follow, created = ProposalFollow.objects.get_or_create(proposal=proposal, citizen=citizen)
    return created


@transaction.atomic
def proposal_unfollow(*, proposal: Proposal, citizen) -> bool:
    """Stop following a proposal (supporting it again follows it again). Returns whether
    the citizen followed it."""
    require("proposals.follow_proposal", citizen, proposal)
    deleted, _rows = ProposalFollow.objects.filter(proposal=proposal, citizen=citizen).delete()
    return bool(deleted)


@transaction.atomic
def support_remove(*, proposal: Proposal, citizen) -> bool:
    return delete_counted(
        Support.objects.filter(proposal=proposal, citizen=citizen),
        counter=Proposal.objects.filter(pk=proposal.pk),
        field="support_count",
    )


@transaction.atomic
def proposal_drafts_erase(*, citizen) -> int:
    """Account erasure (``civic.privacy``): the citizen's unsent drafts go; what they sent
    stays, signed "deleted citizen". Returns how many drafts were deleted."""
    deleted, _rows = Proposal.objects.filter(author=citizen, status=Proposal.Status.DRAFT).delete()
    return deleted


def supports_of_the_day_record() -> int:
    """Tell each author how many citizens supported their proposal since they were last
    told (one notification a day at most; run by Celery beat). Returns how many."""
    from notifications.services import daily_counts_record

    return daily_counts_record(
        kind=kinds.PROPOSAL_SUPPORTS_TODAY,
        rows=Support.objects.all(),
        subject="proposal",
        targets=Proposal.objects.select_related("space"),
        subjects=lambda proposal: {"proposal": proposal, "space": proposal.space},
    )
