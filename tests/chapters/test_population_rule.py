"""The population rule on the real tree of French places (``load_jurisdictions(["FR"])``).

France is loaded once for the module (a few seconds) and removed at the end; every test
runs in its own transaction on top of it, so the chapters a test creates are rolled back.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chapters import services
from chapters.models import Chapter
from chapters.selectors import chapter_refusal
from jurisdictions.loader import load_jurisdictions
from jurisdictions.models import Jurisdiction
from tests.civic.factories import CitizenFactory


@pytest.fixture(scope="module", autouse=True)
def france_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_jurisdictions(["FR"])
        yield
        Jurisdiction.covers.through.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Jurisdiction._meta.db_table}")  # noqa: S608


def city(name: str, region: str) -> Jurisdiction:
    return (
        Jurisdiction.objects.get_descendants(Jurisdiction.objects.get(code=region))
        .filter(kind=Jurisdiction.Kind.CITY, name=name)
        .order_by("-population")
        .first()
    )


@pytest.fixture
def citizen(db):
    return CitizenFactory()


def test_paris_can_have_a_local_chapter(citizen):
    paris = city("Paris", "FR-IDF")
    assert paris.population > 2_000_000

    chapter = services.chapter_create(actor=citizen, space=paris)

    assert chapter.kind == Chapter.Kind.LOCAL
    assert chapter.memberships.organisers().get().citizen == citizen


def test_a_town_of_about_30000_people_is_refused_with_the_rule(citizen):
    menton = city("Menton", "FR-PAC")
    assert 25_000 < menton.population < 35_000
    expected = (
        "Local chapters are for cities of more than 250,000 people; "
        f"Menton has {menton.population:,}."
    )

    with pytest.raises(ValidationError) as refused:
        services.chapter_create(actor=citizen, space=menton)

    assert refused.value.messages == [expected]
    assert chapter_refusal(space=menton, kind=Chapter.Kind.LOCAL) == expected
    assert not Chapter.objects.exists()


def test_the_big_french_cities_are_exactly_those_above_the_minimum():
    allowed = {
        place.name
        for place in Jurisdiction.objects.cities().filter(code__startswith="FR")
        if not chapter_refusal(space=place, kind=Chapter.Kind.LOCAL)
    }
    assert {"Paris", "Marseille", "Lyon", "Toulouse", "Nice"} <= allowed
    assert "Menton" not in allowed
    assert all(
        place.population > 250_000
        for place in Jurisdiction.objects.cities().filter(name__in=allowed, code__startswith="FR")
    )


def test_france_can_have_a_national_chapter(citizen):
    chapter = services.chapter_create(actor=citizen, space=Jurisdiction.objects.get(code="FR"))
    assert chapter.kind == Chapter.Kind.NATIONAL
