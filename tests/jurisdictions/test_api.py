"""The jurisdictions REST API: search, detail, topics, who is responsible, follows, bodies."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jurisdictions.models import Body, Follow, Jurisdiction, Mandate
from tests.jurisdictions.factories import add_children

pytestmark = pytest.mark.django_db

LIST = reverse("api:jurisdiction-list")
RESPONSIBLE = reverse("api:responsible")
FOLLOWS = reverse("api:follow-list")
HOME = reverse("api:me-home")


def detail_url(space: Jurisdiction) -> str:
    return reverse("api:jurisdiction-detail", kwargs={"slug": space.slug})


def unfollow_url(space: Jurisdiction) -> str:
    return reverse("api:follow-detail", kwargs={"space": space.pk})


def labels(items) -> list[str]:
    return [item["label"] for item in items]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


# --- the API root ---------------------------------------------------------------------------
def test_the_api_root_links_every_jurisdictions_endpoint(api):
    response = api.get(reverse("api:root"))

    assert response.status_code == 200
    assert response.json()["responsible"].endswith("/api/v1/responsible/")
    assert response.json()["follows"].endswith("/api/v1/follows/")


# --- search and list ------------------------------------------------------------------------
def test_search_returns_paris_first_with_its_label(api, world):
    response = api.get(LIST, {"search": "paris"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["name"] == "Paris"
    assert results[0]["label"] == "Paris, Île-de-France, France"
    assert set(results[0]) == {
        "id",
        "slug",
        "name",
        "label",
        "kind",
        "population",
        "follower_count",
        "url",
    }
    # Both places called Paris (county and city) come before names merely containing it.
    assert [r["name"] for r in results] == ["Paris", "Paris", "Métropole du Grand Paris"]


def test_search_matches_the_full_name_too(api, world):
    response = api.get(LIST, {"search": "Rhône-Alpes"})

    assert labels(response.json()["results"]) == [
        "Auvergne-Rhône-Alpes, France",
        "Rhône, Auvergne-Rhône-Alpes, France",
        "Lyon, Auvergne-Rhône-Alpes, France",
    ]


def test_list_filters_by_kind_and_country(api, world):
    cities = api.get(LIST, {"kind": "city", "country": "fr"}).json()

    assert sorted(labels(cities["results"])) == [
        "Lyon, Auvergne-Rhône-Alpes, France",
        "Paris, Île-de-France, France",
    ]
    assert cities["count"] == 2


def test_list_filters_by_parent(api, france):
    response = api.get(LIST, {"parent": france.pk})

    assert labels(response.json()["results"]) == [
        "Île-de-France, France",
        "Auvergne-Rhône-Alpes, France",
    ]


def test_an_unknown_kind_is_a_400_with_a_message(api, world):
    response = api.get(LIST, {"kind": "planet"})

    assert response.status_code == 400
    assert "kind" in response.json()


def test_list_is_paginated(api, rhone):
    add_children(rhone, 30)

    page = api.get(LIST, {"parent": rhone.pk, "page_size": 10}).json()

    assert page["count"] == 31
    assert len(page["results"]) == 10
    assert page["next"]


# --- detail -----------------------------------------------------------------------------------
def test_detail_lists_ancestors_from_the_nation(api, paris):
    response = api.get(detail_url(paris))

    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "Paris, Île-de-France, France"
    assert body["kind"] == "city"
    assert labels(body["ancestors"]) == [
        "France",
        "Île-de-France, France",
        "Paris, Île-de-France, France",  # the county
    ]
    assert [a["kind"] for a in body["ancestors"]] == ["nation", "region", "county"]


def test_detail_of_a_place_lists_covering_organisations_and_bodies(api, paris):
    body = api.get(detail_url(paris)).json()

    assert {o["name"] for o in body["organisations"]} == {
        "European Union",
        "European Central Bank",
        "Métropole du Grand Paris",
    }
    assert body["covered"] == []
    city_hall = next(b for b in body["bodies"] if b["name"] == "Mairie de Paris")
    assert city_hall["contact_email"] == "mairie@paris.fr"
    # Current officials only, by public name; their own email never appears.
    assert city_hall["officials"] == [
        {"name": "Anne Mairesse", "role": "elected", "title": "Mayor of Paris"}
    ]
    assert "mayor@example.org" not in response_text(body)
    assert "Bertrand Ancien" not in response_text(body)


def response_text(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


def test_detail_of_an_organisation_lists_the_places_it_covers(api, metropole):
    body = api.get(detail_url(metropole)).json()

    assert labels(body["covered"]) == ["Paris, Île-de-France, France"]
    assert body["organisations"] == []
    assert body["ancestors"] == []
    assert [r["topic"] for r in body["responsibilities"]] == ["household-waste"]


def test_detail_shows_the_first_children_their_count_and_a_link_to_all(api, rhone):
    add_children(rhone, 55)

    body = api.get(detail_url(rhone)).json()

    assert len(body["children"]) == 50
    assert body["children_count"] == 56  # Lyon and the 55 communes
    everything = api.get(body["children_url"] + "&page_size=100").json()
    assert everything["count"] == 56
    assert "Lyon, Auvergne-Rhône-Alpes, France" in labels(everything["results"])


def test_an_unknown_slug_is_a_404(api, world):
    assert api.get("/api/v1/jurisdictions/atlantis/").status_code == 404


# --- pinned query counts ----------------------------------------------------------------------
def test_search_runs_a_fixed_number_of_queries(api, rhone, django_assert_num_queries):
    url = f"{LIST}?search=commune"
    add_children(rhone, 5)
    few = count_queries(api, url)

    add_children(rhone, 30, kind=Jurisdiction.Kind.CITY)
    with django_assert_num_queries(2):  # COUNT, then the page
        response = api.get(url)

    assert response.json()["count"] == 35
    assert count_queries(api, url) == few


def test_children_list_runs_a_fixed_number_of_queries(
    api, rhone, django_assert_num_queries
):
    url = f"{LIST}?parent={rhone.pk}"
    few = count_queries(api, url)

    add_children(rhone, 30)
    with django_assert_num_queries(3):  # the parent's path, COUNT, the page
        api.get(url)

    assert count_queries(api, url) == few


def test_detail_runs_a_fixed_number_of_queries(api, world, django_assert_num_queries):
    paris = world.places.paris_county
    council = Body.objects.create(
        space=paris, name="Conseil de Paris (département)", kind="legislative"
    )
    Mandate.objects.create(body=council, citizen=world.mayor, role="legislator")
    url = detail_url(paris)
    few = count_queries(api, url)

    add_children(paris, 30)  # more communes, say
    for n in range(5):
        Mandate.objects.create(
            body=council,
            citizen=type(world.mayor).objects.create_user(f"councillor{n}@example.org"),
            role="legislator",
        )
    # The space, ancestors, children, organisations, bodies, their officials, the rules.
    with django_assert_num_queries(7):
        response = api.get(url)

    assert len(response.json()["children"]) == 31
    assert count_queries(api, url) == few


# --- topics -----------------------------------------------------------------------------------
def test_topics_are_named_in_the_request_language(api, world):
    english = api.get(reverse("api:topic-list")).json()["results"]
    french = api.get(reverse("api:topic-list"), HTTP_ACCEPT_LANGUAGE="fr").json()["results"]

    assert "Household waste" in {t["name"] for t in english}
    assert "Déchets ménagers" in {t["name"] for t in french}


def test_topics_filter_by_domain(api, world):
    response = api.get(reverse("api:topic-list"), {"domain": "transport"})

    assert [t["slug"] for t in response.json()["results"]] == ["motorways"]


# --- who is responsible -----------------------------------------------------------------------
def ask(client, topic: str, place) -> dict:
    return client.get(RESPONSIBLE, {"topic": topic, "jurisdiction": place})


def test_motorways_in_paris_are_inherited_from_france(api, paris):
    response = ask(api, "motorways", paris.slug)

    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["space"]["label"] == "France"
    assert answer["space"]["kind"] == "nation"
    assert answer["rule"]["scope"]["label"] == "France"
    assert answer["rule"]["source_note"] == "Code de la voirie routière, L121-1"
    assert answer["rule"]["inherited"] is True
    assert answer["rule"]["override"] is False
    assert [(b["name"], b["contact_email"]) for b in answer["bodies"]] == [
        ("Direction des routes", "routes@developpement-durable.gouv.fr")
    ]
    assert answer["message"] == "France is responsible for “Motorways” in Paris."


def test_household_waste_in_paris_goes_to_the_metropole_by_override(api, paris):
    answer = ask(api, "household-waste", paris.pk).json()

    assert answer["space"]["label"] == "Métropole du Grand Paris"
    assert answer["space"]["kind"] == "metropolis"
    assert answer["rule"]["scope"]["label"] == "Paris, Île-de-France, France"
    assert answer["rule"]["inherited"] is False
    assert answer["rule"]["override"] is True
    assert answer["rule"]["responsible_organisation"]["label"] == "Métropole du Grand Paris"
    assert [b["contact_email"] for b in answer["bodies"]] == ["conseil@metropolegrandparis.fr"]
    assert answer["message"] == (
        "In Paris, Métropole du Grand Paris is responsible for “Household waste”, "
        "an exception to the national rule."
    )


def test_household_waste_in_lyon_is_for_lyon_city(api, lyon):
    answer = ask(api, "household-waste", lyon.slug).json()

    assert answer["space"] == {
        "id": lyon.pk,
        "slug": lyon.slug,
        "label": "Lyon, Auvergne-Rhône-Alpes, France",
        "kind": "city",
    }
    assert answer["rule"]["inherited"] is True
    assert answer["rule"]["level"] == "city"
    assert [b["name"] for b in answer["bodies"]] == ["Mairie de Lyon"]


def test_the_answer_names_current_officials_without_their_email(api, world):
    world.rules.waste_in_paris.delete()  # back to the national rule: the city decides

    answer = ask(api, "household-waste", world.places.paris.slug).json()

    assert answer["bodies"][0]["name"] == "Mairie de Paris"
    assert answer["bodies"][0]["officials"] == [
        {"name": "Anne Mairesse", "role": "elected", "title": "Mayor of Paris"}
    ]
    assert "mayor@example.org" not in response_text(answer)


def test_a_city_level_topic_asked_for_a_region_says_to_pick_a_city(api, rhone):
    answer = ask(api, "household-waste", rhone.slug).json()

    assert answer["space"] is None
    assert answer["bodies"] == []
    assert answer["message"] == (
        "“Household waste” is decided by each city in Rhône: pick one to see who is responsible."
    )


def test_an_unknown_topic_is_a_400_with_a_message(api, paris):
    response = ask(api, "unicorns", paris.slug)

    assert response.status_code == 400
    assert response.json() == {"topic": ["Unknown topic “unicorns”. Pick one from the list."]}


def test_an_unknown_jurisdiction_is_a_400_with_a_message(api, world):
    response = ask(api, "motorways", "atlantis")

    assert response.status_code == 400
    assert response.json() == {"jurisdiction": ["No place or organisation “atlantis”."]}


def test_missing_parameters_are_a_400(api, world):
    response = api.get(RESPONSIBLE)

    assert response.status_code == 400
    assert set(response.json()) == {"topic", "jurisdiction"}


def test_asking_about_an_organisation_is_a_400(api, metropole):
    response = ask(api, "household-waste", metropole.slug)

    assert response.status_code == 400
    assert response.json()["jurisdiction"] == ["Pick a place (a city, county, region or nation)."]


def test_a_topic_without_a_rule_in_that_country_is_a_400(api, montreal):
    response = ask(api, "motorways", montreal.slug)

    assert response.status_code == 400
    assert "No one is recorded as responsible" in response.json()["topic"][0]


# --- follows ----------------------------------------------------------------------------------
def test_a_citizen_follows_a_space_once(citizen_api, citizen, lyon):
    first = citizen_api.post(FOLLOWS, {"space": lyon.pk})
    second = citizen_api.post(FOLLOWS, {"space": lyon.slug})

    assert first.status_code == 201
    assert first.json()["space"]["label"] == "Lyon, Auvergne-Rhône-Alpes, France"
    assert first.json()["automatic"] is False
    assert second.status_code == 200
    assert Follow.objects.filter(citizen=citizen, space=lyon).count() == 1
    lyon.refresh_from_db()
    assert lyon.follower_count == 1


def test_a_citizen_lists_their_follows(citizen_api, lyon, metropole):
    citizen_api.post(FOLLOWS, {"space": lyon.pk})
    citizen_api.post(FOLLOWS, {"space": metropole.pk})

    response = citizen_api.get(FOLLOWS)

    assert response.status_code == 200
    assert [f["space"]["label"] for f in response.json()["results"]] == [
        "Lyon, Auvergne-Rhône-Alpes, France",
        "Métropole du Grand Paris",
    ]


def test_a_citizen_sees_only_their_own_follows(citizen_api, world):
    other = type(world.mayor).objects.create_user("other@example.org")
    Follow.objects.create(citizen=other, space=world.places.lyon)

    assert citizen_api.get(FOLLOWS).json()["count"] == 0


def test_a_citizen_unfollows_a_space(citizen_api, citizen, lyon):
    citizen_api.post(FOLLOWS, {"space": lyon.pk})

    removed = citizen_api.delete(unfollow_url(lyon))
    again = citizen_api.delete(unfollow_url(lyon))

    assert removed.status_code == 204
    assert again.status_code == 404
    assert not Follow.objects.filter(citizen=citizen).exists()
    lyon.refresh_from_db()
    assert lyon.follower_count == 0


def test_following_an_unknown_space_is_a_400(citizen_api, world):
    response = citizen_api.post(FOLLOWS, {"space": "atlantis"})

    assert response.status_code == 400
    assert response.json() == {"space": ["No place or organisation “atlantis”."]}


@pytest.mark.parametrize("ref", ["999999", "99999999999999999999999", "²", "atlantis"])
def test_unfollowing_an_unknown_space_is_a_404(citizen_api, world, ref):
    assert citizen_api.delete(f"/api/v1/follows/{ref}/").status_code == 404


@pytest.mark.parametrize("ref", ["99999999999999999999999", "²", "", None, True, ["1"]])
def test_odd_space_references_are_a_400(citizen_api, world, ref):
    response = citizen_api.post(FOLLOWS, {"space": ref})

    assert response.status_code == 400
    assert list(response.json()) == ["space"]


def test_a_citizen_sets_their_home_and_follows_its_chain(citizen_api, citizen, paris):
    response = citizen_api.put(HOME, {"city": paris.slug})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["home"]["id"] == paris.pk
    assert [s["name"] for s in body["following"]] == [
        "Paris",  # the city
        "Paris",  # the county
        "Île-de-France",
        "France",
        "European Central Bank",  # then organisations, by kind and name
        "Métropole du Grand Paris",
        "European Union",
    ]
    citizen.refresh_from_db()
    assert citizen.home == paris
    assert Follow.objects.filter(citizen=citizen, automatic=True).count() == 7
    listed = citizen_api.get(FOLLOWS).json()
    assert listed["count"] == 7
    assert all(f["automatic"] for f in listed["results"])
    assert Jurisdiction.objects.get(code="FR").follower_count == 1


def test_home_accepts_post_and_an_id(citizen_api, citizen, lyon):
    response = citizen_api.post(HOME, {"city": lyon.pk})

    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.home == lyon


def test_a_home_must_be_a_city(citizen_api, citizen, rhone):
    response = citizen_api.put(HOME, {"city": rhone.slug})

    assert response.status_code == 400
    assert response.json() == {"city": ["Your home must be a city."]}
    citizen.refresh_from_db()
    assert citizen.home is None


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", FOLLOWS, None),
        ("post", FOLLOWS, {"space": "lyon-auvergne-rhone-alpes-france"}),
        ("delete", "/api/v1/follows/1/", None),
        ("put", HOME, {"city": "lyon-auvergne-rhone-alpes-france"}),
        ("post", HOME, {"city": "lyon-auvergne-rhone-alpes-france"}),
    ],
)
def test_an_outsider_cannot_touch_follows_or_a_home(api, world, method, url, data):
    response = getattr(api, method)(url, data)

    assert response.status_code in (401, 403)
    assert not Follow.objects.exists()


# --- bodies and mandates ----------------------------------------------------------------------
def test_bodies_filter_by_space(api, world):
    paris = world.places.paris
    by_slug = api.get(reverse("api:body-list"), {"space": paris.slug}).json()
    by_id = api.get(reverse("api:body-list"), {"space": paris.pk}).json()

    assert sorted(b["name"] for b in by_slug["results"]) == ["Conseil de Paris", "Mairie de Paris"]
    assert by_id == by_slug


def test_mandates_show_public_names_never_email_or_gender(api, world):
    response = api.get(reverse("api:mandate-list"), {"space": world.places.paris.slug})

    results = response.json()["results"]
    assert {m["official"] for m in results} == {"Anne Mairesse", "Bertrand Ancien"}
    assert set(results[0]) == {
        "id",
        "official",
        "role",
        "title",
        "body",
        "body_name",
        "space",
        "start_date",
        "end_date",
        "active",
    }
    text = response_text(response.json())
    assert "@example.org" not in text
    assert "woman" not in text


def test_mandates_filter_active_and_body(api, world):
    city_hall = world.bodies.paris_city_hall
    active = api.get(
        reverse("api:mandate-list"), {"body": city_hall.pk, "active": "true"}
    ).json()
    ended = api.get(
        reverse("api:mandate-list"), {"body": city_hall.pk, "active": "false"}
    ).json()

    assert [(m["official"], m["active"]) for m in active["results"]] == [("Anne Mairesse", True)]
    assert [(m["official"], m["active"]) for m in ended["results"]] == [("Bertrand Ancien", False)]


def test_following_counts_in_the_write_budget(settings, citizen_api, lyon, paris, montreal):
    settings.WRITE_RATE_LIMIT = "2/m"

    codes = [
        citizen_api.post(FOLLOWS, {"space": space.pk}).status_code
        for space in (lyon, paris, montreal)
    ]

    assert codes == [201, 201, 429]
    assert "too often" in citizen_api.post(FOLLOWS, {"space": montreal.pk}).json()["detail"]
