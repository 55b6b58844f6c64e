"""The admin of practices, assessments and challenges goes through the services."""

from __future__ import annotations

import pytest

from challenges import services
from challenges.models import Assessment, Challenge, Practice
from tests.challenges import factories
from tests.pages import admin_url

pytestmark = pytest.mark.django_db


def practice_data(practice, **values) -> dict:
    data = {
        "title": practice.title,
        "domain": practice.domain,
        "description": practice.description,
        "evidence_links": "\n".join(practice.evidence_links),
        "implemented_in": [p.pk for p in practice.implemented_in.all()],
    }
    if practice.declared_global:
        data["declared_global"] = "on"
    data.update(values)
    return data


# The participation inline's management form (read-only, but posted with the page).
INLINE = {
    "participations-TOTAL_FORMS": "0",
    "participations-INITIAL_FORMS": "0",
    "participations-MIN_NUM_FORMS": "0",
    "participations-MAX_NUM_FORMS": "1000",
}


def test_every_list_and_change_page_opens(admin_client, challenge, chapter, organiser):
    services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    assessment = Assessment.objects.first()
    for model, obj in (
        (Practice, challenge.practice),
        (Challenge, challenge),
        (Assessment, assessment),
    ):
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert admin_client.get(admin_url(Challenge, "add")).status_code == 200


def test_setting_three_nations_in_the_admin_makes_a_practice_global(world, admin_client, practice):
    belgium = factories.make_nation("Belgium", "BE")
    places = [world.places.paris.pk, world.places.montreal.pk, belgium.pk]
    response = admin_client.post(
        admin_url(Practice, "change", practice.pk),
        practice_data(practice, implemented_in=places),
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.is_global and not practice.declared_global

    admin_client.post(
        admin_url(Practice, "change", practice.pk),
        practice_data(practice, implemented_in=places[:2]),
    )
    practice.refresh_from_db()
    assert not practice.is_global


def test_staff_declare_a_practice_global_in_the_admin(admin_client, practice):
    admin_client.post(
        admin_url(Practice, "change", practice.pk), practice_data(practice, declared_global="on")
    )
    practice.refresh_from_db()
    assert practice.is_global and practice.declared_global


def test_a_bad_evidence_link_in_the_admin_is_a_form_error(admin_client, practice):
    response = admin_client.post(
        admin_url(Practice, "change", practice.pk),
        practice_data(practice, evidence_links="ftp://example.org"),
    )
    assert response.status_code == 200
    assert "is not a web address (http or https)" in response.content.decode()


def test_the_admin_cannot_open_a_challenge_on_a_practice_that_is_not_global_best(
    admin_client, practice
):
    response = admin_client.post(
        admin_url(Challenge, "add"),
        {
            "practice": practice.pk,
            "title": "T",
            "kind": "generic",
            "goal": 5,
            "description": "D",
            **INLINE,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Challenge.objects.exists()


def test_the_admin_opens_a_challenge_through_the_service(admin_client, global_best):
    response = admin_client.post(
        admin_url(Challenge, "add"),
        {
            "practice": global_best.pk,
            "title": "Balanced councils",
            "kind": "gender_balance",
            "goal": 50,
            "description": "Fifty groups.",
            **INLINE,
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert challenge.slug == "balanced-councils"


def test_deleting_an_assessment_in_the_admin_recomputes_the_practice(admin_client, global_best):
    assessment = global_best.assessments.first()
    response = admin_client.post(admin_url(Assessment, "delete", assessment.pk), {"post": "yes"})
    assert response.status_code == 302
    global_best.refresh_from_db()
    assert global_best.assessment_count == 9
    assert not global_best.is_best_practice


def test_editing_a_challenge_in_the_admin_keeps_its_count_and_milestones(
    admin_client, challenge, chapter, organiser
):
    services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    response = admin_client.post(
        admin_url(Challenge, "change", challenge.pk),
        {
            "title": "50/50 by 2030",
            "kind": challenge.kind,
            "goal": 2,
            "description": challenge.description,
            "participations-TOTAL_FORMS": "1",
            "participations-INITIAL_FORMS": "1",
            "participations-MIN_NUM_FORMS": "0",
            "participations-MAX_NUM_FORMS": "1000",
            "participations-0-id": challenge.participations.get().pk,
            "participations-0-challenge": challenge.pk,
        },
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert (challenge.title, challenge.goal, challenge.participant_count) == ("50/50 by 2030", 2, 1)
    assert challenge.practice_id is not None


def test_a_past_deadline_is_refused_in_the_admin(admin_client, challenge):
    response = admin_client.post(
        admin_url(Challenge, "change", challenge.pk),
        {
            "title": challenge.title,
            "kind": challenge.kind,
            "goal": 50,
            "deadline": "2020-01-01",
            "description": challenge.description,
            **INLINE,
        },
    )
    assert response.status_code == 200
    assert "The deadline must be a date in the future." in response.content.decode()
