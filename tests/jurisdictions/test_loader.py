"""manage.py load_jurisdictions: the tree of places built from packaged data.

France and Canada are loaded once for the module (a few seconds) and removed at the end;
every test runs in its own transaction on top of them, so what a test writes is rolled back.
Tests that need an empty tree come first (before the module's load) and still empty the table
inside their transaction, so they pass in any order.
"""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from jurisdictions import loader
from jurisdictions.models import Jurisdiction

Kind = Jurisdiction.Kind


@pytest.fixture(scope="module")
def france_and_canada(django_db_setup, django_db_blocker):
    """The lines the first FR,CA load printed (per country, then the summary)."""
    with django_db_blocker.unblock():
        out = StringIO()
        call_command("load_jurisdictions", countries="FR,CA", stdout=out)
        yield out.getvalue().strip().splitlines()
        # Nothing but the loader's rows and the union's covers were committed; a plain DELETE
        # spares the collector's cascade over twelve thousand rows.
        Jurisdiction.covers.through.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Jurisdiction._meta.db_table}")  # noqa: S608


@pytest.fixture
def empty_tree(db):
    """An empty table for this test only (the deletion is rolled back with the test)."""
    Jurisdiction.objects.all().delete()


def node(code: str) -> Jurisdiction:
    return Jurisdiction.objects.get(code=code)


def ancestors(place: Jurisdiction) -> list[Jurisdiction]:
    return list(Jurisdiction.objects.get_ancestors(place))


def assert_tree_is_valid() -> None:
    """treebeard's invariants, checked from one query (``find_problems`` runs two queries per
    node: fine for the small trees below, slow for France)."""
    rows = list(Jurisdiction.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _depth, _numchild in rows}
    children = Counter(path[: -Jurisdiction.steplen] for path in paths)
    for path, depth, numchild in rows:
        assert set(path) <= set(Jurisdiction.alphabet), path
        assert len(path) % Jurisdiction.steplen == 0, path
        assert depth == len(path) // Jurisdiction.steplen, path
        assert depth == 1 or path[: -Jurisdiction.steplen] in paths, f"orphan {path}"
        assert numchild == children[path], path


def assert_treebeard_finds_no_problem() -> None:
    assert Jurisdiction.objects.find_problems() == ([], [], [], [], [])


def test_a_label_names_city_region_and_nation():
    labels = {p.label for p in loader.plan(["US"], min_population=20_000)}

    assert "Paris, Texas, United States" in labels
    assert "Texas, United States" in labels


def test_min_population_leaves_out_small_cities_but_keeps_subdivisions():
    places = loader.plan(["BE"], min_population=100_000)

    kinds = Counter(p.kind for p in places)
    assert kinds[Kind.REGION] == 3 and kinds[Kind.COUNTY] == 10
    cities = [p for p in places if p.kind == Kind.CITY]
    assert cities and all(p.population >= 100_000 for p in cities)
    assert "BE-VAN/antwerpen" in {p.code for p in cities}


def test_the_command_asks_which_countries_to_load():
    with pytest.raises(CommandError, match="--countries --all"):
        call_command("load_jurisdictions", stdout=StringIO())


@pytest.mark.django_db
def test_an_unknown_country_code_is_a_clear_command_error(empty_tree):
    with pytest.raises(CommandError, match="Unknown country code.*XX"):
        call_command("load_jurisdictions", countries="FR,XX", stdout=StringIO())

    assert not Jurisdiction.objects.exists()


@pytest.mark.django_db
def test_organisation_roots_are_kept_and_slug_collisions_get_a_stable_suffix(empty_tree):
    squatter = Jurisdiction.objects.add_root(
        {
            "name": "Squatter",
            "kind": Kind.ORGANISATION,
            "code": "org:test",
            "label": "Squatter",
            "slug": "paris-ile-de-france-france",
        }
    )

    loader.load_jurisdictions(["FR"], min_population=1_000_000)
    loader.load_jurisdictions(["FR"], min_population=1_000_000)

    paris = node("FR-75C/paris")
    assert paris.slug.startswith("paris-ile-de-france-france-")
    assert len(paris.slug) == len("paris-ile-de-france-france-") + 6
    assert node("FR").path > squatter.path
    assert Jurisdiction.objects.filter(code="FR-75C/paris").count() == 1
    assert_treebeard_finds_no_problem()


