"""Every write on chapters, memberships, meetings and RSVPs.

Each service is one transaction that checks the permission (``chapters.rules``), enforces the
rules of the domain and records a domain event where citizens are told something
(``notifications.services.event_record``, dispatched after the commit) — so the web pages, the
API and the organisers' admin cannot diverge.

Counters stay exact: ``Chapter.member_count`` (active members, organisers included) and
``Meeting.rsvp_count`` move with ``F()`` updates in the same transaction as the row they
count, and every state change is a conditional ``UPDATE … WHERE status = …`` whose row count
says whether it happened — a double click or a second organiser cannot count twice. A meeting
is never overbooked: the RSVP and its seat are taken together by
``UPDATE … WHERE rsvp_count < capacity``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from chapters import notifications as kinds
from chapters.models import RSVP, Chapter, Meeting, Membership
from chapters.rules import is_chapters_admin
from chapters.selectors import chapter_refusal, default_kind
from civic.audit.services import assign_changed, audit_record
from civic.rules import require
from jurisdictions.models import Jurisdiction
from notifications.services import event_record

Role = Membership.Role
Status = Membership.Status

CHAPTER_FIELDS = ("name", "description", "policy")
MEETING_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "capacity",
    "competence",  # a study circle (civic.competences); None for a meeting
)


def _keep_an_organiser() -> str:
    return _("A chapter keeps at least one organiser: name another first.")


def _bump_members(chapter_id: int, delta: int) -> None:
    Chapter.objects.filter(pk=chapter_id).update(member_count=F("member_count") + delta)


def _lock(chapter: Chapter) -> Chapter:
    """Lock the chapter row: organiser changes are serialised per chapter, so two last
    organisers leaving at the same moment cannot both succeed."""
    return Chapter.objects.select_for_update().get(pk=chapter.pk)


def _unique_slug(name: str) -> str:
    root = slugify(name)[:200] or "chapter"
    slug, n = root, 2
    while Chapter.objects.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


# --- Chapters -------------------------------------------------------------------------------


def default_name(space: Jurisdiction, kind: str) -> str:
    if kind == Chapter.Kind.NATIONAL:
        return _("%(nation)s national chapter") % {"nation": space.name}
    return _("%(city)s chapter") % {"city": space.name}


def _clean_chapter(chapter: Chapter) -> None:
    if not chapter.name.strip():
        raise ValidationError({"name": _("Give the chapter a name.")})
    chapter.full_clean(exclude=["space", "slug"], validate_unique=False, validate_constraints=False)


@transaction.atomic
def chapter_create(
    *,
    actor,
    space: Jurisdiction,
    kind: str | None = None,
    name: str = "",
    description: str = "",
    policy: str = Chapter.Policy.OPEN,
    organiser=None,
) -> Chapter:
    """Create a chapter of ``space`` and make ``organiser`` its first organiser.

    A local chapter is for a city of more than ``settings.CHAPTER_MIN_POPULATION`` people, a
    national chapter for a nation; one of each kind per place. A citizen who starts a chapter
    must be its first organiser (``organiser=actor``); a chapters administrator may name
    anyone, or nobody (``organiser=None``: organisers are named later in the admin).
    Returns the chapter; raises ``ValidationError`` with the rule it breaks.
    """
    require("chapters.create_chapter", actor)
    admin = is_chapters_admin(actor)
    if organiser is None and not admin:
        organiser = actor
    if organiser is not None and organiser.pk != actor.pk and not admin:
        raise PermissionDenied(_("You can only start a chapter that you organise yourself."))
    kind = kind or default_kind(space)
    refusal = chapter_refusal(space=space, kind=kind)
    if refusal:
        raise ValidationError({"space": refusal})
    chapter = Chapter(
        space=space,
        kind=kind,
        name=(name or default_name(space, kind)).strip(),
        description=description,
        policy=policy,
    )
    _clean_chapter(chapter)
    for _attempt in range(3):
        chapter.slug = _unique_slug(chapter.name)
        try:
            with transaction.atomic():
                chapter.save()
            break
        except IntegrityError:
            # Someone created this place's chapter between the check and the insert: say it
            # as the check would. Otherwise the slug was just taken: take the next one.
            refusal = chapter_refusal(space=space, kind=kind)
            if refusal:
                raise ValidationError({"space": refusal}) from None
    else:
        raise IntegrityError("No free address for this chapter after three attempts.")
    if organiser is not None:
        Membership.objects.create(
            chapter=chapter,
            citizen=organiser,
            role=Role.ORGANISER,
            status=Status.ACTIVE,
            decided_at=timezone.now(),
            decided_by=actor,
        )
        _bump_members(chapter.pk, +1)
        chapter.refresh_from_db(fields=["member_count"])
    return chapter


@transaction.atomic
def chapter_update(*, actor, chapter: Chapter, **fields) -> Chapter:
    """Edit the name, description or membership policy (organisers, chapters admins).

    The place, kind and slug (its address) never change.
    """
    require("chapters.manage_chapter", actor, chapter)
    unknown = set(fields) - set(CHAPTER_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    changed = assign_changed(chapter, fields)
    if not changed:
        return chapter
    _clean_chapter(chapter)
    chapter.save(update_fields=changed)
    audit_record("chapter.update", chapter, actor=actor, note=", ".join(changed))
    return chapter


# --- Memberships ----------------------------------------------------------------------------


def _decision_event(membership: Membership, actor, *, approved: bool) -> None:
    chapter = membership.chapter
    event_record(
        kind=kinds.MEMBERSHIP_DECIDED,
        actor=actor,
        space=chapter.space,
        data={
            "citizen": membership.citizen_id,
            "chapter": chapter.pk,
            "chapter_name": chapter.name,
            "approved": approved,
            "url": chapter.get_absolute_url(),
        },
    )


@transaction.atomic
def membership_join(*, citizen, chapter: Chapter) -> Membership:
    """Join an open chapter (active at once) or ask to join one that approves each request
    (pending until an organiser decides). Joining again changes nothing.

    A citizen whose request was not accepted cannot ask again (organisers are not asked
    twice), unless the chapter has since become open to all.
    """
    require("chapters.join_chapter", citizen, chapter)
    chapter = Chapter.objects.get(pk=chapter.pk)  # the current policy
    membership = Membership.objects.filter(chapter=chapter, citizen=citizen).first()
    if membership is not None and membership.status != Status.REJECTED:
        return membership
    if membership is not None:
        if chapter.policy == Chapter.Policy.APPROVAL:
            raise ValidationError(
                _("The organisers of %(chapter)s did not accept your request.")
                % {"chapter": chapter.name}
            )
        updated = Membership.objects.filter(pk=membership.pk, status=Status.REJECTED).update(
            status=Status.ACTIVE, role=Role.MEMBER, decided_at=timezone.now(), decided_by=None
        )
        if updated:
            _bump_members(chapter.pk, +1)
        membership.refresh_from_db()
        return membership
    open_to_all = chapter.policy == Chapter.Policy.OPEN
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                chapter=chapter,
                citizen=citizen,
                role=Role.MEMBER,
                status=Status.ACTIVE if open_to_all else Status.PENDING,
            )
    except IntegrityError:  # a double click: the first one counted
        return Membership.objects.get(chapter=chapter, citizen=citizen)
    if open_to_all:
        _bump_members(chapter.pk, +1)
    else:
        event_record(
            kind=kinds.MEMBERSHIP_REQUESTED,
            actor=citizen,
            space=chapter.space,
            data={
                "chapter": chapter.pk,
                "chapter_name": chapter.name,
                "url": chapter.get_absolute_url(),
            },
        )
    return membership


def _drop_rsvps(citizen_id: int, chapter_id: int) -> None:
    """Free the seats a departing member held in the chapter's meetings still to come."""
    rsvps = RSVP.objects.filter(
        citizen_id=citizen_id, meeting__chapter_id=chapter_id, meeting__ends_at__gt=timezone.now()
    )
    meeting_ids = list(rsvps.values_list("meeting_id", flat=True))
    if meeting_ids:
        RSVP.objects.filter(citizen_id=citizen_id, meeting_id__in=meeting_ids).delete()
        # One RSVP per citizen and meeting: each of these meetings loses exactly one.
        Meeting.objects.filter(pk__in=meeting_ids).update(rsvp_count=F("rsvp_count") - 1)


