"""Every write in participation: proposals, supports, consultations, comments, moderation.

Each service is one transaction that checks the permission (``proposals.rules``), enforces
the lifecycle, writes a history row where there is one and records a domain event
(``notifications.services.event_record``) — so the web, the API and the dashboard cannot
diverge. Lifecycle steps are compare-and-swap updates (``UPDATE … WHERE status = …``): a
double click or a concurrent decision maker cannot apply the same step twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.audit.services import audit_record as audit
from civic.counting import create_counted, delete_counted
from jurisdictions.models import Jurisdiction
from notifications.models import Event
from notifications.services import event_record
from proposals.models import (
    Agreement,
    Comment,
    Consultation,
    Contribution,
    Flag,
    Proposal,
    ProposalFollow,
    ProposalTransition,
    Support,
)

S = Proposal.Status
K = Event.Kind

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
PROPOSAL_FIELDS = (
    "title", "text", "topic", "body", "practice",
    "impact_citizens", "impact_citizens_text",
    "impact_collectivities", "impact_collectivities_text",
    "impact_governments", "impact_governments_text",
    "freedom_statement",
)  # fmt: skip


def require(perm: str, user, obj=None) -> None:
    """Raise ``PermissionDenied`` unless ``proposals.rules`` grants ``perm``."""
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


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
    """Move ``proposal`` to ``to_status`` if the lifecycle allows it, exactly once."""
    current = proposal.status
    if to_status not in TRANSITIONS[current]:
        raise _refused(proposal, to_status)
    from_space_id = proposal.space_id
    if to_space is not None:
        changes["space"] = to_space
    updated = Proposal.objects.filter(pk=proposal.pk, status=current).update(
        status=to_status, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise ValidationError(
            {"status": _("This proposal was changed by someone else meanwhile. Reload the page.")}
        )
    ProposalTransition.objects.create(
        proposal=proposal,
        from_status=current,
        to_status=to_status,
        actor=actor,
        note=note,
        from_space_id=from_space_id,
        to_space_id=(to_space.pk if to_space is not None else from_space_id),
    )
    proposal.refresh_from_db()
    return proposal


def _follow_proposal(proposal: Proposal, citizen) -> None:
    ProposalFollow.objects.get_or_create(proposal=proposal, citizen=citizen)


def _clean_proposal(proposal: Proposal) -> None:
    proposal.full_clean(exclude=["author", "space", "status"])
    if proposal.body_id and proposal.body.space_id != proposal.space_id:
        raise ValidationError({"body": _("This body does not belong to the chosen space.")})


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
    event_record(kind=K.PROPOSAL_SUBMITTED, actor=actor, space=proposal.space, proposal=proposal)
    return proposal


@transaction.atomic
def proposal_mark_read(*, proposal: Proposal, reader) -> bool:
    """Record the read receipt the first time a decision maker of its space opens it.

    Returns True when this call recorded it; opening again, or opening by anyone else
    (the author, another citizen, staff without a mandate here), changes nothing.
    """
    if proposal.status not in Proposal.UNREAD_STATUSES:
        return False
    if not rules.has_perm("proposals.read_proposal", reader, proposal):
        return False
    now = timezone.now()
    try:
        _transition(
            proposal,
            S.READ,
            actor=reader,
            read_at=now,
            read_by=reader,
            read_by_space=proposal.space,
        )
    except ValidationError:
        return False  # read meanwhile by a colleague: their receipt stands
    audit("proposal.read", proposal, actor=reader, before=S.SUBMITTED, after=S.READ)
    event_record(kind=K.PROPOSAL_READ, actor=reader, space=proposal.space, proposal=proposal)
    return True


@transaction.atomic
def proposal_set_status(*, proposal: Proposal, actor, status: str, note: str = "") -> Proposal:
    """Move a read proposal along (under consideration; accepted → implemented)."""
    require("proposals.change_status_proposal", actor, proposal)
    if status == S.TRANSFERRED:
        raise ValidationError({"status": _("Use the transfer action to send it elsewhere.")})
    if status not in S.values:
        raise ValidationError({"status": _("Unknown status.")})
    proposal_mark_read(proposal=proposal, reader=actor)
    proposal.refresh_from_db()
    before = proposal.status
    proposal = _transition(proposal, status, actor=actor, note=note)
    audit("proposal.status", proposal, actor=actor, before=before, after=status, note=note)
    event_record(
        kind=K.PROPOSAL_STATUS_CHANGED,
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
    elif len(text) > 10000:
        errors["text"] = _("The answer is too long (10,000 characters at most).")
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["link"] = _("Enter a valid web address (http or https).")
    if errors:
        raise ValidationError(errors)
    proposal_mark_read(proposal=proposal, reader=actor)
    proposal.refresh_from_db()
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
    audit("proposal.answer", proposal, actor=actor, before=before, after=outcome, note=text)
    event_record(
        kind=K.PROPOSAL_ANSWERED,
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
    audit("proposal.transfer", proposal, actor=actor, before=before, after=S.TRANSFERRED,
          note=f"{from_space.label} → {to_space.label}: {reason}")  # fmt: skip
    event_record(
        kind=K.PROPOSAL_TRANSFERRED,
        actor=actor,
        space=to_space,
        proposal=proposal,
        data={"from_space": from_space.pk, "from_space_name": from_space.name, "reason": reason},
    )
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, actor, note: str = "") -> Proposal:
    require("proposals.withdraw_proposal", actor, proposal)
    was_public = proposal.status != S.DRAFT
    proposal = _transition(proposal, S.WITHDRAWN, actor=actor, note=note)
    if was_public:
        event_record(
            kind=K.PROPOSAL_WITHDRAWN, actor=actor, space=proposal.space, proposal=proposal
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
    event_record(kind=K.PROPOSAL_SUPPORTED, actor=citizen, space=proposal.space, proposal=proposal)
    return support


@transaction.atomic
def support_remove(*, proposal: Proposal, citizen) -> bool:
    return delete_counted(
        Support.objects.filter(proposal=proposal, citizen=citizen),
        counter=Proposal.objects.filter(pk=proposal.pk),
        field="support_count",
    )


# --- Consultations --------------------------------------------------------------------------

CONSULTATION_FIELDS = ("question", "context", "topic", "body", "opens_at", "closes_at")


@transaction.atomic
def consultation_open(*, actor, space: Jurisdiction, **fields) -> Consultation:
    """A decision maker opens a consultation in a space they serve."""
    require("proposals.open_consultation", actor, space)
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    consultation = Consultation(space=space, created_by=actor, **fields)
    _clean_consultation(consultation)
    consultation.save()
    event_record(kind=K.CONSULTATION_OPENED, actor=actor, space=space, consultation=consultation)
    return consultation


def _clean_consultation(consultation: Consultation) -> None:
    # The date check below gives a field message; the database constraint still guards.
    consultation.full_clean(exclude=["space", "created_by"], validate_constraints=False)
    if consultation.closes_at <= consultation.opens_at:
        raise ValidationError(
            {"closes_at": _("The closing date must come after the opening date.")}
        )
    if consultation.body_id and consultation.body.space_id != consultation.space_id:
        raise ValidationError({"body": _("This body does not belong to the chosen space.")})


@transaction.atomic
def consultation_update(*, consultation: Consultation, actor, **fields) -> Consultation:
    require("proposals.manage_consultation", actor, consultation)
    if consultation.closed_at is not None:
        raise ValidationError(_("A closed consultation cannot be edited."))
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    for name, value in fields.items():
        setattr(consultation, name, value)
    _clean_consultation(consultation)
    consultation.save()
    audit("consultation.edit", consultation, actor=actor, note=", ".join(sorted(fields)))
    return consultation


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor, summary: str) -> Consultation:
    """Close the consultation and record what was decided."""
    require("proposals.manage_consultation", actor, consultation)
    if not summary.strip():
        raise ValidationError({"summary": _("Summarise what was decided.")})
    now = timezone.now()
    updated = Consultation.objects.filter(pk=consultation.pk, closed_at__isnull=True).update(
        closed_at=now, closed_by=actor, summary=summary
    )
    if updated != 1:
        raise ValidationError(_("This consultation is already closed."))
    consultation.refresh_from_db()
    audit(
        "consultation.close", consultation, actor=actor, before="open", after="closed", note=summary
    )
    event_record(
        kind=K.CONSULTATION_CLOSED,
        actor=actor,
        space=consultation.space,
        consultation=consultation,
    )
    return consultation


@transaction.atomic
def contribution_post(*, consultation: Consultation, author, text: str) -> Contribution:
    require("proposals.post_contribution", author)
    if not consultation.is_open:
        raise ValidationError(_("This consultation is not open for contributions."))
    contribution = Contribution(consultation=consultation, author=author, text=text)
    contribution.full_clean(exclude=["consultation", "author"])
    contribution.save()
    Consultation.objects.filter(pk=consultation.pk).update(
        contribution_count=F("contribution_count") + 1
    )
    event_record(
        kind=K.CONTRIBUTION_POSTED,
        actor=author,
        space=consultation.space,
        consultation=consultation,
        contribution=contribution,
    )
    return contribution


@transaction.atomic
def agreement_add(*, contribution: Contribution, citizen) -> Agreement:
    require("proposals.agree_contribution", citizen, contribution)
    if contribution.is_hidden:
        raise ValidationError(_("This contribution was hidden by a moderator."))
    return create_counted(
        Agreement,
        counter=Contribution.objects.filter(pk=contribution.pk),
        field="agree_count",
        duplicate_message=_("You already agree with this contribution."),
        contribution=contribution,
        citizen=citizen,
    )


@transaction.atomic
def agreement_remove(*, contribution: Contribution, citizen) -> bool:
    return delete_counted(
        Agreement.objects.filter(contribution=contribution, citizen=citizen),
        counter=Contribution.objects.filter(pk=contribution.pk),
        field="agree_count",
    )


@transaction.atomic
def contribution_mark_read(*, contribution: Contribution, actor) -> bool:
    """Mark a contribution read (once); its author sees it."""
    require("proposals.review_contribution", actor, contribution)
    updated = Contribution.objects.filter(pk=contribution.pk, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=actor
    )
    if updated:
        contribution.refresh_from_db()
        audit("contribution.read", contribution, actor=actor, before="unread", after="read")
        event_record(
            kind=K.CONTRIBUTION_READ,
            actor=actor,
            space=contribution.consultation.space,
            consultation=contribution.consultation,
            contribution=contribution,
        )
    return bool(updated)


@transaction.atomic
def contribution_mark_helped(*, contribution: Contribution, actor, outcome_note: str) -> bool:
    """Say that this contribution helped shape policy, and how (once)."""
    require("proposals.review_contribution", actor, contribution)
    if not outcome_note.strip():
        raise ValidationError({"outcome_note": _("Say how this contribution helped.")})
    contribution_mark_read(contribution=contribution, actor=actor)
    updated = Contribution.objects.filter(pk=contribution.pk, helped_shape_policy=False).update(
        helped_shape_policy=True, outcome_note=outcome_note
    )
    if updated:
        contribution.refresh_from_db()
        audit("contribution.helped", contribution, actor=actor, after="helped", note=outcome_note)
        event_record(
            kind=K.CONTRIBUTION_HELPED,
            actor=actor,
            space=contribution.consultation.space,
            consultation=contribution.consultation,
            contribution=contribution,
        )
    return bool(updated)


# --- Comments -------------------------------------------------------------------------------

MAX_SOURCES = 5


def _clean_sources(sources: Iterable[str]) -> list[str]:
    cleaned = [s.strip() for s in sources if s and s.strip()]
    if len(cleaned) > MAX_SOURCES:
        raise ValidationError({"sources": _("At most %(n)d sources.") % {"n": MAX_SOURCES}})
    validate = URLValidator(schemes=["http", "https"])
    for url in cleaned:
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                {
                    "sources": _("“%(url)s” is not a web address (http or https).")
                    % {"url": url[:80]}
                }
            ) from None
        if len(url) > 500:
            raise ValidationError({"sources": _("A source address is too long.")})
    return cleaned


def _comment_target_open(proposal, contribution, chapter, author) -> None:
    if sum(target is not None for target in (proposal, contribution, chapter)) != 1:
        raise ValidationError(_("Comment on a proposal, a contribution or a chapter's forum."))
    if chapter is not None:
        from chapters.models import Membership

        if not Membership.objects.active().filter(chapter=chapter, citizen=author).exists():
            raise PermissionDenied(_("Join the chapter to take part in its discussions."))
    if proposal is not None and proposal.status == S.DRAFT:
        raise ValidationError(_("Drafts cannot be commented on."))
    if contribution is not None and contribution.is_hidden:
        raise ValidationError(_("This contribution was hidden by a moderator."))


@transaction.atomic
def comment_post(
    *,
    author,
    text: str,
    proposal: Proposal | None = None,
    contribution: Contribution | None = None,
    chapter=None,
    parent: Comment | None = None,
    sources: Iterable[str] = (),
) -> Comment:
    """Post a comment, or a reply (threads stop at depth 3)."""
    require("proposals.post_comment", author)
    if parent is not None:
        proposal, contribution, chapter = parent.proposal, parent.contribution, parent.chapter
    _comment_target_open(proposal, contribution, chapter, author)
    depth = 1
    if parent is not None:
        if parent.depth >= Comment.MAX_DEPTH:
            raise ValidationError({"parent": _("Replies can only go three levels deep.")})
        if parent.is_deleted or parent.is_hidden:
            raise ValidationError({"parent": _("You cannot reply to a removed comment.")})
        depth = parent.depth + 1
    comment = Comment(
        author=author,
        text=text,
        proposal=proposal,
        contribution=contribution,
        chapter=chapter,
        parent=parent,
        depth=depth,
        sources=_clean_sources(sources),
    )
    comment.full_clean(exclude=["author", "proposal", "contribution", "chapter", "parent"])
    comment.save()
    if proposal is not None or contribution is not None:
        target_model = Proposal if proposal is not None else Contribution
        target_model.objects.filter(pk=(proposal or contribution).pk).update(
            comment_count=F("comment_count") + 1
        )
    space = comment.space
    subjects = {"comment": comment, "proposal": proposal, "contribution": contribution}
    event_record(kind=K.COMMENT_POSTED, actor=author, space=space, **subjects)
    if parent is not None:
        event_record(
            kind=K.COMMENT_REPLIED,
            actor=author,
            space=space,
            data={"parent": parent.pk, "parent_author": parent.author_id},
            **subjects,
        )
    return comment


@transaction.atomic
def comment_edit(
    *, comment: Comment, actor, text: str, sources: Iterable[str] | None = None
) -> Comment:
    """Edit one's comment within the edit window (15 minutes)."""
    require("proposals.edit_comment", actor, comment)
    comment.text = text
    if sources is not None:
        comment.sources = _clean_sources(sources)
    comment.edited_at = timezone.now()
    comment.full_clean(exclude=["author", "proposal", "contribution", "chapter", "parent"])
    comment.save(update_fields=["text", "sources", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor) -> Comment:
    """The author removes their comment; a placeholder keeps the thread readable."""
    require("proposals.remove_comment", actor, comment)
    comment.deleted_at = timezone.now()
    comment.text = ""
    comment.sources = []
    comment.save(update_fields=["deleted_at", "text", "sources"])
    return comment


# --- Flags and moderation -------------------------------------------------------------------


def _content(comment: Comment | None, contribution: Contribution | None):
    if (comment is None) == (contribution is None):
        raise ValidationError(_("Name a comment or a contribution."))
    return comment if comment is not None else contribution


@transaction.atomic
def flag_add(
    *, citizen, reason: str, details: str = "", comment: Comment | None = None,
    contribution: Contribution | None = None,
) -> Flag:  # fmt: skip
    """Flag content for moderators, once per citizen."""
    content = _content(comment, contribution)
    require("proposals.flag_content", citizen, content)
    flag = Flag(citizen=citizen, reason=reason, details=details, comment=comment,
                contribution=contribution)  # fmt: skip
    flag.full_clean(exclude=["citizen", "comment", "contribution"])
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        raise ValidationError(_("You already flagged this.")) from None
    type(content).objects.filter(pk=content.pk).update(flag_count=F("flag_count") + 1)
    return flag


def _set_hidden(content, *, actor, reason: str, hide: bool) -> bool:
    model = type(content)
    if hide:
        updated = model.objects.filter(pk=content.pk, hidden_at__isnull=True).update(
            hidden_at=timezone.now(), hidden_by=actor, hidden_reason=reason
        )
    else:
        updated = model.objects.filter(pk=content.pk, hidden_at__isnull=False).update(
            hidden_at=None, hidden_by=actor, hidden_reason=reason
        )
    content.refresh_from_db()
    return bool(updated)


def _moderation_event(kind, content, actor, reason):
    if isinstance(content, Comment):
        subjects = {
            "comment": content,
            "proposal": content.proposal,
            "contribution": content.contribution,
        }
    else:
        subjects = {"contribution": content, "consultation": content.consultation}
    event_record(kind=kind, actor=actor, space=content.space, data={"reason": reason}, **subjects)


@transaction.atomic
def content_hide(
    *, actor, reason: str, comment: Comment | None = None, contribution: Contribution | None = None
) -> bool:
    """Hide content with a public reason (decision makers of its space, staff)."""
    content = _content(comment, contribution)
    require("proposals.moderate_content", actor, content)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the public reason for hiding it.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("The reason is too long (300 characters at most).")})
    changed = _set_hidden(content, actor=actor, reason=reason, hide=True)
    if changed:
        audit("content.hide", content, actor=actor, before="visible", after="hidden", note=reason)
        _dismiss_flags(content, actor)
        _moderation_event(K.CONTENT_HIDDEN, content, actor, reason)
    return changed


