"""The demo content: the two founding practices and challenges, loaded idempotently."""

import pytest

from challenges import demo
from challenges.models import Challenge, Practice
from challenges.un import un_member_codes, un_member_states

pytestmark = pytest.mark.django_db


def test_the_un_has_193_member_states_in_the_packaged_table():
    codes = un_member_codes()
    assert len(codes) == len(un_member_states()) == 193
    assert {"FR", "CA", "SS", "ME"} <= codes  # South Sudan (2011), Montenegro (2006)
    assert not {"XK", "TW", "VA", "PS"} & codes  # not members (observers or unrecognised)


def test_demo_loads_the_founding_practices_and_challenges_once():
    assert demo.load() == {"practices": 2, "challenges": 2}
    assert demo.load() == {"practices": 0, "challenges": 0}

    mtr = Practice.objects.get(title="Mixed Territorial Representation (MTR)")
    peace = Practice.objects.get(title="A Department of Peace")
    assert mtr.declared_global and mtr.is_global
    assert peace.declared_global and peace.is_global

    fifty = Challenge.objects.get(kind=Challenge.Kind.GENDER_BALANCE)
    assert (fifty.title, fifty.goal, fifty.practice) == (
        "50/50 — gender-balanced legislative assemblies",
        50,
        mtr,
    )
    department = Challenge.objects.get(kind=Challenge.Kind.PEACE)
    assert (department.title, department.goal, department.practice) == (
        "Department of Peace",
        193,
        peace,
    )


def test_the_demo_pages_open(client):
    demo.load()
    for challenge in Challenge.objects.all():
        assert client.get(challenge.get_absolute_url()).status_code == 200
        assert client.get(challenge.practice.get_absolute_url()).status_code == 200
