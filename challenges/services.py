"""Every write on practices, impact assessments and challenges.

Each service is one transaction that checks the permission (``challenges.rules``) and keeps
the denormalised values exact:

- a practice's aggregates (``assessment_count``, the three means, ``freedom_yes_count``) and
  its best-practice flag are recomputed by ``assessment_save`` with one aggregate query in
  the same transaction as the assessment, the practice row locked so that two citizens
  assessing at once cannot overwrite each other's aggregate;
- its global flag is recomputed whenever its implementing places or the staff declaration
  change (``practice_refresh_global``: one query);
- a challenge's ``participant_count`` moves with an ``F()`` update next to the participation
  row, and each milestone (25, 50, 75, 100 %) is announced at most once: a compare-and-swap
  on ``milestone_announced`` in the join transaction, so leaving and joining again, or two
  chapters joining at the same moment, never announce it twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from challenges import notifications as kinds
from challenges.models import Assessment, Challenge, ChallengeFollow, Participation, Practice
from challenges.un import un_member_codes
from civic.audit.services import audit_record
from civic.counting import create_counted, delete_counted
from civic.rules import require
from jurisdictions.models import Jurisdiction, Topic
from notifications.services import event_record

# A practice implemented in this many distinct nations can be applied anywhere.
GLOBAL_MIN_NATIONS = 3
MILESTONES = (25, 50, 75, 100)
MAX_EVIDENCE_LINKS = 10
MAX_LINK_LENGTH = 500
RATING_RANGE = range(-2, 3)
PRACTICE_FIELDS = ("title", "domain", "description", "evidence_links")
CHALLENGE_FIELDS = ("title", "description", "goal", "deadline", "kind")


# Path segments of challenges/urls.py that a slug must not shadow ("practices/new/").
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(model, text: str, *, fallback: str, max_length: int) -> str:
    """A slug for ``text`` not yet taken in ``model`` ("title", then "title-2", …)."""
    base = slugify(text)[: max_length - 6].strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _create_with_slug(model, *, text: str, fallback: str, **fields):
    """Create the row with a fresh slug; a concurrent twin taking it first means a retry."""
    max_length = model._meta.get_field("slug").max_length
    for _attempt in range(3):
        slug = _unique_slug(model, text, fallback=fallback, max_length=max_length)
        try:
            with transaction.atomic():
                return model.objects.create(slug=slug, **fields)
        except IntegrityError:
            continue
    raise ValidationError(_("Please try again in a moment."))


# --- Practices -------------------------------------------------------------------------------


def clean_evidence_links(links: Iterable[str] | None) -> list[str]:
    """The evidence links, stripped and de-duplicated; each must be an http(s) address.

    Raises ``ValidationError`` keyed ``evidence_links`` naming the first bad address.
    """
    cleaned = list(dict.fromkeys(str(link).strip() for link in (links or ()) if str(link).strip()))
    if len(cleaned) > MAX_EVIDENCE_LINKS:
        raise ValidationError(
            {"evidence_links": _("At most %(n)d evidence links.") % {"n": MAX_EVIDENCE_LINKS}}
        )
    validate = URLValidator(schemes=["http", "https"])
    for link in cleaned:
        if len(link) > MAX_LINK_LENGTH:
            raise ValidationError({"evidence_links": _("An evidence link is too long.")})
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(
                {
                    "evidence_links": _("“%(url)s” is not a web address (http or https).")
                    % {"url": link[:80]}
                }
            ) from None
    return cleaned


def _clean_practice_fields(fields: dict, *, partial: bool) -> dict:
    errors: dict[str, str] = {}
    cleaned = {}
    unknown = set(fields) - set(PRACTICE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    if "title" in fields or not partial:
        title = " ".join(str(fields.get("title") or "").split())
        if not title:
            errors["title"] = _("Give the practice a title.")
        elif len(title) > Practice._meta.get_field("title").max_length:
            errors["title"] = _("The title is too long.")
        cleaned["title"] = title
    if "domain" in fields or not partial:
        domain = fields.get("domain") or ""
        if domain not in Topic.Domain.values:
            errors["domain"] = _("Choose a domain of intervention from the list.")
        cleaned["domain"] = domain
    if "description" in fields or not partial:
        description = str(fields.get("description") or "").strip()
        if not description:
            errors["description"] = _("Describe the practice: what is done, where and how.")
        elif len(description) > Practice._meta.get_field("description").max_length:
            errors["description"] = _("The description is too long.")
        cleaned["description"] = description
    if "evidence_links" in fields or not partial:
        try:
            cleaned["evidence_links"] = clean_evidence_links(fields.get("evidence_links"))
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def practice_create(*, author, implemented_in: Iterable[Jurisdiction] = (), **fields) -> Practice:
    """A citizen proposes a practice (title, domain, description, evidence_links).

    ``implemented_in``: places where it is already in use; the global flag follows them.
    Returns the practice, with a slug derived from its title.
    """
    require("challenges.propose_practice", author)
    cleaned = _clean_practice_fields(fields, partial=False)
    practice = _create_with_slug(
        Practice, text=cleaned["title"], fallback="practice", created_by=author, **cleaned
    )
    places = list(implemented_in)
    if places:
        practice.implemented_in.add(*places)
        practice_refresh_global(practice=practice)
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, actor, declared_global: bool | None = None, **fields):
    """Staff edit a practice (the admin): any of its fields, and the global declaration."""
    require("challenges.edit_practice", actor, practice)
    cleaned = _clean_practice_fields(fields, partial=True)
    if declared_global is not None:
        cleaned["declared_global"] = bool(declared_global)
    if cleaned:
        Practice.objects.filter(pk=practice.pk).update(**cleaned)
        for name, value in cleaned.items():
            setattr(practice, name, value)
    if "declared_global" in cleaned:
        practice_refresh_global(practice=practice)
    if cleaned:
        audit_record("practice.update", practice, actor=actor, space=None,
                     note=", ".join(sorted(cleaned)))  # fmt: skip
    return practice


def implementing_nation_count(practice: Practice) -> int:
    """How many distinct nations hold the places implementing ``practice`` (one query).

    A place's nation is its depth-1 ancestor: the first ``steplen`` characters of its
    materialized path. Organisations are roots of their own and count for no nation.
    """
    roots = (
        practice.implemented_in.filter(kind__in=Jurisdiction.PLACE_KINDS)
        .annotate(root=Substr("path", 1, Jurisdiction.steplen))
        .order_by()
        .values("root")
    )
    return Jurisdiction.objects.filter(
        kind=Jurisdiction.Kind.NATION, depth=1, path__in=roots
    ).count()


def practice_refresh_global(*, practice: Practice) -> bool:
    """Recompute ``is_global``: declared by staff, or implemented in enough nations.

    Call inside the transaction that changed the places or the declaration. Returns the
    new value (also set on ``practice``).
    """
    declared = (
        Practice.objects.filter(pk=practice.pk).values_list("declared_global", flat=True).get()
    )
    is_global = declared or implementing_nation_count(practice) >= GLOBAL_MIN_NATIONS
    Practice.objects.filter(pk=practice.pk).update(is_global=is_global)
    practice.is_global, practice.declared_global = is_global, declared
    return is_global


@transaction.atomic
def practice_add_place(*, practice: Practice, place: Jurisdiction, actor) -> bool:
    """Record that ``place`` implements the practice (its author or staff). False if known."""
    require("challenges.add_practice_place", actor, practice)
    if practice.implemented_in.filter(pk=place.pk).exists():
        return False
    practice.implemented_in.add(place)
    practice_refresh_global(practice=practice)
    audit_record("practice.add_place", practice, actor=actor, space=place)
    return True


@transaction.atomic
def practice_remove_place(*, practice: Practice, place: Jurisdiction, actor) -> bool:
    require("challenges.edit_practice", actor, practice)
    if not practice.implemented_in.filter(pk=place.pk).exists():
        return False
    practice.implemented_in.remove(place)
    practice_refresh_global(practice=practice)
    audit_record("practice.remove_place", practice, actor=actor, space=place)
    return True


@transaction.atomic
def practice_set_places(*, practice: Practice, places: Iterable[Jurisdiction], actor) -> None:
    """Staff replace the implementing places (the admin's many-to-many field)."""
    require("challenges.edit_practice", actor, practice)
    places = list(places)
    practice.implemented_in.set(places)
    practice_refresh_global(practice=practice)
    audit_record("practice.set_places", practice, actor=actor, space=None,
                 note=", ".join(str(place.pk) for place in places))  # fmt: skip


# --- Impact assessments ----------------------------------------------------------------------


def _clean_assessment(values: dict) -> dict:
    errors = {}
    cleaned = {}
    for name in ("rating_citizens", "rating_collectivities", "rating_governments"):
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value not in RATING_RANGE:
            errors[name] = _("Choose a rating from −2 to +2.")
        cleaned[name] = value
    if values.get("freedom") not in Assessment.Freedom.values:
        errors["freedom"] = _("Say whether the practice is compatible with freedom and liberty.")
    cleaned["freedom"] = values.get("freedom")
    comment = str(values.get("comment") or "").strip()
    if len(comment) > Assessment._meta.get_field("comment").max_length:
        errors["comment"] = _("The comment is too long.")
    cleaned["comment"] = comment
    if errors:
        raise ValidationError(errors)
    return cleaned


def practice_recompute(*, practice_id: int) -> dict:
    """Recompute a practice's aggregates and best-practice flag; returns the new values.

    One aggregate query, then one update. Call inside the transaction that changed an
    assessment, with the practice row locked (``assessment_save`` does).
    """
    values = Assessment.objects.filter(practice_id=practice_id).aggregate(
        assessment_count=Count("pk"),
        mean_citizens=Avg("rating_citizens"),
        mean_collectivities=Avg("rating_collectivities"),
        mean_governments=Avg("rating_governments"),
        freedom_yes_count=Count("pk", filter=Q(freedom=Assessment.Freedom.YES)),
    )
    count = values["assessment_count"]
    means = [values[f"mean_{name}"] for name in ("citizens", "collectivities", "governments")]
    values["is_best_practice"] = (
        count >= settings.BEST_PRACTICE_MIN_ASSESSMENTS
        and all(mean is not None and mean > 0 for mean in means)
        and 2 * values["freedom_yes_count"] > count
    )
    Practice.objects.filter(pk=practice_id).update(**values)
    return values


@transaction.atomic
def assessment_save(*, practice: Practice, citizen, **values) -> tuple[Assessment, bool]:
    """Create or update the citizen's own assessment of ``practice`` (one per citizen).

    ``values``: ``rating_citizens``, ``rating_collectivities``, ``rating_governments``
    (−2…+2), ``freedom`` (yes/partly/no) and an optional ``comment``. Returns
    ``(assessment, created)``; ``practice`` gets its recomputed aggregates and flags.
    """
    require("challenges.assess_practice", citizen, practice)
    cleaned = _clean_assessment(values)
    # The lock serialises assessments of one practice: each recomputation sees every
    # committed row, so the last one written is the right one.
    Practice.objects.select_for_update().filter(pk=practice.pk).values_list("pk").get()
    assessment, created = Assessment.objects.update_or_create(
        practice=practice, citizen=citizen, defaults=cleaned
    )
    for name, value in practice_recompute(practice_id=practice.pk).items():
        setattr(practice, name, value)
    return assessment, created


@transaction.atomic
def assessment_delete(*, assessment: Assessment, actor) -> None:
    """Staff remove an assessment (abuse); the practice's aggregates follow."""
    require("challenges.edit_practice", actor, assessment.practice)
    Practice.objects.select_for_update().filter(pk=assessment.practice_id).values_list("pk").get()
    audit_record("assessment.delete", assessment, actor=actor, space=None,
                 note=f"practice {assessment.practice_id}")  # fmt: skip
    assessment.delete()
    practice_recompute(practice_id=assessment.practice_id)


# --- Challenges ------------------------------------------------------------------------------


def clean_challenge_fields(fields: dict, *, current_deadline: date | None = None) -> dict:
    unknown = set(fields) - set(CHALLENGE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    errors = {}
    title = " ".join(str(fields.get("title") or "").split())
    if not title:
        errors["title"] = _("Give the challenge a title.")
    elif len(title) > Challenge._meta.get_field("title").max_length:
        errors["title"] = _("The title is too long.")
    description = str(fields.get("description") or "").strip()
    if not description:
        errors["description"] = _("Describe the challenge and what the groups will do.")
    elif len(description) > Challenge._meta.get_field("description").max_length:
        errors["description"] = _("The description is too long.")
    goal = fields.get("goal")
    if isinstance(goal, bool) or not isinstance(goal, int) or goal < 1:
        errors["goal"] = _("The goal is a number of community groups: 1 or more.")
    deadline = fields.get("deadline")
    # A deadline left as it was may be past (editing an old challenge's description).
    if (
        deadline is not None
        and deadline != current_deadline
        and (not isinstance(deadline, date) or deadline <= timezone.localdate())
    ):
        errors["deadline"] = _("The deadline must be a date in the future.")
    kind = fields.get("kind") or Challenge.Kind.GENERIC
    if kind not in Challenge.Kind.values:
        errors["kind"] = _("Unknown kind of challenge.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description": description,
        "goal": goal,
        "deadline": deadline,
        "kind": kind,
    }


def practice_can_become_challenge(practice: Practice) -> bool:
    return practice.is_best_practice and practice.is_global


@transaction.atomic
def challenge_create(*, practice: Practice, actor, **fields) -> Challenge:
    """Staff turn a global best practice into a challenge (title, description, goal,
    deadline, kind). Refuses any other practice with a message saying why."""
    require("challenges.create_challenge", actor, practice)
    current = Practice.objects.get(pk=practice.pk)
    if not practice_can_become_challenge(current):
        if not current.is_best_practice:
            reason = _(
                "A challenge is built on a best practice: “%(title)s” is not one yet (it needs "
                "%(n)d assessments with a positive mean on all three dimensions and a majority "
                "finding it compatible with freedom and liberty)."
            ) % {"title": current.title, "n": settings.BEST_PRACTICE_MIN_ASSESSMENTS}
        else:
            reason = _(
                "A challenge is built on a global best practice: “%(title)s” is implemented in "
                "fewer than %(n)d nations and staff have not declared it global."
            ) % {"title": current.title, "n": GLOBAL_MIN_NATIONS}
        raise ValidationError({"practice": reason})
    cleaned = clean_challenge_fields(fields)
    challenge = _create_with_slug(
        Challenge, text=cleaned["title"], fallback="challenge", practice=current, **cleaned
    )
    audit_record("challenge.create", challenge, actor=actor, space=None, note=challenge.title)
    return challenge


@transaction.atomic
def challenge_update(*, challenge: Challenge, actor, **fields) -> Challenge:
    """Staff edit a challenge (the admin). Its practice, count and milestones stay."""
    require("challenges.create_challenge", actor, challenge.practice)
    current = {name: getattr(challenge, name) for name in CHALLENGE_FIELDS}
    cleaned = clean_challenge_fields(
        {**current, **fields}, current_deadline=Challenge.objects.get(pk=challenge.pk).deadline
    )
    Challenge.objects.filter(pk=challenge.pk).update(**cleaned)
    for name, value in cleaned.items():
        setattr(challenge, name, value)
    audit_record("challenge.update", challenge, actor=actor, space=None,
                 note=", ".join(sorted(fields)))  # fmt: skip
    return challenge


@transaction.atomic
def challenge_follow(*, challenge: Challenge, citizen) -> bool:
    """Follow a challenge (told at 25, 50, 75 and 100 %). False if already following."""
    require("challenges.follow_challenge", citizen, challenge)
    _follow, created = ChallengeFollow.objects.get_or_create(challenge=challenge, citizen=citizen)
    return created


@transaction.atomic
def challenge_unfollow(*, challenge: Challenge, citizen) -> bool:
    require("challenges.follow_challenge", citizen, challenge)
    deleted, _detail = ChallengeFollow.objects.filter(challenge=challenge, citizen=citizen).delete()
    return bool(deleted)


def _check_can_take_part(chapter, challenge: Challenge) -> None:
    """The Department of Peace gathers national chapters of UN member states only."""
    if challenge.kind != Challenge.Kind.PEACE:
        return
    from chapters.models import Chapter

    if chapter.kind != Chapter.Kind.NATIONAL:
        raise ValidationError(
            {
                "chapter": _(
                    "This challenge gathers one national chapter per member state of the "
                    "United Nations; %(chapter)s is a local chapter."
                )
                % {"chapter": chapter.name}
            }
        )
    if chapter.space.country_code not in un_member_codes():
        raise ValidationError(
            {
                "chapter": _("%(place)s is not a member state of the United Nations.")
                % {"place": chapter.space.name}
            }
        )


def reached_milestone(count: int, goal: int) -> int:
    """The highest milestone (25, 50, 75, 100) that ``count`` of ``goal`` reaches, or 0."""
    return max((m for m in MILESTONES if goal and count * 100 >= m * goal), default=0)


def _announce_milestone(challenge: Challenge, *, actor) -> int | None:
    count, goal = (
        Challenge.objects.filter(pk=challenge.pk).values_list("participant_count", "goal").get()
    )
    challenge.participant_count = count
    milestone = reached_milestone(count, goal)
    if not milestone:
        return None
    # Compare-and-swap: only the join that moves milestone_announced up announces it. A
    # leave never moves it down, so joining again after a leave announces nothing. When one
    # join crosses several milestones at once (a small goal), the highest is announced.
    claimed = Challenge.objects.filter(pk=challenge.pk, milestone_announced__lt=milestone).update(
        milestone_announced=milestone
    )
    if not claimed:
        return None
    challenge.milestone_announced = milestone
    event_record(
        kind=kinds.CHALLENGE_MILESTONE,
        actor=actor,
        data={
            "challenge": challenge.pk,
            "title": challenge.title,
            "percent": milestone,
            "url": challenge.get_absolute_url(),
        },
    )
    return milestone


@transaction.atomic
def challenge_join(*, chapter, challenge: Challenge, actor) -> Participation:
    """An organiser of ``chapter`` (or staff) makes it take part in ``challenge``.

    Counts the chapter in ``participant_count`` and announces the milestone it reaches,
    once (see the module docstring). Raises ``ValidationError`` if it already takes part.
    """
    require("challenges.join_challenge", actor, chapter)
    _check_can_take_part(chapter, challenge)
    participation = create_counted(
        Participation,
        counter=Challenge.objects.filter(pk=challenge.pk),
        field="participant_count",
        duplicate_message=_("%(chapter)s already takes part in this challenge.")
        % {"chapter": chapter.name},
        challenge=challenge,
        chapter=chapter,
    )
    audit_record("challenge.join", challenge, actor=actor, space=chapter.space,
                 note=chapter.name)  # fmt: skip
    _announce_milestone(challenge, actor=actor)
    return participation


@transaction.atomic
def challenge_leave(*, chapter, challenge: Challenge, actor) -> bool:
    """The chapter stops taking part. Milestones already announced stay announced."""
    require("challenges.join_challenge", actor, chapter)
    left = delete_counted(
        Participation.objects.filter(challenge=challenge, chapter=chapter),
        counter=Challenge.objects.filter(pk=challenge.pk),
        field="participant_count",
    )
    challenge.participant_count = (
        Challenge.objects.filter(pk=challenge.pk).values_list("participant_count", flat=True).get()
    )
    if left:
        audit_record("challenge.leave", challenge, actor=actor, space=chapter.space,
                     note=chapter.name)  # fmt: skip
    return left