@transaction.atomic
def content_restore(
    *, actor, reason: str = "", comment: Comment | None = None,
    contribution: Contribution | None = None,
) -> bool:  # fmt: skip
    content = _content(comment, contribution)
    require("proposals.moderate_content", actor, content)
    changed = _set_hidden(content, actor=actor, reason=reason, hide=False)
    if changed:
        audit(
            "content.restore", content, actor=actor, before="hidden", after="visible", note=reason
        )
        _moderation_event(K.CONTENT_RESTORED, content, actor, reason)
    return changed


def _dismiss_flags(content, actor) -> int:
    field = "comment" if isinstance(content, Comment) else "contribution"
    return Flag.objects.filter(**{field: content}, dismissed_at__isnull=True).update(
        dismissed_at=timezone.now(), dismissed_by=actor
    )


@transaction.atomic
def flags_dismiss(
    *, actor, comment: Comment | None = None, contribution: Contribution | None = None
) -> int:
    """Dismiss the open flags on content that needs no action."""
    content = _content(comment, contribution)
    require("proposals.moderate_content", actor, content)
    dismissed = _dismiss_flags(content, actor)
    if dismissed:
        audit("flags.dismiss", content, actor=actor, note=str(dismissed))
    return dismissed


def consultations_remind_closing(*, within: timedelta = timedelta(hours=48)) -> int:
    """Tell followers once that a consultation closes within 48 hours (compare-and-swap)."""
    now = timezone.now()
    due = Consultation.objects.open_now().filter(
        closes_at__lte=now + within, closing_reminder_sent_at__isnull=True
    )
    sent = 0
    for consultation in due.select_related("space"):
        with transaction.atomic():
            claimed = Consultation.objects.filter(
                pk=consultation.pk, closing_reminder_sent_at__isnull=True
            ).update(closing_reminder_sent_at=now)
            if claimed:
                event_record(
                    kind=K.CONSULTATION_CLOSING,
                    space=consultation.space,
                    consultation=consultation,
                    data={"closes_at": consultation.closes_at.isoformat()},
                )
                sent += 1
    return sent
