"""Homes and follows: auto-follow, moving home, manual follows, exact counts."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jurisdictions.models import Follow, Jurisdiction
from jurisdictions.services import citizen_places_erase, follow_add, follow_remove, home_set
from tests.civic.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def followed(citizen):
    return dict(Follow.objects.filter(citizen=citizen).values_list("space__code", "automatic"))


def count(space):
    return Jurisdiction.objects.get(pk=space.pk).follower_count


def test_setting_home_follows_the_city_its_ancestors_and_covering_organisations(world):
    citizen = CitizenFactory()
    p, o = world.places, world.organisations

    home_set(citizen=citizen, city=p.paris)

    assert followed(citizen) == {
        p.paris.code: True,
        "FR-75": True,
        "FR-IDF": True,
        "FR": True,
        o.european_union.code: True,
        o.ecb.code: True,
        o.metropole.code: True,
    }
    citizen.refresh_from_db()
    assert citizen.home == p.paris
    assert count(p.france) == 1 and count(o.metropole) == 1 and count(p.lyon) == 0


def test_changing_home_moves_only_the_automatic_follows(world):
    citizen = CitizenFactory()
    p, o = world.places, world.organisations
    home_set(citizen=citizen, city=p.paris)
    follow_add(citizen=citizen, space=p.montreal)  # chosen by hand

    home_set(citizen=citizen, city=p.lyon)

    assert followed(citizen) == {
        p.lyon.code: True,
        "FR-69": True,
        "FR-ARA": True,
        "FR": True,
        o.european_union.code: True,
        o.ecb.code: True,
        p.montreal.code: False,
    }
    assert count(p.paris) == 0 and count(o.metropole) == 0 and count(p.ile_de_france) == 0
    assert count(p.france) == 1 and count(p.lyon) == 1 and count(p.montreal) == 1


def test_a_chosen_follow_stays_when_home_moves_away(world):
    citizen = CitizenFactory()
    p = world.places
    follow_add(citizen=citizen, space=p.paris)
    home_set(citizen=citizen, city=p.paris)  # Paris is now implied but stays chosen
    home_set(citizen=citizen, city=p.montreal)

    assert followed(citizen)[p.paris.code] is False
    assert count(p.paris) == 1


def test_home_must_be_a_city(world):
    citizen = CitizenFactory()
    with pytest.raises(ValidationError, match="must be a city"):
        home_set(citizen=citizen, city=world.places.ile_de_france)
    citizen.refresh_from_db()
    assert citizen.home is None
    assert not Follow.objects.filter(citizen=citizen).exists()


def test_following_twice_keeps_one_row_and_an_exact_count(world):
    citizen = CitizenFactory()
    lyon = world.places.lyon
    follow_add(citizen=citizen, space=lyon)
    follow_add(citizen=citizen, space=lyon)
    assert Follow.objects.filter(citizen=citizen, space=lyon).count() == 1
    assert count(lyon) == 1

    assert follow_remove(citizen=citizen, space=lyon) is True
    assert follow_remove(citizen=citizen, space=lyon) is False
    assert count(lyon) == 0


def test_erasure_clears_follows_and_mandates_and_decrements_every_count(world):
    citizen = world.mayor
    home_set(citizen=citizen, city=world.places.paris)
    assert citizen.mandates.exists()

    citizen_places_erase(citizen=citizen)

    assert not Follow.objects.filter(citizen=citizen).exists()
    assert count(world.places.france) == 0
    assert not citizen.mandates.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_follow_clicks_do_not_duplicate(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers itself; the race needs a server database.")
    citizen = CitizenFactory()
    lyon = world.places.lyon
    barrier = threading.Barrier(4)
    errors = []

    def click():
        try:
            barrier.wait()
            follow_add(citizen=citizen, space=lyon)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Follow.objects.filter(citizen=citizen, space=lyon).count() == 1
    assert count(lyon) == 1
