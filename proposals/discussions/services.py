"""Every write of the discussions: comments, flags and moderation.

``content_moderate`` is the one door of moderation (hide with a public reason, restore,
dismiss the flags) for the proposal and consultation pages, the chapter forums, the
dashboard, the API and the admin: one permission, one validation, one audit row, one event.
Counters are ``F()`` updates in the same transaction as the row they count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civic.audit.services import audit_record
from civic.rules import require
from notifications.services import event_record
from proposals.discussions import notifications as kinds
from proposals.discussions.models import Comment, Flag, Moderated

MAX_SOURCES = 5
REASON_MAX_LENGTH = Moderated._meta.get_field("hidden_reason").max_length


# --- Comments -------------------------------------------------------------------------------


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


def _target_open(proposal, contribution, chapter, author) -> None:
    if sum(target is not None for target in (proposal, contribution, chapter)) != 1:
        raise ValidationError(_("Comment on a proposal, a contribution or a chapter's forum."))
    if chapter is not None and not rules.has_perm("chapters.post_in_forum", author, chapter):
        raise PermissionDenied(_("Join the chapter to take part in its discussions."))
    if proposal is not None and proposal.status == proposal.Status.DRAFT:
        raise ValidationError(_("Drafts cannot be commented on."))
    if contribution is not None and contribution.is_hidden:
        raise ValidationError(_("This contribution was hidden by a moderator."))


@transaction.atomic
def comment_post(
    *,
    author,
    text: str,
    proposal=None,
    contribution=None,
    chapter=None,
    parent: Comment | None = None,
    sources: Iterable[str] = (),
) -> Comment:
    """Post a comment on a proposal, a contribution or a chapter's forum, or a reply to
    ``parent`` in its thread (threads stop at depth 3). Returns the comment."""
    require("discussions.post_comment", author)
    if parent is not None:
        proposal, contribution, chapter = parent.proposal, parent.contribution, parent.chapter
    _target_open(proposal, contribution, chapter, author)
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
    counted = proposal if proposal is not None else contribution
    if counted is not None:  # a chapter's forum keeps no counter
        type(counted).objects.filter(pk=counted.pk).update(comment_count=F("comment_count") + 1)
    space = comment.space
    subjects = {"comment": comment, "proposal": proposal, "contribution": contribution}
    replied = {"parent": parent.pk, "parent_author": parent.author_id} if parent else {}
    event_record(kind=kinds.COMMENT_POSTED, actor=author, space=space, data=replied, **subjects)
    if parent is not None:
        event_record(
            kind=kinds.COMMENT_REPLIED, actor=author, space=space, data=replied, **subjects
        )
    return comment


@transaction.atomic
def comment_edit(
    *, comment: Comment, actor, text: str, sources: Iterable[str] | None = None
) -> Comment:
    """Edit one's comment within the edit window (``COMMENT_EDIT_WINDOW``)."""
    require("discussions.edit_comment", actor, comment)
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
    require("discussions.remove_comment", actor, comment)
    comment.deleted_at = timezone.now()
    comment.text = ""
    comment.sources = []
    comment.save(update_fields=["deleted_at", "text", "sources"])
    return comment


# --- Flags ----------------------------------------------------------------------------------


@transaction.atomic
def flag_add(*, citizen, content: Moderated, reason: str, details: str = "") -> Flag:
    """Flag a comment or a contribution for its moderators, once per citizen."""
    require("discussions.flag_content", citizen, content)
    flag = Flag(citizen=citizen, reason=reason, details=details, **{_kind(content): content})
    flag.full_clean(exclude=["citizen", "comment", "contribution"])
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        raise ValidationError(_("You already flagged this.")) from None
    type(content).objects.filter(pk=content.pk).update(flag_count=F("flag_count") + 1)
    return flag


def _kind(content: Moderated) -> str:
    """The name of the content's foreign key on ``Flag`` ("comment", "contribution")."""
    return content._meta.model_name