def _other_organisers(chapter: Chapter, citizen_id: int):
    return Membership.objects.organisers().filter(chapter=chapter).exclude(citizen_id=citizen_id)


@transaction.atomic
def membership_leave(*, citizen, chapter: Chapter, successor=None) -> bool:
    """Leave a chapter, or withdraw a pending request. Returns whether anything changed.

    The last organiser must name ``successor`` (an active member, who becomes organiser):
    a chapter is never left without anyone to run it. A refused request stays on record
    (leaving it would let the citizen ask again). The member's RSVPs to meetings still to
    come are cancelled.
    """
    chapter = _lock(chapter)
    membership = Membership.objects.filter(chapter=chapter, citizen=citizen).first()
    if membership is None or membership.status == Status.REJECTED:
        return False
    was_active = membership.status == Status.ACTIVE
    last_organiser = (
        was_active
        and membership.role == Role.ORGANISER
        and not _other_organisers(chapter, citizen.pk).exists()
    )
    if last_organiser:
        _hand_over(chapter, citizen, successor)
    Membership.objects.filter(pk=membership.pk).delete()
    if was_active:
        _bump_members(chapter.pk, -1)
        _drop_rsvps(citizen.pk, chapter.pk)
    return True


def memberships_erase(*, citizen) -> None:
    """Account erasure (``civic.services.citizen_erase``): the citizen leaves every chapter
    and every meeting, so no count still includes them ("2 members", "1 of 30 places").

    Erasure cannot be refused: a last organiser's chapter passes to its longest-standing
    active member (none left: the chapter waits for the civic team).
    """
    for membership in Membership.objects.filter(citizen=citizen).select_related("chapter"):
        chapter = _lock(membership.chapter)
        if membership.status == Status.ACTIVE:
            _bump_members(chapter.pk, -1)
            if membership.role == Role.ORGANISER and not _other_organisers(
                chapter, citizen.pk
            ).exists():
                heir = (
                    Membership.objects.active().filter(chapter=chapter)
                    .exclude(citizen=citizen).order_by("created_at", "pk").first()
                )  # fmt: skip
                if heir is not None:
                    Membership.objects.filter(pk=heir.pk).update(role=Role.ORGANISER)
        membership.delete()
    meeting_ids = list(RSVP.objects.filter(citizen=citizen).values_list("meeting_id", flat=True))
    if meeting_ids:
        RSVP.objects.filter(citizen=citizen).delete()
        Meeting.objects.filter(pk__in=meeting_ids).update(rsvp_count=F("rsvp_count") - 1)


