"""Every write to follows and homes. Follower counts move in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from civic.audit.services import assign_changed, audit_record
from civic.models import Citizen
from jurisdictions.models import Body, Follow, Jurisdiction, Mandate, Responsibility, Topic
from jurisdictions.rules import forget_served_spaces
from jurisdictions.selectors import auto_follow_targets


def _audit(action: str, obj, *, actor, **details) -> None:
    """Audit a staff member's change; loaders and the demo (``actor=None``) write none.

    ``load_jurisdictions`` rebuilds the tree from packaged data, tens of thousands of rows
    that anyone can reproduce: the audit log records what people decided.
    """
    if actor is not None:
        audit_record(action, obj, actor=actor, **details)


def _lock(citizen: Citizen) -> Citizen:
    # Serialises the follow changes of one citizen (concurrent clicks, a home change racing
    # a follow): the second transaction sees what the first wrote.
    return Citizen.objects.select_for_update().get(pk=citizen.pk)


def _bump(space_ids: Iterable[int], delta: int) -> None:
    ids = list(space_ids)
    if ids:
        Jurisdiction.objects.filter(pk__in=ids).update(follower_count=F("follower_count") + delta)


@transaction.atomic
def home_set(*, citizen: Citizen, city: Jurisdiction) -> list[Jurisdiction]:
    """Make ``city`` the citizen's home and move their automatic follows to match.

    The citizen follows the city, its ancestors and every organisation covering any of
    them. Automatic follows that no longer apply are removed; follows the citizen chose by
    hand are kept (and a chosen follow that is now implied stays chosen). Returns the spaces
    followed automatically, home first.
    """
    if city.kind != Jurisdiction.Kind.CITY:
        raise ValidationError({"city": _("Your home must be a city.")})
    citizen = _lock(citizen)
    targets = auto_follow_targets(city)
    target_ids = {space.pk for space in targets}
    existing = dict(Follow.objects.filter(citizen=citizen).values_list("space_id", "automatic"))

    stale = [sid for sid, automatic in existing.items() if automatic and sid not in target_ids]
    if stale:
        Follow.objects.filter(citizen=citizen, space_id__in=stale).delete()
        _bump(stale, -1)
    new = [space.pk for space in targets if space.pk not in existing]
    Follow.objects.bulk_create(
        [Follow(citizen=citizen, space_id=sid, automatic=True) for sid in new]
    )
    _bump(new, +1)
    Citizen.objects.filter(pk=citizen.pk).update(home=city)
    citizen.home = city
    return targets


@transaction.atomic
def follow_add(*, citizen: Citizen, space: Jurisdiction) -> Follow:
    """Follow ``space`` by choice. Following twice changes nothing."""
    _lock(citizen)
    follow = Follow.objects.filter(citizen=citizen, space=space).first()
    if follow is not None:
        return follow
    try:
        with transaction.atomic():
            follow = Follow.objects.create(citizen=citizen, space=space, automatic=False)
    except IntegrityError:  # the unique constraint is the last line of defence
        return Follow.objects.get(citizen=citizen, space=space)
    _bump([space.pk], +1)
    return follow


@transaction.atomic
def follow_remove(*, citizen: Citizen, space: Jurisdiction) -> bool:
    """Stop following ``space``; returns whether a follow existed."""
    _lock(citizen)
    deleted, _detail = Follow.objects.filter(citizen=citizen, space=space).delete()
    if deleted:
        _bump([space.pk], -1)
    return bool(deleted)


@transaction.atomic
def citizen_places_erase(*, citizen: Citizen) -> None:
    """Account erasure (``civic.services.citizen_erase``): every follow of ``citizen`` goes
    (the spaces' follower counts drop), and so do their mandates."""
    _lock(citizen)
    space_ids = list(Follow.objects.filter(citizen=citizen).values_list("space_id", flat=True))
    Follow.objects.filter(citizen=citizen).delete()
    _bump(space_ids, -1)
    citizen.mandates.all().delete()
    forget_served_spaces(citizen)


def _label_for(*, name: str, parent: Jurisdiction | None) -> str:
    """ "Paris, Île-de-France, France": the name and the region and nation above it."""
    if parent is None:
        return name
    chain = [*Jurisdiction.objects.get_ancestors(parent), parent]
    wanted = [
        p.name for p in chain if p.kind in (Jurisdiction.Kind.REGION, Jurisdiction.Kind.NATION)
    ]
    return ", ".join([name, *reversed(wanted)])


def _unique_slug(base: str) -> str:
    from django.utils.text import slugify

    root = slugify(base)[:200] or "space"
    slug, n = root, 2
    while Jurisdiction.objects.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


@transaction.atomic
def jurisdiction_create(
    *,
    name: str,
    kind: str,
    parent: Jurisdiction | None = None,
    code: str = "",
    population: int | None = None,
    covers: Iterable[Jurisdiction] = (),
    actor=None,
    **fields,
) -> Jurisdiction:
    """Create a place under ``parent`` or an organisation (a root covering ``covers``).

    ``actor``: the staff member who adds it (audited); None for the loaders and the demo."""
    from django.utils.text import slugify

    is_place = kind in Jurisdiction.PLACE_KINDS
    if is_place and kind != Jurisdiction.Kind.NATION and parent is None:
        raise ValidationError({"parent": _("A region, county or city needs a parent place.")})
    if not is_place and parent is not None:
        raise ValidationError({"parent": _("An organisation is not part of the tree of places.")})
    if kind == Jurisdiction.Kind.NATION and parent is not None:
        raise ValidationError({"parent": _("A nation has no parent place.")})
    if parent is not None and (
        not parent.is_place
        or Jurisdiction.PLACE_KINDS.index(parent.kind) >= Jurisdiction.PLACE_KINDS.index(kind)
    ):
        raise ValidationError(
            {
                "parent": _("A %(kind)s cannot be placed under a %(parent)s.")
                % {"kind": Jurisdiction.Kind(kind).label, "parent": parent.get_kind_display()}
            }
        )
    label = _label_for(name=name, parent=parent)
    if not code:
        prefix = parent.code if parent else ("org" if not is_place else "place")
        code = f"{prefix}/{slugify(name)}" if parent else f"{prefix}:{slugify(name)}"
    if Jurisdiction.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A space with this code already exists.")})
    values = dict(
        name=name,
        kind=kind,
        code=code,
        label=label,
        slug=_unique_slug(label),
        population=population,
        country_code=(parent.country_code if parent else fields.pop("country_code", "")),
        **fields,
    )
    if parent is None:
        space = Jurisdiction.objects.add_root(values)
    else:
        space = Jurisdiction.objects.add_child(Jurisdiction.objects.get(pk=parent.pk), values)
    if covers:
        space.covers.set(list(covers))
    _audit("space.create", space, actor=actor, space=space, after=kind)
    return space


# What staff may edit of a space (its tree position, label, slug and code are computed).
SPACE_FIELDS = ("name", "population", "website", "contact_email", "description", "covers")


@transaction.atomic
def jurisdiction_update(*, space: Jurisdiction, actor, **fields) -> Jurisdiction:
    """Staff edit the descriptive fields of a space (``SPACE_FIELDS``); audited."""
    unknown = set(fields) - set(SPACE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    covers = fields.pop("covers", None)
    if covers is not None and space.is_place and list(covers):
        raise ValidationError({"covers": _("Only an organisation covers places.")})
    changed = assign_changed(space, fields)
    if changed:
        space.full_clean(exclude=["path", "depth", "numchild", "covers"])
        space.save(update_fields=changed)
    if covers is not None and set(covers) != set(space.covers.all()):
        space.covers.set(list(covers))
        changed.append("covers")
    if changed:
        _audit("space.update", space, actor=actor, space=space, note=", ".join(changed))
    return space


@transaction.atomic
def organisation_cover(
    *, organisation: Jurisdiction, places: Iterable[Jurisdiction], actor=None
) -> None:
    """Add ``places`` to what ``organisation`` covers (idempotent: audited only when it
    covers something new)."""
    if organisation.is_place:
        raise ValidationError({"organisation": _("Only an organisation covers places.")})
    covered = set(organisation.covers.values_list("pk", flat=True))
    new = [place for place in places if place.pk not in covered]
    if new:
        organisation.covers.add(*new)
        _audit("space.cover", organisation, actor=actor, space=organisation,
                     note=", ".join(str(place.pk) for place in new))  # fmt: skip


BODY_FIELDS = ("name", "kind", "contact_email", "website")


@transaction.atomic
def body_ensure(*, space: Jurisdiction, name: str, kind: str, actor=None, **fields) -> Body:
    """Create the body ``name`` of ``space``, or update its details (idempotent); audited
    (``actor`` None for the demo and the loaders)."""
    values = {"kind": kind, **fields}
    body = Body.objects.filter(space=space, name=name).first()
    if body is not None and all(getattr(body, key) == value for key, value in values.items()):
        return body  # as it is: nothing to write or audit (the demo loads again)
    created = body is None
    body, _created = Body.objects.update_or_create(space=space, name=name, defaults=values)
    _audit("body.create" if created else "body.update", body, actor=actor, space=space,
                 after=kind, note=", ".join(sorted(values)))  # fmt: skip
    return body


@transaction.atomic
def body_update(*, body: Body, actor, **fields) -> Body:
    """Staff edit a body (its space never changes); audited."""
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    changed = assign_changed(body, fields)
    if not changed:
        return body
    body.full_clean(exclude=["space"])
    body.save(update_fields=changed)
    _audit("body.update", body, actor=actor, space=body.space, note=", ".join(changed))
    return body


@transaction.atomic
def mandate_assign(
    *,
    citizen: Citizen,
    body: Body,
    role: str,
    title: str = "",
    start_date=None,
    end_date=None,
    actor=None,
) -> Mandate:
    """Give ``citizen`` an office in ``body``; the same open office is not duplicated.

    Audited (``actor``: the staff member; None for the demo). The citizen's next permission
    check reads the new office."""
    from django.utils import timezone

    existing = Mandate.objects.filter(
        citizen=citizen, body=body, role=role, end_date__isnull=True
    ).first()
    if existing is not None and end_date is None:
        return existing
    mandate = Mandate(
        citizen=citizen,
        body=body,
        role=role,
        title=title,
        start_date=start_date or timezone.localdate(),
        end_date=end_date,
    )
    mandate.full_clean()
    mandate.save()
    forget_served_spaces(citizen)
    _audit("mandate.assign", mandate, actor=actor, space=body.space, after=role,
                 note=title)  # fmt: skip
    return mandate


MANDATE_FIELDS = ("role", "title", "start_date", "end_date")


@transaction.atomic
def mandate_update(*, mandate: Mandate, actor, **fields) -> Mandate:
    """Staff correct an office's role, title or dates (its holder and body stay); audited."""
    unknown = set(fields) - set(MANDATE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    before = mandate.end_date
    changed = assign_changed(mandate, fields)
    if not changed:
        return mandate
    mandate.full_clean()
    mandate.save(update_fields=changed)
    forget_served_spaces(mandate.citizen)
    _audit("mandate.update", mandate, actor=actor, space=mandate.body.space,
                 before=before or "", after=mandate.end_date or "",
                 note=", ".join(changed))  # fmt: skip
    return mandate


@transaction.atomic
def mandate_end(*, mandate: Mandate, actor, on=None) -> bool:
    """End an office on ``on`` (today by default; inclusive). False if it had ended by then."""
    from django.utils import timezone

    day = on or timezone.localdate()
    if mandate.end_date is not None and mandate.end_date <= day:
        return False
    if day < mandate.start_date:
        raise ValidationError({"end_date": _("An office cannot end before it starts.")})
    Mandate.objects.filter(pk=mandate.pk).update(end_date=day)
    mandate.end_date = day
    forget_served_spaces(mandate.citizen)
    _audit("mandate.end", mandate, actor=actor, space=mandate.body.space, after=day)
    return True


@transaction.atomic
def responsibility_set(
    *,
    topic: Topic,
    scope: Jurisdiction,
    source_note: str,
    level: str = "",
    organisation: Jurisdiction | None = None,
    body_kind: str = "",
    actor=None,
    replacing: Responsibility | None = None,
) -> Responsibility:
    """Record who is responsible for ``topic`` within ``scope`` (replaces the previous rule
    there; ``replacing``: a rule of another topic or scope that this one takes the place
    of, as when staff edit a rule's topic in the admin). Audited."""
    if bool(level) == bool(organisation):
        raise ValidationError(_("Name either a level or an organisation, not both."))
    if organisation is not None and organisation.is_place:
        raise ValidationError({"organisation": _("This is a place, not an organisation.")})
    values = {
        "level": level,
        "organisation": organisation,
        "body_kind": body_kind,
        "source_note": source_note,
    }
    rule = Responsibility.objects.filter(topic=topic, scope=scope).first()
    unchanged = rule is not None and all(getattr(rule, k) == v for k, v in values.items())
    if unchanged and (replacing is None or replacing.pk == rule.pk):
        return rule  # as it is: nothing to write or audit (the demo loads again)
    rule, _created = Responsibility.objects.update_or_create(
        topic=topic, scope=scope, defaults=values
    )
    if replacing is not None and replacing.pk != rule.pk:
        Responsibility.objects.filter(pk=replacing.pk).delete()
    _audit("responsibility.set", rule, actor=actor, space=scope,
                 after=organisation.name if organisation else level,
                 note=f"{topic.slug}: {source_note}")  # fmt: skip
    return rule


@transaction.atomic
def responsibility_delete(*, rule: Responsibility, actor) -> None:
    """Staff remove a rule (who is responsible falls back to a wider one); audited."""
    _audit("responsibility.delete", rule, actor=actor, space=rule.scope,
                 note=rule.topic.slug)  # fmt: skip
    Responsibility.objects.filter(pk=rule.pk).delete()
