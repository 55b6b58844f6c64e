"""Factories of the jurisdictions app: the small world of places, and a factory per model.

``build_world()`` and the ``build_*`` functions build a hand-made world of places for tests.

The tree goes through ``jurisdictions.services.jurisdiction_create`` (the one door for new
spaces), so labels, slugs, codes and treebeard paths are what production would produce::

    France ─ Île-de-France ─ Paris (county) ─ Paris (city)
           └ Auvergne-Rhône-Alpes ─ Rhône ─ Lyon
    Canada ─ Quebec ─ Montréal
    European Union (union)                 covers France
    European Central Bank (central bank)   covers France
    Métropole du Grand Paris (metropolis)  covers Paris (city)

Topics and rules (who is responsible):

    household waste  → the city, within France; override on Paris (city) → the Métropole
    motorways        → the nation, within France
    interest rates   → the European Central Bank, within France

Bodies hold current and past mandates; ``build_world()`` returns everything as a
``World``. Use them directly from any test package, or the thin fixtures in
``tests/jurisdictions/conftest.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import factory

from jurisdictions.models import Body, Follow, Jurisdiction, Mandate, Responsibility, Topic
from jurisdictions.services import jurisdiction_create
from tests.civic.factories import CitizenFactory

Kind = Jurisdiction.Kind


@dataclass
class Places:
    france: Jurisdiction
    ile_de_france: Jurisdiction
    paris_county: Jurisdiction
    paris: Jurisdiction  # the city
    auvergne_rhone_alpes: Jurisdiction
    rhone: Jurisdiction
    lyon: Jurisdiction
    canada: Jurisdiction
    quebec: Jurisdiction
    montreal: Jurisdiction


@dataclass
class Organisations:
    european_union: Jurisdiction
    ecb: Jurisdiction
    metropole: Jurisdiction  # Métropole du Grand Paris


@dataclass
class Topics:
    household_waste: Topic
    motorways: Topic
    interest_rates: Topic


@dataclass
class Rules:
    waste_in_france: Responsibility  # level: city
    waste_in_paris: Responsibility  # override: the Métropole
    motorways_in_france: Responsibility  # level: nation
    interest_rates_in_france: Responsibility  # organisation: the ECB


@dataclass
class Bodies:
    paris_council: Body  # legislative
    paris_city_hall: Body  # executive, has the mayor
    metropole_council: Body  # legislative, has the president
    lyon_city_hall: Body  # executive
    road_administration: Body  # France, administration
    ecb_governing_council: Body  # executive


@dataclass
class World:
    places: Places
    organisations: Organisations
    topics: Topics
    rules: Rules
    bodies: Bodies
    mayor: object  # the Citizen holding the current mandate at Paris city hall
    mayor_mandate: Mandate
    former_mayor_mandate: Mandate  # ended: not a current official


def build_places() -> Places:
    """France, Canada and a few places under them, through ``jurisdiction_create``."""
    france = jurisdiction_create(
        name="France", kind=Kind.NATION, code="FR", country_code="FR", population=68_000_000
    )
    idf = jurisdiction_create(
        name="Île-de-France", kind=Kind.REGION, parent=france, code="FR-IDF", population=12_300_000
    )
    paris_county = jurisdiction_create(
        name="Paris", kind=Kind.COUNTY, parent=idf, code="FR-75", population=2_100_000
    )
    paris = jurisdiction_create(
        name="Paris",
        kind=Kind.CITY,
        parent=paris_county,
        population=2_100_000,
        website="https://www.paris.fr",
    )
    ara = jurisdiction_create(
        name="Auvergne-Rhône-Alpes",
        kind=Kind.REGION,
        parent=france,
        code="FR-ARA",
        population=8_100_000,
    )
    rhone = jurisdiction_create(
        name="Rhône", kind=Kind.COUNTY, parent=ara, code="FR-69", population=1_900_000
    )
    lyon = jurisdiction_create(name="Lyon", kind=Kind.CITY, parent=rhone, population=520_000)
    canada = jurisdiction_create(
        name="Canada", kind=Kind.NATION, code="CA", country_code="CA", population=40_000_000
    )
    quebec = jurisdiction_create(
        name="Quebec", kind=Kind.REGION, parent=canada, code="CA-QC", population=8_900_000
    )
    montreal = jurisdiction_create(
        name="Montréal", kind=Kind.CITY, parent=quebec, population=1_760_000
    )
    return Places(
        france=france,
        ile_de_france=idf,
        paris_county=paris_county,
        paris=paris,
        auvergne_rhone_alpes=ara,
        rhone=rhone,
        lyon=lyon,
        canada=canada,
        quebec=quebec,
        montreal=montreal,
    )


def build_organisations(places: Places) -> Organisations:
    """Organisations are roots of the tree that cover places."""
    return Organisations(
        european_union=jurisdiction_create(
            name="European Union", kind=Kind.UNION, code="org:eu", covers=[places.france]
        ),
        ecb=jurisdiction_create(
            name="European Central Bank",
            kind=Kind.CENTRAL_BANK,
            code="org:ecb",
            covers=[places.france],
        ),
        metropole=jurisdiction_create(
            name="Métropole du Grand Paris",
            kind=Kind.METROPOLIS,
            code="org:metropole-du-grand-paris",
            covers=[places.paris],
            contact_email="contact@metropolegrandparis.fr",
        ),
    )


def build_topics() -> Topics:
    return Topics(
        household_waste=Topic.objects.create(
            slug="household-waste",
            domain=Topic.Domain.ENVIRONMENT,
            name_en="Household waste",
            name_fr="Déchets ménagers",
        ),
        motorways=Topic.objects.create(
            slug="motorways",
            domain=Topic.Domain.TRANSPORT,
            name_en="Motorways",
            name_fr="Autoroutes",
        ),
        interest_rates=Topic.objects.create(
            slug="interest-rates",
            domain=Topic.Domain.ECONOMY,
            name_en="Interest rates",
            name_fr="Taux d'intérêt",
        ),
    )


def build_rules(places: Places, organisations: Organisations, topics: Topics) -> Rules:
    return Rules(
        waste_in_france=Responsibility.objects.create(
            topic=topics.household_waste,
            scope=places.france,
            level=Kind.CITY,
            body_kind=Body.Kind.EXECUTIVE,
            source_note="Code général des collectivités territoriales, L2224-13",
        ),
        waste_in_paris=Responsibility.objects.create(
            topic=topics.household_waste,
            scope=places.paris,
            organisation=organisations.metropole,
            source_note="Loi MAPTAM (2014): waste is a competence of the Métropole",
        ),
        motorways_in_france=Responsibility.objects.create(
            topic=topics.motorways,
            scope=places.france,
            level=Kind.NATION,
            body_kind=Body.Kind.ADMINISTRATION,
            source_note="Code de la voirie routière, L121-1",
        ),
        interest_rates_in_france=Responsibility.objects.create(
            topic=topics.interest_rates,
            scope=places.france,
            organisation=organisations.ecb,
            source_note="Treaty on the Functioning of the European Union, art. 127",
        ),
    )


def build_bodies(places: Places, organisations: Organisations) -> Bodies:
    def body(space, name, kind, **fields):
        return Body.objects.create(space=space, name=name, kind=kind, **fields)

    return Bodies(
        paris_council=body(places.paris, "Conseil de Paris", Body.Kind.LEGISLATIVE),
        paris_city_hall=body(
            places.paris,
            "Mairie de Paris",
            Body.Kind.EXECUTIVE,
            contact_email="mairie@paris.fr",
            website="https://www.paris.fr/mairie",
        ),
        metropole_council=body(
            organisations.metropole,
            "Conseil de la Métropole",
            Body.Kind.LEGISLATIVE,
            contact_email="conseil@metropolegrandparis.fr",
        ),
        lyon_city_hall=body(
            places.lyon, "Mairie de Lyon", Body.Kind.EXECUTIVE, contact_email="mairie@lyon.fr"
        ),
        road_administration=body(
            places.france,
            "Direction des routes",
            Body.Kind.ADMINISTRATION,
            contact_email="routes@developpement-durable.gouv.fr",
        ),
        ecb_governing_council=body(
            organisations.ecb, "Governing Council", Body.Kind.EXECUTIVE, website="https://ecb.eu"
        ),
    )


def build_world() -> World:
    """The whole small world: places, organisations, topics, rules, bodies and mandates."""
    places = build_places()
    organisations = build_organisations(places)
    topics = build_topics()
    rules = build_rules(places, organisations, topics)
    bodies = build_bodies(places, organisations)
    mayor = CitizenFactory(display_name="Anne Mairesse", email="mayor@example.org", gender="woman")
    mayor_mandate = Mandate.objects.create(
        citizen=mayor,
        body=bodies.paris_city_hall,
        role=Mandate.Role.ELECTED,
        title="Mayor of Paris",
        start_date=date(2020, 7, 3),
    )
    former = CitizenFactory(display_name="Bertrand Ancien", email="former@example.org")
    former_mandate = Mandate.objects.create(
        citizen=former,
        body=bodies.paris_city_hall,
        role=Mandate.Role.ELECTED,
        title="Mayor of Paris",
        start_date=date(2001, 3, 25),
        end_date=date(2014, 4, 5),
    )
    return World(
        places=places,
        organisations=organisations,
        topics=topics,
        rules=rules,
        bodies=bodies,
        mayor=mayor,
        mayor_mandate=mayor_mandate,
        former_mayor_mandate=former_mandate,
    )


def add_children(parent: Jurisdiction, count: int, *, kind: str = Kind.CITY) -> list[Jurisdiction]:
    """``count`` extra children under ``parent`` (to show query counts do not grow)."""
    start = Jurisdiction.objects.get(pk=parent.pk).numchild
    return [
        jurisdiction_create(name=f"Commune {parent.code} {n:03d}", kind=kind, parent=parent)
        for n in range(start, start + count)
    ]


# --- one factory per model: a row, directly, for tests that need *a* space or *a* mandate ---
class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction
        exclude = ("parent",)

    parent = None
    name = factory.Sequence(lambda n: f"Place {n}")
    kind = factory.LazyAttribute(
        lambda o: Jurisdiction.Kind.NATION if o.parent is None else Jurisdiction.Kind.CITY
    )
    slug = factory.Sequence(lambda n: f"place-{n}")
    code = factory.Sequence(lambda n: f"XX-{n}")
    country_code = "FR"
    label = factory.LazyAttribute(
        lambda o: o.name if o.parent is None else f"{o.name}, {o.parent.label}"
    )

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        node = model_class(**kwargs)
        if parent is None:
            return model_class.objects.add_root(instance=node)
        return Jurisdiction.objects.get(pk=parent.pk).add_child(instance=node)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    domain = Topic.Domain.EDUCATION
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_fr = factory.Sequence(lambda n: f"Sujet {n}")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    space = factory.SubFactory(JurisdictionFactory)
    name = factory.Sequence(lambda n: f"Council {n}")
    kind = Body.Kind.EXECUTIVE


class MandateFactory(factory.django.DjangoModelFactory):
    """A current mandate (started in 2020, no end)."""

    class Meta:
        model = Mandate

    citizen = factory.SubFactory(CitizenFactory)
    body = factory.SubFactory(BodyFactory)
    role = Mandate.Role.ELECTED
    title = "Mayor"
    start_date = date(2020, 7, 3)


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    citizen = factory.SubFactory(CitizenFactory)
    space = factory.SubFactory(JurisdictionFactory)


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    """``topic`` is the responsibility of the cities within ``scope``."""

    class Meta:
        model = Responsibility

    topic = factory.SubFactory(TopicFactory)
    scope = factory.SubFactory(JurisdictionFactory)
    level = Jurisdiction.Kind.CITY
    source_note = "Code général des collectivités territoriales"