def _hand_over(chapter: Chapter, leaving, successor) -> None:
    if successor is None:
        others = Membership.objects.active().filter(chapter=chapter).exclude(citizen=leaving)
        if not others.exists():
            raise ValidationError(
                {
                    "successor": _(
                        "You are the only member of %(chapter)s: nobody can take over as "
                        "organiser. Ask the civic team to close the chapter instead."
                    )
                    % {"chapter": chapter.name}
                }
            )
        raise ValidationError(
            {
                "successor": _(
                    "You are the last organiser of %(chapter)s: name the member who will "
                    "organise it after you."
                )
                % {"chapter": chapter.name}
            }
        )
    successor_id = getattr(successor, "pk", successor)
    promoted = (
        Membership.objects.active()
        .filter(chapter=chapter, citizen_id=successor_id)
        .exclude(citizen=leaving)
        .update(role=Role.ORGANISER)
    )
    if not promoted:
        raise ValidationError(
            {"successor": _("The organiser you name must be an active member of the chapter.")}
        )


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> bool:
    """An organiser removes someone from the chapter (never its last organiser)."""
    chapter = _lock(membership.chapter)
    require("chapters.manage_chapter", actor, chapter)
    membership = Membership.objects.filter(pk=membership.pk).first()
    if membership is None:
        return False
    if (
        membership.status == Status.ACTIVE
        and membership.role == Role.ORGANISER
        and not _other_organisers(chapter, membership.citizen_id).exists()
    ):
        raise ValidationError(_keep_an_organiser())
    Membership.objects.filter(pk=membership.pk).delete()
    if membership.status == Status.ACTIVE:
        _bump_members(chapter.pk, -1)
        _drop_rsvps(membership.citizen_id, chapter.pk)
    audit_record("membership.remove", membership, actor=actor, space=chapter.space,
                 before=membership.status, after="removed")  # fmt: skip
    return True


