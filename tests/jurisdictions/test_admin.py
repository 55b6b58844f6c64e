"""The Django admin of jurisdictions: every page opens, new spaces go through the service."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jurisdictions.models import Body, Follow, Jurisdiction, Mandate, Responsibility, Topic
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import add_children
from tests.pages import admin_url

pytestmark = pytest.mark.django_db


def assert_tree_is_valid():
    assert all(problems == [] for problems in Jurisdiction.objects.find_problems())


def add_form_data(**values) -> dict:
    data = {
        "name": "",
        "kind": "",
        "parent": "",
        "code": "",
        "country_code": "",
        "population": "",
        "website": "",
        "contact_email": "",
        "description": "",
    }
    data.update(values)
    return data


@pytest.fixture
def one_of_each(world):
    """An existing row of every model, to open its change page."""
    follow = Follow.objects.create(citizen=world.mayor, space=world.places.paris)
    return {
        Jurisdiction: world.places.paris,
        Body: world.bodies.paris_city_hall,
        Mandate: world.mayor_mandate,
        Topic: world.topics.household_waste,
        Responsibility: world.rules.waste_in_paris,
        Follow: follow,
    }


@pytest.mark.parametrize("model", [Jurisdiction, Body, Mandate, Topic, Responsibility, Follow])
def test_a_superuser_opens_the_changelist_and_change_page(admin_client, one_of_each, model):
    obj = one_of_each[model]

    changelist = admin_client.get(admin_url(model, "changelist"))
    change = admin_client.get(admin_url(model, "change", obj.pk))

    assert changelist.status_code == 200
    assert change.status_code == 200
    assert str(obj) in change.content.decode()


@pytest.mark.parametrize("model", [Jurisdiction, Body, Mandate, Topic, Responsibility])
def test_a_superuser_opens_the_add_page(admin_client, world, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_follows_are_read_only_in_the_admin(admin_client, one_of_each):
    follow = one_of_each[Follow]

    assert admin_client.get(admin_url(Follow, "add")).status_code == 403
    page = admin_client.get(admin_url(Follow, "change", follow.pk)).content.decode()
    assert 'name="_save"' not in page
    posted = admin_client.post(admin_url(Follow, "change", follow.pk), {"automatic": "on"})
    assert posted.status_code == 403
    follow.refresh_from_db()
    assert follow.automatic is False
    deleted = admin_client.post(admin_url(Follow, "delete", follow.pk), {"post": "yes"})
    assert deleted.status_code == 403


def test_the_add_form_picks_the_parent_with_an_autocomplete(admin_client, world):
    page = admin_client.get(admin_url(Jurisdiction, "add")).content.decode()

    assert 'name="parent"' in page
    assert "admin-autocomplete" in page
    assert 'data-field-name="covers"' in page


def test_the_changelist_searches_names_and_filters_kinds(admin_client, world):
    url = admin_url(Jurisdiction, "changelist")

    found = admin_client.get(url, {"q": "lyon"}).content.decode()
    counties = admin_client.get(url, {"kind__exact": "county"}).content.decode()

    assert "Lyon, Auvergne-Rhône-Alpes, France" in found
    assert "Montréal" not in found
    assert "Rhône, Auvergne-Rhône-Alpes, France" in counties
    assert "Lyon, Auvergne-Rhône-Alpes, France" not in counties


def test_the_changelist_query_count_does_not_grow_with_rows(admin_client, world):
    url = admin_url(Jurisdiction, "changelist")
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200

    add_children(world.places.rhone, 30)
    with CaptureQueriesContext(connection) as many:
        assert admin_client.get(url).status_code == 200

    assert len(many) == len(few)


def test_a_superuser_creates_an_organisation(admin_client, france, paris):
    response = admin_client.post(
        admin_url(Jurisdiction, "add"),
        add_form_data(
            name="Île-de-France Mobilités",
            kind="agency",
            country_code="fr",
            covers=[france.pk, paris.pk],
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    agency = Jurisdiction.objects.get(name="Île-de-France Mobilités")
    assert agency.kind == "agency"
    assert agency.depth == 1
    assert agency.code == "org:ile-de-france-mobilites"
    assert agency.country_code == "FR"
    assert set(agency.covers.all()) == {france, paris}
    assert_tree_is_valid()


def test_a_superuser_creates_a_city_under_a_county(admin_client, rhone):
    response = admin_client.post(
        admin_url(Jurisdiction, "add"),
        add_form_data(name="Villeurbanne", kind="city", parent=rhone.pk, population="150000"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    city = Jurisdiction.objects.get(name="Villeurbanne")
    assert Jurisdiction.objects.get_parent(city) == rhone
    assert city.label == "Villeurbanne, Auvergne-Rhône-Alpes, France"
    assert city.code == "FR-69/villeurbanne"
    assert city.country_code == "FR"
    assert city.population == 150_000
    rhone.refresh_from_db()
    assert rhone.numchild == 2  # Lyon and Villeurbanne
    assert_tree_is_valid()


def test_a_city_without_a_parent_is_refused_with_the_services_message(admin_client, world):
    response = admin_client.post(
        admin_url(Jurisdiction, "add"), add_form_data(name="Nowhere", kind="city")
    )

    assert response.status_code == 200
    assert "A region, county or city needs a parent place." in response.content.decode()
    assert not Jurisdiction.objects.filter(name="Nowhere").exists()
    assert_tree_is_valid()


def test_a_taken_code_is_refused(admin_client, rhone):
    response = admin_client.post(
        admin_url(Jurisdiction, "add"),
        add_form_data(name="Lyon bis", kind="city", parent=rhone.pk, code="FR-69"),
    )

    assert response.status_code == 200
    assert "A space with this code already exists." in response.content.decode()
    assert not Jurisdiction.objects.filter(name="Lyon bis").exists()


def test_an_organisation_cannot_be_a_parent(admin_client, metropole):
    response = admin_client.post(
        admin_url(Jurisdiction, "add"),
        add_form_data(name="Somewhere", kind="city", parent=metropole.pk),
    )

    assert response.status_code == 200
    assert not Jurisdiction.objects.filter(name="Somewhere").exists()


def test_editing_a_space_changes_its_details_not_its_place_in_the_tree(admin_client, paris):
    path, code = paris.path, paris.code

    response = admin_client.post(
        admin_url(Jurisdiction, "change", paris.pk),
        {
            "name": "Paris",
            "population": "2133111",
            "website": "https://www.paris.fr",
            "contact_email": "",
            "description": "Capital of France.",
            "path": "0009",  # read-only fields are ignored
            "code": "XX",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    paris.refresh_from_db()
    assert paris.population == 2_133_111
    assert paris.description == "Capital of France."
    assert (paris.path, paris.code) == (path, code)
    assert_tree_is_valid()


def test_the_parent_autocomplete_offers_places_best_match_first(admin_client, world):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "jurisdictions",
            "model_name": "jurisdiction",
            "field_name": "covers",
            "term": "paris",
        },
    )

    assert response.status_code == 200
    texts = [r["text"] for r in response.json()["results"]]
    assert texts == ["Paris, Île-de-France, France", "Paris, Île-de-France, France"]


def test_the_rule_organisation_autocomplete_offers_organisations(admin_client, world):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "jurisdictions",
            "model_name": "responsibility",
            "field_name": "organisation",
            "term": "e",
        },
    )

    texts = {r["text"] for r in response.json()["results"]}
    assert texts == {"European Union", "European Central Bank", "Métropole du Grand Paris"}


def test_mandates_filter_by_whether_they_are_in_force(admin_client, world):
    url = admin_url(Mandate, "changelist")

    in_force = admin_client.get(url, {"active": "yes"}).content.decode()
    ended = admin_client.get(url, {"active": "no"}).content.decode()

    assert "Anne Mairesse" in in_force and "Bertrand Ancien" not in in_force
    assert "Bertrand Ancien" in ended and "Anne Mairesse" not in ended


def test_mandates_are_searched_by_citizen_email(admin_client, world):
    page = admin_client.get(admin_url(Mandate, "changelist"), {"q": "mayor@example"})

    assert "Anne Mairesse" in page.content.decode()
    assert "Bertrand Ancien" not in page.content.decode()


def test_rules_filter_by_topic_domain(admin_client, world):
    page = admin_client.get(
        admin_url(Responsibility, "changelist"), {"topic__domain__exact": "transport"}
    ).content.decode()

    assert "Motorways" in page
    assert "Household waste" not in page


def test_a_body_is_saved_with_a_mandate_inline(admin_client, world):
    lyon = world.places.lyon
    councillor = CitizenFactory(display_name="Chloé Conseil")

    response = admin_client.post(
        admin_url(Body, "add"),
        {
            "space": lyon.pk,
            "name": "Conseil municipal de Lyon",
            "kind": "legislative",
            "contact_email": "",
            "website": "",
            "mandates-TOTAL_FORMS": "1",
            "mandates-INITIAL_FORMS": "0",
            "mandates-MIN_NUM_FORMS": "0",
            "mandates-MAX_NUM_FORMS": "1000",
            "mandates-0-citizen": councillor.pk,
            "mandates-0-role": "legislator",
            "mandates-0-title": "Councillor",
            "mandates-0-start_date": "2020-07-04",
            "mandates-0-end_date": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    body = Body.objects.get(name="Conseil municipal de Lyon")
    assert [m.citizen for m in body.mandates.all()] == [councillor]


def test_staff_without_permissions_cannot_open_the_jurisdiction_admin(client, world):
    client.force_login(CitizenFactory(is_staff=True))

    assert client.get(admin_url(Jurisdiction, "changelist")).status_code == 403
