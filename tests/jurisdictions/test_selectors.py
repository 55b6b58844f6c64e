"""Who is responsible: inheritance, overrides, organisations and clear refusals."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from jurisdictions.selectors import auto_follow_targets, responsible_for, topic_by_slug

pytestmark = pytest.mark.django_db


def test_a_rule_on_the_nation_is_inherited_by_its_cities(world):
    answer = responsible_for(topic=world.topics.motorways, place=world.places.lyon)
    assert answer.space == world.places.france
    assert answer.rule == world.rules.motorways_in_france
    assert answer.inherited is True
    assert [b.name for b in answer.bodies] == ["Direction des routes"]


def test_a_level_rule_resolves_to_the_citizens_own_city(world):
    answer = responsible_for(topic=world.topics.household_waste, place=world.places.lyon)
    assert answer.space == world.places.lyon
    assert [b.name for b in answer.bodies] == ["Mairie de Lyon"]


def test_an_override_on_the_city_wins_over_the_nation(world):
    answer = responsible_for(topic=world.topics.household_waste, place=world.places.paris)
    assert answer.space == world.organisations.metropole
    assert answer.rule == world.rules.waste_in_paris
    assert answer.inherited is False


def test_an_organisation_rule_names_the_organisation_and_its_officials(world):
    answer = responsible_for(topic=world.topics.interest_rates, place=world.places.paris)
    assert answer.space == world.organisations.ecb
    assert [b.name for b in answer.bodies] == ["Governing Council"]


def test_current_officials_exclude_ended_mandates(world):
    answer = responsible_for(topic=world.topics.household_waste, place=world.places.lyon)
    paris = responsible_for(topic=world.topics.motorways, place=world.places.paris)
    assert answer.bodies[0].current_mandates == []
    assert paris.space == world.places.france
    from jurisdictions.selectors import bodies_of

    city_hall = next(b for b in bodies_of(world.places.paris) if b.name == "Mairie de Paris")
    assert [m.citizen.display_name for m in city_hall.current_mandates] == ["Anne Mairesse"]


def test_the_answer_costs_a_fixed_number_of_queries(world, django_assert_num_queries):
    with django_assert_num_queries(4):
        responsible_for(topic=world.topics.household_waste, place=world.places.lyon)


def test_an_unknown_topic_gives_a_clear_message():
    with pytest.raises(ValidationError) as error:
        topic_by_slug("dragons")
    assert "Unknown topic" in str(error.value)


def test_a_place_without_any_rule_gives_a_clear_message(world):
    with pytest.raises(ValidationError) as error:
        responsible_for(topic=world.topics.motorways, place=world.places.montreal)
    assert "No one is recorded as responsible for Motorways in Montréal" in str(error.value)


def test_an_organisation_is_not_a_place_to_ask_about(world):
    with pytest.raises(ValidationError):
        responsible_for(topic=world.topics.motorways, place=world.organisations.ecb)


def test_topic_names_follow_the_active_language(world):
    with translation.override("fr"):
        assert world.topics.motorways.name == "Autoroutes"
    assert world.topics.motorways.name == "Motorways"


def test_auto_follow_targets_list_home_first(world):
    names = [s.name for s in auto_follow_targets(world.places.paris)]
    assert names[:4] == ["Paris", "Paris", "Île-de-France", "France"]
    assert set(names[4:]) == {"European Union", "European Central Bank", "Métropole du Grand Paris"}