@pytest.mark.django_db
def test_a_small_tree_loaded_in_steps_is_valid_for_treebeard(empty_tree):
    loader.load_jurisdictions(["FR"], min_population=100_000)
    loader.load_jurisdictions(["CA"], min_population=100_000)
    # Existing and new nations in one run, and more cities under existing counties.
    loader.load_jurisdictions(["FR", "BE", "CA"], min_population=50_000)

    assert_treebeard_finds_no_problem()
    assert_tree_is_valid()
    roots = [r.code for r in Jurisdiction.objects.get_root_nodes()]
    assert roots == ["FR", "org:eu", "CA", "BE"]


@pytest.mark.django_db
def test_paris_hangs_from_its_county_region_and_nation(france_and_canada):
    paris = node("FR-75C/paris")

    assert [(a.kind, a.name) for a in ancestors(paris)] == [
        (Kind.NATION, "France"),
        (Kind.REGION, "Île-de-France"),
        (Kind.COUNTY, "Paris"),
    ]
    assert [a.code for a in ancestors(paris)] == ["FR", "FR-IDF", "FR-75C"]
    assert paris.kind == Kind.CITY
    assert paris.population > 2_000_000
    assert paris.label == "Paris, Île-de-France, France"
    assert paris.slug == "paris-ile-de-france-france"
    assert paris.country_code == "FR"


@pytest.mark.django_db
def test_montreal_is_in_quebec_in_canada(france_and_canada):
    montreal = Jurisdiction.objects.cities().get(country_code="CA", name="Montréal")

    chain = ancestors(montreal)
    assert [a.code for a in chain][:2] == ["CA", "CA-QC"]
    assert [a.kind for a in chain] == [Kind.NATION, Kind.REGION, Kind.COUNTY]
    assert chain[2].name == "Montréal"  # the census division geonames names
    assert montreal.label == "Montréal, Quebec, Canada"
    assert montreal.population > 1_000_000


@pytest.mark.django_db
def test_counties_come_from_iso_subdivisions_or_geonames(france_and_canada):
    # ISO 3166-2 where it exists: departments are counties of their region...
    assert [a.code for a in ancestors(node("FR-06"))] == ["FR", "FR-PAC"]
    nice = Jurisdiction.objects.cities().get(code="FR-06/nice")
    assert [a.name for a in ancestors(nice)][1:] == [
        "Provence-Alpes-Côte-d’Azur",
        "Alpes-Maritimes",
    ]
    # ...and geonames' misspelling "Loire-et-Cher" still lands in Loir-et-Cher (FR-41).
    assert [a.code for a in ancestors(node("FR-41/blois"))] == ["FR", "FR-CVL", "FR-41"]
    # Canada has no ISO counties: geonames' census divisions are coded under their province.
    toronto = Jurisdiction.objects.cities().get(country_code="CA", name="Toronto")
    assert [a.code for a in ancestors(toronto)] == ["CA", "CA-ON", "CA-ON/toronto-county"]


@pytest.mark.django_db
def test_a_second_run_creates_nothing_and_prints_the_same_counts(france_and_canada):
    out = StringIO()
    call_command("load_jurisdictions", countries="FR,CA", stdout=out)

    first, second = france_and_canada[-1], out.getvalue().strip().splitlines()[-1]
    assert first.startswith("nations: 2, regions: 39, counties: 250, cities: ")
    assert second.split(" (")[0] == first.split(" (")[0]
    assert second.endswith("(created 0, updated 0)")
    # The first run created every row (France, Canada and the European Union).
    assert f"(created {Jurisdiction.objects.count()}, updated 0)" in first