def _decide(actor, membership: Membership, *, approve: bool) -> bool:
    require("chapters.manage_chapter", actor, membership.chapter)
    updated = Membership.objects.filter(pk=membership.pk, status=Status.PENDING).update(
        status=Status.ACTIVE if approve else Status.REJECTED,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    if not updated:
        return False
    if approve:
        _bump_members(membership.chapter_id, +1)
    membership.refresh_from_db()
    audit_record("membership.approve" if approve else "membership.reject", membership,
                 actor=actor, space=membership.chapter.space, before=Status.PENDING,
                 after=membership.status)  # fmt: skip
    _decision_event(membership, actor, approved=approve)
    return True


@transaction.atomic
def membership_approve(*, actor, membership: Membership) -> bool:
    """Accept a pending request (organisers). Returns False if it was no longer pending.

    The citizen is told (``MEMBERSHIP_DECIDED``, approved).
    """
    return _decide(actor, membership, approve=True)


@transaction.atomic
def membership_reject(*, actor, membership: Membership) -> bool:
    """Decline a pending request (organisers). Returns False if it was no longer pending.

    The citizen is told (``MEMBERSHIP_DECIDED``, not approved).
    """
    return _decide(actor, membership, approve=False)


@transaction.atomic
def membership_set_role(*, actor, membership: Membership, role: str) -> bool:
    """Make an active member an organiser, or an organiser a plain member.

    The last organiser cannot be demoted (leaving names a successor instead).
    """
    chapter = _lock(membership.chapter)
    require("chapters.manage_chapter", actor, chapter)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose member or organiser.")})
    membership = Membership.objects.get(pk=membership.pk)
    if membership.status != Status.ACTIVE:
        raise ValidationError({"role": _("Only active members can be given a role.")})
    if membership.role == role:
        return False
    if role == Role.MEMBER and not _other_organisers(chapter, membership.citizen_id).exists():
        raise ValidationError({"role": _keep_an_organiser()})
    Membership.objects.filter(pk=membership.pk).update(role=role)
    audit_record("membership.role", membership, actor=actor, space=chapter.space,
                 before=membership.role, after=role)  # fmt: skip
    return True


@transaction.atomic
def membership_share_email(*, citizen, chapter: Chapter, share: bool) -> Membership:
    """Give or withdraw one's consent to share one's email with the chapter's organisers
    (it then appears in their member export). Only the member decides."""
    membership = Membership.objects.filter(chapter=chapter, citizen=citizen).first()
    if membership is None or membership.status == Status.REJECTED:
        raise ValidationError(_("Join the chapter first."))
    Membership.objects.filter(pk=membership.pk).update(share_email=bool(share))
    membership.share_email = bool(share)
    return membership


# --- Meetings -------------------------------------------------------------------------------


def meeting_check(fields: dict, *, meeting: Meeting | None = None) -> None:
    """Raise ``ValidationError`` (by field) for meeting values that cannot be published.

    ``fields`` are the values after the change; ``meeting`` the one being edited, if any.
    Pure: also used by the admin form, to show the same messages next to its fields.
    """
    errors: dict[str, str] = {}
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    new_start = meeting is None or (starts_at and starts_at != meeting.starts_at)
    if starts_at and new_start and starts_at <= timezone.now():
        errors["starts_at"] = _("A meeting must start in the future.")
    if not (fields.get("place") or "").strip() and not (fields.get("online_url") or "").strip():
        errors["place"] = _("Give a place or an online link (or both).")
    online_url = (fields.get("online_url") or "").strip()
    if online_url:
        try:
            URLValidator(schemes=["http", "https"])(online_url)
        except ValidationError:
            errors["online_url"] = _("The online link must be a web address (http or https).")
    capacity = fields.get("capacity")
    if capacity is not None:
        if capacity < 1:
            errors["capacity"] = _("The capacity is at least 1; leave it empty for no limit.")
        elif meeting is not None and capacity < meeting.rsvp_count:
            errors["capacity"] = _(
                "%(count)d people already said they will come: the capacity cannot be lower."
            ) % {"count": meeting.rsvp_count}
    if errors:
        raise ValidationError(errors)


def _meeting_values(fields: dict) -> dict:
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be set: %s") % ", ".join(sorted(unknown)))
    values = dict(fields)
    for name in ("title", "place", "online_url", "description"):
        if name in values and values[name] is not None:
            values[name] = values[name].strip()
    return values


@transaction.atomic
def meeting_create(*, actor, chapter: Chapter, **fields) -> Meeting:
    """Schedule a meeting (organisers) and tell the chapter's active members.

    Records ``MEETING_SCHEDULED`` (data: chapter, chapter_name, title, url, meeting); the
    organiser who scheduled it is not told.
    """
    require("chapters.manage_chapter", actor, chapter)
    values = _meeting_values(fields)
    meeting_check(values)
    meeting = Meeting(chapter=chapter, created_by=actor, **values)
    meeting.full_clean(exclude=["chapter", "created_by"], validate_constraints=False)
    meeting.save()
    audit_record("meeting.create", meeting, actor=actor, space=chapter.space)
    event_record(
        kind=kinds.MEETING_SCHEDULED,
        actor=actor,
        space=chapter.space,
        data={
            "chapter": chapter.pk,
            "chapter_name": chapter.name,
            "meeting": meeting.pk,
            "title": meeting.title,
            "url": meeting.get_absolute_url(),
        },
    )
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **fields) -> Meeting:
    """Edit a meeting (organisers of its chapter). Its chapter never changes."""
    meeting = Meeting.objects.select_for_update().select_related("chapter").get(pk=meeting.pk)
    require("chapters.manage_chapter", actor, meeting.chapter)
    values = _meeting_values(fields)
    current = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    meeting_check({**current, **values}, meeting=meeting)
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.full_clean(exclude=["chapter", "created_by"], validate_constraints=False)
    meeting.save(update_fields=list(values) or None)
    audit_record("meeting.update", meeting, actor=actor, space=meeting.chapter.space,
                 note=", ".join(sorted(values)))  # fmt: skip
    return meeting


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    """Delete a meeting and its RSVPs (organisers of its chapter)."""
    require("chapters.manage_chapter", actor, meeting.chapter)
    audit_record("meeting.delete", meeting, actor=actor, space=meeting.chapter.space,
                 note=meeting.title)  # fmt: skip
    Meeting.objects.filter(pk=meeting.pk).delete()


