"""Every write of the consultations: open, edit, close, contribute, agree, review, remind.

Each service is one transaction that checks the permission (``consultations.rules``), writes
the change, the audit row of a decision maker's action and the domain event. Read marks and
"helped shape policy" are compare-and-swap updates, so a double click changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.audit.services import audit_record
from civic.counting import create_counted, delete_counted
from civic.rules import require
from jurisdictions.models import Jurisdiction
from notifications.services import event_record
from proposals.consultations import notifications as kinds
from proposals.consultations.models import (
    Agreement,
    Consultation,
    ConsultationFollow,
    Contribution,
)

CONSULTATION_FIELDS = ("question", "context", "topic", "body", "opens_at", "closes_at")


def _clean_consultation(consultation: Consultation) -> None:
    # The date check below gives a field message; the database constraint still guards.
    consultation.full_clean(exclude=["space", "created_by"], validate_constraints=False)
    if consultation.closes_at <= consultation.opens_at:
        raise ValidationError(
            {"closes_at": _("The closing date must come after the opening date.")}
        )
    if error := consultation.body_error():
        raise ValidationError(error)


def _known_fields(fields: dict) -> None:
    unknown = set(fields) - set(CONSULTATION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})


@transaction.atomic
def consultation_open(*, actor, space: Jurisdiction, **fields) -> Consultation:
    """A decision maker opens a consultation in a space they serve (staff: anywhere)."""
    require("consultations.open_consultation", actor, space)
    _known_fields(fields)
    consultation = Consultation(space=space, created_by=actor, **fields)
    _clean_consultation(consultation)
    consultation.save()
    audit_record("consultation.open", consultation, actor=actor, after="open")
    event_record(
        kind=kinds.CONSULTATION_OPENED, actor=actor, space=space, consultation=consultation
    )
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, actor, **fields) -> Consultation:
    require("consultations.manage_consultation", actor, consultation)
    if consultation.closed_at is not None:
        raise ValidationError(_("A closed consultation cannot be edited."))
    _known_fields(fields)
    for name, value in fields.items():
        setattr(consultation, name, value)
    _clean_consultation(consultation)
    consultation.save()
    audit_record("consultation.edit", consultation, actor=actor, note=", ".join(sorted(fields)))
    return consultation


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor, summary: str) -> Consultation:
    """Close the consultation and record what was decided."""
    require("consultations.manage_consultation", actor, consultation)
    if not summary.strip():
        raise ValidationError({"summary": _("Summarise what was decided.")})
    now = timezone.now()
    updated = Consultation.objects.filter(pk=consultation.pk, closed_at__isnull=True).update(
        closed_at=now, closed_by=actor, summary=summary
    )
    if updated != 1:
        raise ValidationError(_("This consultation is already closed."))
    consultation.refresh_from_db()
    audit_record("consultation.close", consultation, actor=actor, before="open",
                 after="closed", note=summary)  # fmt: skip
    event_record(
        kind=kinds.CONSULTATION_CLOSED,
        actor=actor,
        space=consultation.space,
        consultation=consultation,
    )
    return consultation


def consultations_remind_closing(*, within: timedelta = timedelta(hours=48)) -> int:
    """Tell followers once that a consultation closes within 48 hours (compare-and-swap:
    the beat may run it twice, each consultation is announced once). Returns how many."""
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
                    kind=kinds.CONSULTATION_CLOSING,
                    space=consultation.space,
                    consultation=consultation,
                    data={"closes_at": consultation.closes_at.isoformat()},
                )
                sent += 1
    return sent


# --- Contributions --------------------------------------------------------------------------


@transaction.atomic
def contribution_post(*, consultation: Consultation, author, text: str) -> Contribution:
    require("consultations.post_contribution", author)
    if not consultation.is_open:
        raise ValidationError(_("This consultation is not open for contributions."))
    contribution = Contribution(consultation=consultation, author=author, text=text)
    contribution.full_clean(exclude=["consultation", "author"])
    contribution.save()
    Consultation.objects.filter(pk=consultation.pk).update(
        contribution_count=F("contribution_count") + 1
    )
    ConsultationFollow.objects.get_or_create(consultation=consultation, citizen=author)
    event_record(
        kind=kinds.CONTRIBUTION_POSTED,
        actor=author,
        space=consultation.space,
        consultation=consultation,
        contribution=contribution,
    )
    return contribution


@transaction.atomic
def agreement_add(*, contribution: Contribution, citizen) -> Agreement:
    require("consultations.agree_contribution", citizen, contribution)
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


def _review_event(kind: str, contribution: Contribution, actor) -> None:
    event_record(
        kind=kind,
        actor=actor,
        space=contribution.consultation.space,
        consultation=contribution.consultation,
        contribution=contribution,
    )


@transaction.atomic
def contribution_mark_read(*, contribution: Contribution, actor) -> bool:
    """Mark a contribution read (once); its author sees it. Returns whether this call did."""
    require("consultations.review_contribution", actor, contribution)
    updated = Contribution.objects.filter(pk=contribution.pk, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=actor
    )
    if updated:
        contribution.refresh_from_db()
        audit_record("contribution.read", contribution, actor=actor, before="unread",
                     after="read")  # fmt: skip
        _review_event(kinds.CONTRIBUTION_READ, contribution, actor)
    return bool(updated)


@transaction.atomic
def contribution_mark_helped(*, contribution: Contribution, actor, outcome_note: str) -> bool:
    """Say that this contribution helped shape policy, and how (once); marks it read first.
    Returns whether this call did."""
    require("consultations.review_contribution", actor, contribution)
    if not outcome_note.strip():
        raise ValidationError({"outcome_note": _("Say how this contribution helped.")})
    contribution_mark_read(contribution=contribution, actor=actor)
    updated = Contribution.objects.filter(pk=contribution.pk, helped_shape_policy=False).update(
        helped_shape_policy=True, outcome_note=outcome_note
    )
    if updated:
        contribution.refresh_from_db()
        audit_record("contribution.helped", contribution, actor=actor, after="helped",
                     note=outcome_note)  # fmt: skip
        _review_event(kinds.CONTRIBUTION_HELPED, contribution, actor)
    return bool(updated)


def agreements_of_the_day_record() -> int:
    """Tell each contributor how many citizens agreed with their contribution since they
    were last told (one notification a day at most; run by Celery beat)."""
    from notifications.services import daily_counts_record

    return daily_counts_record(
        kind=kinds.CONTRIBUTION_AGREEMENTS_TODAY,
        rows=Agreement.objects.all(),
        subject="contribution",
        targets=Contribution.objects.select_related("consultation__space"),
        subjects=lambda contribution: {
            "contribution": contribution,
            "consultation": contribution.consultation,
            "space": contribution.consultation.space,
        },
    )


@transaction.atomic
def consultation_follow(*, consultation: Consultation, citizen) -> bool:
    """Follow a consultation: be told 48 hours before it closes and when it closes. Returns
    whether the citizen did not follow it already."""
    require("consultations.follow_consultation", citizen, consultation)
    _follow, created = ConsultationFollow.objects.get_or_create(
        consultation=consultation, citizen=citizen
    )
    return created


@transaction.atomic
def consultation_unfollow(*, consultation: Consultation, citizen) -> bool:
    """Stop following a consultation. Returns whether the citizen followed it."""
    require("consultations.follow_consultation", citizen, consultation)
    deleted, _rows = ConsultationFollow.objects.filter(
        consultation=consultation, citizen=citizen
    ).delete()
    return bool(deleted)
