"""Space pages, search, onboarding, follows and who-is-responsible, as a browser sees them."""

import pytest
from django.urls import reverse

from jurisdictions.models import Follow, Jurisdiction
from jurisdictions.services import home_set
from tests.civic.factories import CitizenFactory
from tests.jurisdictions.factories import add_children

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_client(client):
    citizen = CitizenFactory()
    client.force_login(citizen)
    client.citizen = citizen
    return client


def test_the_space_page_shows_breadcrumb_officials_organisations_and_topics(client, world):
    response = client.get(world.places.paris.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-label="Breadcrumb"' in page
    for text in [
        "Île-de-France",
        "France",
        "Mairie de Paris",
        "Anne Mairesse",
        "Mayor of Paris",
        "Métropole du Grand Paris",
        "European Union",
        "Log in to follow",
    ]:
        assert text in page
    assert "Bertrand Ancien" not in page  # his mandate ended


def test_the_space_page_answers_in_a_bounded_number_of_queries(
    client, world, django_assert_num_queries
):
    url = world.places.rhone.get_absolute_url()
    with django_assert_num_queries(9) as few:
        client.get(url)
    add_children(world.places.rhone, 40)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Commune FR-69 039" not in response.content.decode()  # second page
    assert "Page 1 of 2" in response.content.decode()


def test_children_are_searchable(client, world):
    add_children(world.places.rhone, 3)
    response = client.get(world.places.rhone.get_absolute_url(), {"children": "Lyon"})
    page = response.content.decode()
    assert "Lyon" in page and "Commune FR-69 001" not in page


def test_an_organisation_page_lists_the_places_it_covers(client, world):
    response = client.get(world.organisations.european_union.get_absolute_url())
    assert response.status_code == 200
    assert "Places covered" in response.content.decode()
    assert "France" in response.content.decode()


def test_search_offers_disambiguated_names_best_match_first(client, world):
    response = client.get(reverse("jurisdictions:search"), {"q": "paris"})
    page = response.content.decode()
    assert page.index("Paris, Île-de-France, France") < page.index("Métropole du Grand Paris")


def test_autocomplete_returns_options_for_htmx(client, world, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(
            reverse("jurisdictions:search"),
            {"q": "par", "kind": "city", "listbox": "home"},
            headers={"HX-Request": "true"},
        )
    page = response.content.decode()
    assert 'role="option"' in page
    assert f'data-value="{world.places.paris.pk}"' in page
    assert "Paris, Île-de-France, France" in page
    assert "<html" not in page


def test_onboarding_sets_home_and_shows_the_followed_chain(citizen_client, world):
    response = citizen_client.post(
        reverse("jurisdictions:choose_home"), {"city": world.places.paris.pk}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("jurisdictions:following")
    chain = page[page.index('class="chain"') :]
    positions = [
        chain.index(name) for name in ["Paris", "Île-de-France", "France", "European Union"]
    ]
    assert positions == sorted(positions)


def test_onboarding_refuses_a_region_or_nonsense_with_a_message(citizen_client, world):
    url = reverse("jurisdictions:choose_home")
    for value in [world.places.ile_de_france.pk, "999999", "abc", ""]:
        response = citizen_client.post(url, {"city": value})
        assert response.status_code == 200
        assert "Pick" in response.content.decode()
    citizen_client.citizen.refresh_from_db()
    assert citizen_client.citizen.home is None


def test_follow_and_unfollow_from_the_space_page(citizen_client, world):
    lyon = world.places.lyon
    url = reverse("jurisdictions:follow", args=[lyon.slug])
    response = citizen_client.post(url, {"action": "follow"}, headers={"HX-Request": "true"})
    assert "1 follower" in response.content.decode()
    assert "unfollow" in response.content.decode()
    citizen_client.post(url, {"action": "unfollow"})
    assert not Follow.objects.filter(space=lyon).exists()
    assert Jurisdiction.objects.get(pk=lyon.pk).follower_count == 0


def test_an_anonymous_visitor_cannot_follow(client, world):
    url = reverse("jurisdictions:follow", args=[world.places.lyon.slug])
    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Follow.objects.exists()


def test_follow_needs_a_post_and_csrf(world):
    from django.test import Client

    citizen = CitizenFactory()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(citizen)
    url = reverse("jurisdictions:follow", args=[world.places.lyon.slug])
    assert strict.get(url).status_code == 405
    assert strict.post(url, {"action": "follow"}).status_code == 403
    assert not Follow.objects.exists()


def test_following_writes_are_rate_limited(citizen_client, world, settings):
    settings.WRITE_RATE_LIMIT = "3/m"
    url = reverse("jurisdictions:follow", args=[world.places.lyon.slug])
    codes = [citizen_client.post(url, {"action": "follow"}).status_code for _ in range(4)]
    assert codes[:3] == [302, 302, 302]
    assert codes[3] == 429


def test_who_is_responsible_uses_the_home_city(citizen_client, world):
    home_set(citizen=citizen_client.citizen, city=world.places.paris)
    response = citizen_client.get(reverse("jurisdictions:responsible"), {"topic": "motorways"})
    page = response.content.decode()
    assert "In Paris, motorways is the responsibility of France." in page
    assert "Direction des routes" in page
    assert "the general rule for France" in page


def test_who_is_responsible_for_a_visitor_picked_city_with_an_override(client, world):
    response = client.get(
        reverse("jurisdictions:responsible"),
        {"topic": "household-waste", "place": world.places.paris.pk},
    )
    page = response.content.decode()
    assert "is the responsibility of Métropole du Grand Paris" in page
    assert "a rule specific to Paris" in page


def test_who_is_responsible_explains_bad_input(client, world):
    url = reverse("jurisdictions:responsible")
    unknown = client.get(url, {"topic": "dragons", "place": world.places.paris.pk})
    assert "Unknown topic" in unknown.content.decode()
    nowhere = client.get(url, {"topic": "motorways"})
    assert "Pick a place, or set your home city." in nowhere.content.decode()
    uncovered = client.get(url, {"topic": "motorways", "place": world.places.montreal.pk})
    assert "No one is recorded as responsible" in uncovered.content.decode()
    for response in (unknown, nowhere, uncovered):
        assert response.status_code == 200


def test_unknown_space_is_a_404(client, db):
    assert client.get("/places/atlantis/").status_code == 404
