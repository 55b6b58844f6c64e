"""Reads over the tree: chains, auto-follow targets, who is responsible, space pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from jurisdictions.models import Body, Follow, Jurisdiction, Mandate, Responsibility, Topic


def chain_of(place: Jurisdiction) -> list[Jurisdiction]:
    """``place`` and its ancestors, nation first (one query, whatever the depth)."""
    return [*Jurisdiction.objects.get_ancestors(place), place]


def covering_organisations(places: list[Jurisdiction]):
    """Organisations whose decisions affect any of ``places`` (one query)."""
    return (
        Jurisdiction.objects.organisations()
        .filter(covers__in=[p.pk for p in places])
        .distinct()
        .order_by("kind", "name")
    )


def auto_follow_targets(city: Jurisdiction) -> list[Jurisdiction]:
    """What a citizen living in ``city`` follows automatically: the chain and its organisations."""
    chain = chain_of(city)
    return [*reversed(chain), *covering_organisations(chain)]


@dataclass
class FollowingView:
    chain: list[Jurisdiction]  # home first: Paris › Île-de-France › France › European Union
    others: list[Follow] = field(default_factory=list)
    followed_ids: set[int] = field(default_factory=set)


def following_of(citizen) -> FollowingView:
    """The citizen's follows: the home chain in order, then every other follow."""
    follows = list(
        Follow.objects.filter(citizen=citizen).select_related("space").order_by("space__label")
    )
    followed = {f.space_id: f for f in follows}
    chain: list[Jurisdiction] = []
    if citizen.home_id:
        chain = [s for s in auto_follow_targets(citizen.home) if s.pk in followed]
    in_chain = {s.pk for s in chain}
    others = [f for f in follows if f.space_id not in in_chain]
    return FollowingView(chain=chain, others=others, followed_ids=set(followed))


def current_officials_prefetch() -> Prefetch:
    return Prefetch(
        "mandates",
        queryset=Mandate.objects.active().select_related("citizen").order_by("role", "title"),
        to_attr="current_mandates",
    )


def bodies_of(space: Jurisdiction, *, kind: str = ""):
    bodies = Body.objects.filter(space=space).prefetch_related(current_officials_prefetch())
    if kind:
        bodies = bodies.filter(kind=kind)
    return bodies


@dataclass
class ResponsibleAnswer:
    topic: Topic
    place: Jurisdiction
    rule: Responsibility
    space: Jurisdiction | None
    bodies: list[Body]

    @property
    def inherited(self) -> bool:
        """True when the rule comes from a higher level than the place asked about."""
        return self.rule.scope_id != self.place.pk


def topic_by_slug(slug: str) -> Topic:
    try:
        return Topic.objects.get(slug=slug)
    except Topic.DoesNotExist:
        raise ValidationError(
            {"topic": _("Unknown topic “%(topic)s”. Pick one from the list.") % {"topic": slug}}
        ) from None


def _responsible_rule(topic: Topic, place: Jurisdiction):
    """The rule that decides for ``topic`` at ``place`` and the space it names (2 queries).

    Walks up from ``place``: the rule scoped closest to it wins (an override on Paris beats
    the rule on France). A rule names an organisation, or a level that is then resolved to
    the node of that kind in the place's chain.
    """
    if not place.is_place:
        raise ValidationError(
            {"jurisdiction": _("Pick a place (a city, county, region or nation).")}
        )
    chain = chain_of(place)
    rule = (
        Responsibility.objects.filter(topic=topic, scope__in=[p.pk for p in chain])
        .select_related("scope", "organisation", "topic")
        .order_by("-scope__depth")
        .first()
    )
    if rule is None:
        raise ValidationError(
            {
                "topic": _("No one is recorded as responsible for %(topic)s in %(place)s yet.")
                % {"topic": topic.name, "place": place.label}
            }
        )
    if rule.organisation_id:
        return rule, rule.organisation
    return rule, next((p for p in chain if p.kind == rule.level), None)


def responsible_space(*, topic: Topic, place: Jurisdiction) -> Jurisdiction | None:
    """The space responsible for ``topic`` where ``place`` is, without its officials (two
    queries: what a form pre-selects). Raises ``ValidationError`` as ``responsible_for``."""
    return _responsible_rule(topic, place)[1]


def responsible_for(*, topic: Topic, place: Jurisdiction) -> ResponsibleAnswer:
    """Who is responsible for ``topic`` where ``place`` is: the space, and the bodies with
    their officials in office. Four queries whatever the depth.
    Raises ``ValidationError`` with a message for the citizen when nothing applies.
    """
    rule, space = _responsible_rule(topic, place)
    bodies = list(bodies_of(space, kind=rule.body_kind)) if space else []
    if space and not bodies and rule.body_kind:
        bodies = list(bodies_of(space))
    return ResponsibleAnswer(topic=topic, place=place, rule=rule, space=space, bodies=bodies)


def responsibilities_of(space: Jurisdiction):
    """The rules that make ``space`` responsible: its level within its nation, or by name."""
    if space.is_organisation:
        condition = Q(organisation=space)
    else:
        nation_path = space.path[: Jurisdiction.steplen]
        condition = Q(
            level=space.kind, scope__path__startswith=nation_path, scope__depth__lte=space.depth
        )
        # A more specific override elsewhere in the chain may take the topic away; the page
        # shows the general rule and overrides scoped to this very place.
        condition |= Q(scope=space)
    return (
        Responsibility.objects.filter(condition)
        .select_related("topic", "organisation")
        .order_by("topic__domain", "topic__name_en")
    )


def space_page(space: Jurisdiction, *, children_query: str = ""):
    """Everything the space page shows, in a fixed number of queries."""
    ancestors = list(Jurisdiction.objects.get_ancestors(space))
    children = Jurisdiction.objects.get_children(space).only(
        "id", "name", "slug", "label", "kind", "population"
    )
    if children_query:
        children = children.filter(name__icontains=children_query)
    if space.is_place:
        organisations = list(covering_organisations([*ancestors, space]))
        covered = []
    else:
        organisations = []
        covered = list(space.covers.order_by("name").only("id", "name", "slug", "label", "kind"))
    return {
        "ancestors": ancestors,
        "children": children.order_by("name"),
        "organisations": organisations,
        "covered": covered,
        "bodies": list(bodies_of(space)),
        "responsibilities": list(responsibilities_of(space)),
    }