# --- RSVPs ----------------------------------------------------------------------------------


@transaction.atomic
def rsvp_add(*, citizen, meeting: Meeting) -> RSVP:
    """Say one will come (active members of the meeting's chapter). Twice changes nothing.

    Refused once the meeting is over, or full: the seat is taken by a conditional update
    (``rsvp_count < capacity``) in the same transaction as the RSVP row, so concurrent
    RSVPs can never exceed the capacity.
    """
    require("chapters.rsvp_meeting", citizen, meeting)
    if meeting.ends_at <= timezone.now():
        raise ValidationError(_("This meeting is over."))
    existing = RSVP.objects.filter(meeting=meeting, citizen=citizen).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            rsvp = RSVP.objects.create(meeting=meeting, citizen=citizen)
    except IntegrityError:
        return RSVP.objects.get(meeting=meeting, citizen=citizen)
    seated = (
        Meeting.objects.filter(pk=meeting.pk)
        .filter(Q(capacity__isnull=True) | Q(rsvp_count__lt=F("capacity")))
        .update(rsvp_count=F("rsvp_count") + 1)
    )
    if not seated:
        # Raising rolls the RSVP row back with the rest of the transaction.
        meeting.refresh_from_db(fields=["capacity", "rsvp_count"])
        raise ValidationError(
            _("This meeting is full: all %(capacity)d places are taken.")
            % {"capacity": meeting.capacity or 0}
        )
    return rsvp


@transaction.atomic
def rsvp_cancel(*, citizen, meeting: Meeting) -> bool:
    """Withdraw one's RSVP, freeing the seat. Returns whether there was one."""
    deleted, _detail = RSVP.objects.filter(meeting=meeting, citizen=citizen).delete()
    if deleted:
        Meeting.objects.filter(pk=meeting.pk).update(rsvp_count=F("rsvp_count") - 1)
    return bool(deleted)


def meetings_delete(*, actor, meetings: Iterable[Meeting]) -> int:
    """Delete several meetings (the admin's bulk action); each is checked."""
    count = 0
    for meeting in meetings:
        meeting_delete(actor=actor, meeting=meeting)
        count += 1
    return count