# --- Moderation -----------------------------------------------------------------------------

HIDE, RESTORE, DISMISS = "hide", "restore", "dismiss"
ACTIONS = (HIDE, RESTORE, DISMISS)


@dataclass(frozen=True)
class ModerationResult:
    """What ``content_moderate`` did: ``changed`` is False when there was nothing to do."""

    action: str
    changed: bool
    dismissed: int = 0

    @property
    def message(self) -> str:
        """The sentence every door shows the moderator."""
        if self.action == HIDE:
            if self.changed:
                return _("Hidden. Everyone now sees the public reason instead of the text.")
            return _("This was already hidden.")
        if self.action == RESTORE:
            return _("Restored.") if self.changed else _("This was not hidden.")
        if not self.dismissed:
            return _("There were no open flags.")
        return ngettext(
            "%(count)d flag dismissed.", "%(count)d flags dismissed.", self.dismissed
        ) % {"count": self.dismissed}


def _set_hidden(content: Moderated, *, actor, reason: str, hide: bool) -> bool:
    """Compare-and-swap: True only for the call that changed the state."""
    model = type(content)
    if hide:
        updated = model.objects.filter(pk=content.pk, hidden_at__isnull=True).update(
            hidden_at=timezone.now(), hidden_by=actor, hidden_reason=reason
        )
    else:
        updated = model.objects.filter(pk=content.pk, hidden_at__isnull=False).update(
            hidden_at=None, hidden_by=actor, hidden_reason=reason
        )
    content.refresh_from_db(fields=["hidden_at", "hidden_by", "hidden_reason"])
    return bool(updated)


def _dismiss_flags(content: Moderated, actor) -> int:
    return Flag.objects.filter(**{_kind(content): content}, dismissed_at__isnull=True).update(
        dismissed_at=timezone.now(), dismissed_by=actor
    )


def _moderation_event(kind: str, content: Moderated, actor, reason: str) -> None:
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
def content_moderate(
    *, actor, content: Moderated, action: str, reason: str = ""
) -> ModerationResult:
    """Hide ``content`` (a comment or a contribution) with a public reason, restore it, or
    dismiss its open flags.

    Decision makers of its space, staff, and for a chapter's forum its organisers
    (``discussions.moderate_content``). Hiding needs a reason (300 characters at most) and
    dismisses the open flags; each change is audited and tells the author (an event).
    Repeating an action changes nothing (``changed`` is False).
    """
    require("discussions.moderate_content", actor, content)
    reason = (reason or "").strip()
    if action not in ACTIONS:
        raise ValidationError({"action": _("Choose hide, restore or dismiss.")})
    if action == HIDE:
        if not reason:
            raise ValidationError({"reason": _("Give the public reason for hiding it.")})
        if len(reason) > REASON_MAX_LENGTH:
            raise ValidationError({"reason": _("The reason is too long (300 characters at most).")})
        changed = _set_hidden(content, actor=actor, reason=reason, hide=True)
        if changed:
            audit_record("content.hide", content, actor=actor, before="visible",
                         after="hidden", note=reason)  # fmt: skip
            _dismiss_flags(content, actor)
            _moderation_event(kinds.CONTENT_HIDDEN, content, actor, reason)
        return ModerationResult(action, changed)
    if action == RESTORE:
        changed = _set_hidden(content, actor=actor, reason=reason[:REASON_MAX_LENGTH], hide=False)
        if changed:
            audit_record("content.restore", content, actor=actor, before="hidden",
                         after="visible", note=reason)  # fmt: skip
            _moderation_event(kinds.CONTENT_RESTORED, content, actor, reason)
        return ModerationResult(action, changed)
    dismissed = _dismiss_flags(content, actor)
    if dismissed:
        audit_record("flags.dismiss", content, actor=actor, note=str(dismissed))
    return ModerationResult(action, bool(dismissed), dismissed)
