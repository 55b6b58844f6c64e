"""The practices and challenges API: the same rules as the web pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from challenges import services
from challenges.models import Assessment, ChallengeFollow, Participation, Practice
from notifications.models import Event
from tests.challenges import factories
from tests.challenges.factories import GOOD
from tests.kinds import K

pytestmark = pytest.mark.django_db

PRACTICES = reverse("api:practice-list")
CHALLENGES = reverse("api:challenge-list")


def url(name: str, obj) -> str:
    return reverse(f"api:{name}", kwargs={"pk": obj.pk})


# --- Practices -------------------------------------------------------------------------------


def test_anyone_lists_practices_with_filters(practice, global_best, api):
    response = api.get(PRACTICES)
    assert response.status_code == 200
    assert {row["title"] for row in response.json()["results"]} == {
        practice.title,
        global_best.title,
    }
    best = api.get(PRACTICES, {"best": "true"}).json()["results"]
    assert [row["id"] for row in best] == [global_best.pk]
    assert best[0]["is_best_practice"] and best[0]["is_global"]
    assert api.get(PRACTICES, {"global": "true", "domain": "peace"}).json()["count"] == 0


def test_a_practice_detail_has_its_aggregates_places_and_challenges(world, challenge, api):
    practice = challenge.practice
    services.practice_add_place(
        practice=practice, place=world.places.paris, actor=practice.created_by
    )
    data = api.get(url("practice-detail", practice)).json()
    assert data["assessment_count"] == 10
    assert data["mean_citizens"] == 1.0
    assert [p["label"] for p in data["implemented_in"]] == [world.places.paris.label]
    assert [c["id"] for c in data["challenges"]] == [challenge.pk]
    assert "<strong>part</strong>" in data["description_html"]
    assert "citizen" not in str(data["implemented_in"])


def test_a_citizen_proposes_a_practice(world, citizen, api_as):
    response = api_as(citizen).post(
        PRACTICES,
        {
            "title": "Citizen assemblies",
            "domain": "legislature",
            "description": "Citizens drawn by lot deliberate.",
            "evidence_links": ["https://example.org/ireland"],
            "implemented_in": [world.places.france.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    practice = Practice.objects.get(pk=response.json()["id"])
    assert practice.created_by == citizen
    assert response.json()["implemented_in"][0]["id"] == world.places.france.pk


def test_a_practice_with_a_bad_link_is_a_400_with_the_field(citizen, api_as):
    response = api_as(citizen).post(
        PRACTICES,
        {
            "title": "T",
            "domain": "legislature",
            "description": "D",
            "evidence_links": ["javascript:alert(1)"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "evidence_links" in response.json()


def test_anonymous_clients_cannot_propose_or_assess(practice, api):
    assert api.post(PRACTICES, {"title": "T"}, format="json").status_code in (401, 403)
    response = api.put(url("practice-assessment", practice), GOOD, format="json")
    assert response.status_code in (401, 403)
    assert not Assessment.objects.exists()


def test_a_citizen_assesses_then_updates_their_own_assessment(practice, citizen, api_as):
    client = api_as(citizen)
    target = url("practice-assessment", practice)
    assert client.get(target).status_code == 404

    created = client.put(target, {**GOOD, "comment": "Good"}, format="json")
    assert created.status_code == 201
    assert created.json()["practice"]["assessment_count"] == 1
    updated = client.put(target, {**GOOD, "rating_citizens": -1}, format="json")
    assert updated.status_code == 200
    assert updated.json()["assessment"]["rating_citizens"] == -1
    assert updated.json()["practice"]["mean_citizens"] == -1.0
    assert updated.json()["practice"]["assessment_count"] == 1
    assert client.get(target).json()["rating_citizens"] == -1
    assert Assessment.objects.count() == 1


def test_an_out_of_range_rating_is_a_400(practice, citizen, api_as):
    response = api_as(citizen).put(
        url("practice-assessment", practice), {**GOOD, "rating_governments": 3}, format="json"
    )
    assert response.status_code == 400
    assert "rating_governments" in response.json()


def test_an_unknown_practice_is_a_404(citizen, api_as):
    assert api_as(citizen).get("/api/v1/practices/abc/").status_code == 404
    assert api_as(citizen).get("/api/v1/practices/999999/").status_code == 404


# --- Challenges ------------------------------------------------------------------------------


def test_challenges_come_with_their_progress(world, challenge, organiser, api, api_as):
    for chapter in factories.make_local_chapters(12, organiser, parent=world.places.rhone):
        services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    [row] = api.get(CHALLENGES).json()["results"]
    assert (row["participant_count"], row["goal"], row["progress_percent"]) == (12, 50, 24)
    assert row["progress_text"] == "12 of 50 community groups (24 %)"
    assert row["followed"] is None
    detail = api.get(url("challenge-detail", challenge)).json()
    assert len(detail["participants"]) == 12
    assert detail["participants"][0]["name"].startswith("Chapter of Ville FR-69 000")


def test_the_challenge_list_costs_the_same_queries_for_many(
    global_best, staff, citizen, api_as, django_assert_num_queries
):
    for n in range(6):
        factories.make_challenge(global_best, staff, title=f"Challenge {n}")
    client = api_as(citizen)
    with django_assert_num_queries(4):
        assert client.get(CHALLENGES).status_code == 200


def test_a_citizen_follows_and_unfollows(challenge, citizen, api_as):
    client = api_as(citizen)
    assert client.post(url("challenge-follow", challenge)).json() == {"followed": True}
    assert client.get(url("challenge-detail", challenge)).json()["followed"] is True
    assert client.delete(url("challenge-follow", challenge)).json() == {"followed": False}
    assert not ChallengeFollow.objects.exists()


def test_anonymous_clients_cannot_follow(challenge, api):
    assert api.post(url("challenge-follow", challenge)).status_code in (401, 403)


def test_an_organiser_joins_and_leaves_and_followers_hear_of_the_milestone(
    world, global_best, staff, organiser, citizen, api_as
):
    challenge = factories.make_challenge(global_best, staff, goal=4)
    services.challenge_follow(challenge=challenge, citizen=citizen)
    [chapter] = factories.make_local_chapters(1, organiser, parent=world.places.rhone)
    client = api_as(organiser)

    joined = client.post(url("challenge-join", challenge), {"chapter": chapter.pk}, format="json")
    assert joined.status_code == 201
    assert joined.json() == {
        "chapter": chapter.pk,
        "taking_part": True,
        "participant_count": 1,
        "progress_percent": 25,
    }
    twice = client.post(url("challenge-join", challenge), {"chapter": chapter.pk}, format="json")
    assert twice.status_code == 400
    left = client.post(url("challenge-leave", challenge), {"chapter": chapter.pk}, format="json")
    assert left.status_code == 200 and left.json()["taking_part"] is False
    client.post(url("challenge-join", challenge), {"chapter": chapter.pk}, format="json")
    assert Event.objects.filter(kind=K.CHALLENGE_MILESTONE).count() == 1


def test_a_non_organiser_cannot_join_a_chapter(challenge, chapter, outsider, citizen, api_as):
    # A plain member of the chapter, and a citizen who organises nothing.
    for user in (outsider, citizen):
        response = api_as(user).post(
            url("challenge-join", challenge), {"chapter": chapter.pk}, format="json"
        )
        assert response.status_code == 403
    assert not Participation.objects.exists()


def test_an_organiser_of_another_chapter_cannot_join_this_one(
    world, challenge, chapter, citizen, api_as
):
    factories.make_chapter(world.places.paris, organiser=citizen)
    response = api_as(citizen).post(
        url("challenge-join", challenge), {"chapter": chapter.pk}, format="json"
    )
    assert response.status_code == 403


def test_a_join_without_a_chapter_is_a_400_and_an_unknown_one_a_404(
    challenge, chapter, organiser, api_as
):
    client = api_as(organiser)
    assert client.post(url("challenge-join", challenge), {}, format="json").status_code == 400
    missing = client.post(url("challenge-join", challenge), {"chapter": 999999}, format="json")
    assert missing.status_code == 404


def test_api_writes_count_against_the_write_budget(challenge, citizen, api_as, settings):
    settings.WRITE_RATE_LIMIT = "2/m"
    client = api_as(citizen)
    codes = [client.post(url("challenge-follow", challenge)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "too often" in client.post(url("challenge-follow", challenge)).json()["detail"]