@pytest.mark.django_db
def test_a_rerun_updates_only_what_changed(france_and_canada):
    Jurisdiction.objects.filter(code="FR-75C/paris").update(population=1, label="Old label")
    slugs_before = dict(Jurisdiction.objects.values_list("code", "slug"))

    report = loader.load_jurisdictions(["FR", "CA"])

    assert (report.created, report.updated) == (0, 1)
    paris = node("FR-75C/paris")
    assert paris.population > 2_000_000
    assert paris.label == "Paris, Île-de-France, France"
    assert dict(Jurisdiction.objects.values_list("code", "slug")) == slugs_before


@pytest.mark.django_db
def test_a_misplaced_node_is_moved_back_with_its_subtree(france_and_canada):
    paris_county = node("FR-75C")
    Jurisdiction.objects.move(paris_county, node("FR-ARA"), "last-child")
    assert node("FR-75C/paris").path.startswith(node("FR-ARA").path)

    report = loader.load_jurisdictions(["FR"])

    assert report.updated == 1
    assert [a.code for a in ancestors(node("FR-75C/paris"))] == ["FR", "FR-IDF", "FR-75C"]
    assert_tree_is_valid()


@pytest.mark.django_db
def test_belgium_loaded_later_is_appended_and_france_is_untouched(france_and_canada):
    before = set(Jurisdiction.objects.values_list("code", "path", "slug", "label", "numchild"))
    last_root = Jurisdiction.objects.get_last_root_node()

    out = StringIO()
    call_command("load_jurisdictions", countries="BE", stdout=out)

    after = set(Jurisdiction.objects.values_list("code", "path", "slug", "label", "numchild"))
    assert before - after == set()  # every existing row is exactly as it was
    belgium = node("BE")
    assert belgium.depth == 1 and belgium.path > last_root.path
    brussels = Jurisdiction.objects.cities().get(country_code="BE", name="Brussels")
    assert [a.code for a in ancestors(brussels)] == ["BE", "BE-BRU"]
    antwerp = node("BE-VAN/antwerpen")
    assert [a.code for a in ancestors(antwerp)] == ["BE", "BE-VLG", "BE-VAN"]
    assert "nations: 1, regions: 3, counties: 10, cities: " in out.getvalue()
    assert_tree_is_valid()
    # treebeard's own check costs two queries a node: run it on one appended region.
    assert Jurisdiction.objects.find_problems(parent=node("BE-BRU")) == ([], [], [], [], [])


@pytest.mark.django_db
def test_the_european_union_covers_its_members_only(france_and_canada):
    loader.load_jurisdictions(["BE"])

    union = node("org:eu")
    assert (union.kind, union.name, union.depth) == (Kind.UNION, "European Union", 1)
    covered = set(union.covers.values_list("code", flat=True))
    assert covered == {"FR", "BE"}
    assert "CA" not in covered
    # Membership is read from country-converter's table, not typed here.
    members = loader.eu_member_codes()
    assert len(members) == 27
    assert {"FR", "BE", "GR", "DE"} <= members
    assert "GB" not in members


@pytest.mark.django_db
def test_labels_tell_same_named_places_apart(france_and_canada):
    duplicates = Jurisdiction.objects.values("label").annotate(n=Count("id")).filter(n__gt=1)
    assert list(duplicates) == []
    # Two Montréal in Occitanie: the county is named. Paris the department says what it is.
    assert set(
        Jurisdiction.objects.cities().filter(name="Montréal").values_list("label", flat=True)
    ) == {
        "Montréal, Aude, Occitanie, France",
        "Montréal, Gers, Occitanie, France",
        "Montréal, Quebec, Canada",
    }
    assert node("FR-75C").label == "Paris (county), Île-de-France, France"
    assert Jurisdiction.objects.filter(label="Paris, Ontario, Canada").exists()
    # Two Montaigut in one department: the larger keeps the plain code, codes stay stable.
    first, second = node("FR-63/montaigut"), node("FR-63/montaigut-2")
    assert first.population > second.population
    assert second.label == "Montaigut (2), Puy-de-Dôme, Auvergne-Rhône-Alpes, France"
