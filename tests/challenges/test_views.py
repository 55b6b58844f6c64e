"""The practice and challenge pages, as citizens, organisers, outsiders and staff see them."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from challenges import mtr, services
from challenges.models import Assessment, Challenge, ChallengeFollow, Participation, Practice
from chapters.models import Chapter
from civic.models import Citizen
from jurisdictions.models import Body, Mandate
from tests.challenges import factories
from tests.challenges.factories import GOOD
from tests.civic.factories import CitizenFactory

pytestmark = pytest.mark.django_db

ASSESS = {
    "rating_citizens": "2",
    "rating_collectivities": "1",
    "rating_governments": "1",
    "freedom": "yes",
    "comment": "It worked in our city.",
}


def text(response) -> str:
    return response.content.decode()


# --- Practices -------------------------------------------------------------------------------


def test_the_practice_list_filters_by_domain_best_and_global(
    practice, global_best, client, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get(reverse("challenges:practices"))
    assert response.status_code == 200
    assert practice.title in text(response) and global_best.title in text(response)

    best = client.get(reverse("challenges:practices"), {"best": "on"})
    assert global_best.title in text(best) and practice.title not in text(best)
    global_only = client.get(reverse("challenges:practices"), {"global_only": "on"})
    assert global_best.title in text(global_only) and practice.title not in text(global_only)
    by_domain = client.get(reverse("challenges:practices"), {"domain": "peace"})
    assert "No practice matches these filters." in text(by_domain)


def test_the_list_costs_the_same_queries_for_many_practices(
    author, client, django_assert_num_queries
):
    for n in range(15):
        factories.make_practice(author, title=f"Practice {n}")
    with django_assert_num_queries(3):
        assert client.get(reverse("challenges:practices")).status_code == 200


def test_a_citizen_proposes_a_practice_with_a_place_typed_without_javascript(
    world, citizen, client_as
):
    response = client_as(citizen).post(
        reverse("challenges:practice_create"),
        {
            "title": "School councils",
            "domain": "education",
            "description": "Pupils elect a council that manages a budget.",
            "evidence_links": "https://example.org/study\nhttps://example.org/report",
            "place": "",
            "q": "Montréal",
        },
    )
    practice = Practice.objects.get(title="School councils")
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url()
    assert practice.created_by == citizen
    assert practice.evidence_links == ["https://example.org/study", "https://example.org/report"]
    assert list(practice.implemented_in.all()) == [world.places.montreal]


def test_bad_evidence_links_come_back_as_a_message(citizen, client_as):
    response = client_as(citizen).post(
        reverse("challenges:practice_create"),
        {
            "title": "School councils",
            "domain": "education",
            "description": "Pupils elect a council.",
            "evidence_links": "javascript:alert(1)",
        },
    )
    assert response.status_code == 400
    assert "is not a web address (http or https)" in text(response)
    assert not Practice.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_to_propose(client):
    response = client.get(reverse("challenges:practice_create"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_practice_page_shows_each_mean_with_its_number_of_assessments(
    practice, client, settings
):
    settings.BEST_PRACTICE_MIN_ASSESSMENTS = 10
    factories.assess(practice, 10, rating_citizens=1)
    factories.assess(practice, 4, rating_citizens=2, freedom="partly")
    response = client.get(practice.get_absolute_url())
    page = text(response)
    # (10 × 1 + 4 × 2) / 14 = 1.29
    assert "+1.3 on citizens&#x27; development and integration" in page
    assert "(14 assessments)" in page
    assert "10 of 14 citizens find it compatible with freedom and liberty" in page
    assert "This is a best practice" in page
    assert "Log in to assess this practice" in page


def test_the_practice_page_renders_markdown_sanitised(author, client):
    practice = factories.make_practice(
        author, description="**Bold** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    page = text(client.get(practice.get_absolute_url()))
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page


def test_a_citizen_assesses_then_edits_their_assessment(practice, citizen, client_as):
    client = client_as(citizen)
    url = reverse("challenges:assess", args=[practice.slug])
    response = client.post(url, ASSESS)
    assert response.status_code == 302
    page = text(client.get(practice.get_absolute_url()))
    assert "Your assessment" in page and "Update my assessment" in page
    assert 'value="2" id="assess_rating_citizens_4" required checked' in page

    client.post(url, {**ASSESS, "rating_citizens": "-1", "freedom": "partly"})
    assessment = Assessment.objects.get()
    assert (assessment.rating_citizens, assessment.freedom) == (-1, "partly")
    practice.refresh_from_db()
    assert practice.assessment_count == 1


def test_an_incomplete_assessment_comes_back_with_messages(practice, citizen, client_as):
    response = client_as(citizen).post(
        reverse("challenges:assess", args=[practice.slug]), {"rating_citizens": "5"}
    )
    assert response.status_code == 400
    assert "Choose a rating from −2 to +2." in text(response)
    assert "Say whether the practice is compatible with freedom and liberty." in text(response)
    assert not Assessment.objects.exists()


def test_anonymous_visitors_cannot_assess(practice, client):
    response = client.post(reverse("challenges:assess", args=[practice.slug]), ASSESS)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Assessment.objects.exists()


def test_the_author_adds_an_implementing_place_and_an_outsider_cannot(
    world, practice, author, citizen, client_as
):
    url = reverse("challenges:add_place", args=[practice.slug])
    assert client_as(citizen).post(url, {"place": world.places.lyon.pk}).status_code == 403
    response = client_as(author).post(url, {"place": world.places.lyon.pk})
    assert response.status_code == 302
    assert list(practice.implemented_in.all()) == [world.places.lyon]
    bad = client_as(author).post(url, {"place": "", "q": "Atlantis"})
    assert bad.status_code == 400
    assert "No place or organisation matches “Atlantis”." in text(bad)


def test_the_place_picker_is_offered_to_the_author_only(practice, author, citizen, client_as):
    assert 'id="implementing-input"' in text(client_as(author).get(practice.get_absolute_url()))
    assert 'id="implementing-input"' not in text(
        client_as(citizen).get(practice.get_absolute_url())
    )


def test_an_unknown_practice_is_a_404(client):
    assert client.get("/practices/nothing-here/").status_code == 404


# --- Creating a challenge --------------------------------------------------------------------


def test_staff_open_a_challenge_from_a_global_best_practice(global_best, staff, client_as):
    response = client_as(staff).post(
        reverse("challenges:challenge_create", args=[global_best.slug]),
        {
            "title": "Balanced councils",
            "kind": "generic",
            "goal": "20",
            "deadline": "",
            "description": "Twenty groups.",
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    assert challenge.goal == 20


def test_the_challenge_form_refuses_a_practice_that_is_not_global_best(practice, staff, client_as):
    url = reverse("challenges:challenge_create", args=[practice.slug])
    page = client_as(staff).get(url)
    assert "Only a global best practice can become a challenge" in text(page)
    response = client_as(staff).post(
        url, {"title": "T", "kind": "generic", "goal": "5", "description": "D"}
    )
    assert response.status_code == 400
    assert "A challenge is built on a best practice" in text(response)
    assert not Challenge.objects.exists()


def test_a_citizen_cannot_open_a_challenge(global_best, citizen, client_as):
    url = reverse("challenges:challenge_create", args=[global_best.slug])
    assert client_as(citizen).get(url).status_code == 403


# --- Challenge pages -------------------------------------------------------------------------


def test_the_challenge_page_shows_progress_as_text_and_a_named_bar(
    world, challenge, organiser, client
):
    for chapter in factories.make_local_chapters(12, organiser, parent=world.places.rhone):
        services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    page = text(client.get(challenge.get_absolute_url()))
    assert "12 of 50 community groups (24 %)" in page
    assert f'<progress max="50" value="12" aria-labelledby="progress-{challenge.pk}">' in page
    assert "Ville FR-69 000" in page
    assert "Log in to follow this challenge" in page


def test_the_challenge_list_shows_each_challenge_with_its_progress(challenge, client):
    page = text(client.get(reverse("challenges:challenges")))
    assert challenge.title in page
    assert "0 of 50 community groups (0 %)" in page


def test_a_citizen_follows_and_unfollows_a_challenge(challenge, citizen, client_as):
    client = client_as(citizen)
    url = reverse("challenges:follow", args=[challenge.slug])
    client.post(url, {"action": "follow"})
    assert ChallengeFollow.objects.filter(citizen=citizen, challenge=challenge).exists()
    assert "Following this challenge — unfollow" in text(client.get(challenge.get_absolute_url()))
    client.post(url, {"action": "unfollow"})
    assert not ChallengeFollow.objects.exists()


def test_an_organiser_joins_their_chapter_and_takes_it_out(
    challenge, chapter, organiser, client_as
):
    client = client_as(organiser)
    page = text(client.get(challenge.get_absolute_url()))
    assert f'<option value="{chapter.pk}">Lyon 50/50</option>' in page

    response = client.post(
        reverse("challenges:join", args=[challenge.slug]), {"chapter": chapter.pk}
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.participant_count == 1
    assert "Take Lyon 50/50 out of the challenge" in text(client.get(challenge.get_absolute_url()))

    again = client.post(reverse("challenges:join", args=[challenge.slug]), {"chapter": chapter.pk})
    assert again.status_code == 400
    assert "Lyon 50/50 already takes part in this challenge." in text(again)

    client.post(reverse("challenges:leave", args=[challenge.slug]), {"chapter": chapter.pk})
    assert not Participation.objects.exists()


def test_a_non_organiser_cannot_join_a_chapter_to_a_challenge(
    challenge, chapter, outsider, client_as
):
    client = client_as(outsider)
    assert "Join the challenge" not in text(client.get(challenge.get_absolute_url()))
    response = client.post(
        reverse("challenges:join", args=[challenge.slug]), {"chapter": chapter.pk}
    )
    assert response.status_code == 403
    assert not Participation.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "²", "999999"])
def test_a_bad_chapter_id_is_a_404(challenge, organiser, client_as, value):
    response = client_as(organiser).post(
        reverse("challenges:join", args=[challenge.slug]), {"chapter": value}
    )
    assert response.status_code == 404


# --- The 50/50 page --------------------------------------------------------------------------


def _mandates(body, genders):
    for gender in genders:
        Mandate.objects.create(
            citizen=CitizenFactory(gender=gender),
            body=body,
            role=Mandate.Role.LEGISLATOR,
            start_date=date(2020, 1, 1),
        )


def test_the_50_50_page_shows_an_approximate_share_of_women_and_hides_it_below_ten(
    world, challenge, client, django_assert_num_queries
):
    from challenges.selectors import shown_share

    W, M = Citizen.Gender.WOMAN, Citizen.Gender.MAN
    _mandates(world.bodies.paris_council, [W] * 4 + [M] * 6 + ["", ""])  # 10 declared of 12
    _mandates(world.bodies.metropole_council, [W] * 5 + [M] * 4)  # 9 declared
    # An ended mandate does not count.
    Mandate.objects.create(
        citizen=CitizenFactory(gender=W),
        body=world.bodies.paris_council,
        role=Mandate.Role.LEGISLATOR,
        start_date=date(2010, 1, 1),
        end_date=date(2014, 1, 1),
    )
    with django_assert_num_queries(4):
        page = text(client.get(challenge.get_absolute_url()))
    shown = shown_share(body_id=world.bodies.paris_council.pk, mandates=12, declared=10, women=4)
    assert f"12 mandates, about {shown} % women" in page
    assert shown % 10 == 0 and abs(shown - 40) <= 30
    assert "(10 declared genders)" in page
    assert "9 mandates" in page
    assert "share not shown: fewer than 10 declared genders" in page
    assert "56 %" not in page


def test_the_share_shown_is_the_same_each_time_the_same_assembly_is_seen():
    from challenges.selectors import shown_share

    figures = {shown_share(body_id=7, mandates=20, declared=20, women=9) for _ in range(50)}

    assert len(figures) == 1


def test_comparing_the_page_before_and_after_a_member_joins_does_not_give_their_gender():
    """Over many assemblies of 15 declared members, 7 of them women: the figure after a woman
    joins is often no higher than after a man would have joined, so a rise (or not) does not
    tell which. Exact shares (or rounding alone) would rise every time a woman joins."""
    from challenges.selectors import shown_share

    def after(body_id: int, women: int) -> int:
        return shown_share(body_id=body_id, mandates=16, declared=16, women=women)

    bodies = range(1, 401)
    not_higher = sum(after(b, women=8) <= after(b, women=7) for b in bodies)
    rises = sum(after(b, women=8) > shown_share(body_id=b, mandates=15, declared=15, women=7)
                for b in bodies)  # fmt: skip

    assert not_higher >= len(bodies) // 4
    assert len(bodies) // 4 <= rises <= 3 * len(bodies) // 4


def test_the_legislative_balance_is_one_query_for_all_bodies(world, django_assert_num_queries):
    from challenges.selectors import legislative_balance

    for n in range(5):
        body = Body.objects.create(
            space=world.places.lyon, name=f"Assemblée {n}", kind=Body.Kind.LEGISLATIVE
        )
        _mandates(body, ["woman", "man"])
    with django_assert_num_queries(1):
        rows = legislative_balance()
    assert len(rows) == 7


def test_the_gatineau_button_fills_eighteen_districts(challenge, client):
    page = text(client.get(challenge.get_absolute_url(), {"example": "gatineau"}))
    assert "Gatineau 18, man" in page
    assert "The Gatineau example is loaded" in page


def test_the_calculator_runs_the_gatineau_example(challenge, client):
    response = client.post(
        reverse("challenges:mtr", args=[challenge.slug]), {"districts": mtr.GATINEAU_EXAMPLE}
    )
    assert response.status_code == 200
    page = text(response)
    assert "18 districts become 9 mixed districts electing 9 women and 9 men." in page
    assert "<td>33 %</td>" in page and "<td>50 %</td>" in page
    assert "Gatineau 1 – Gatineau 2" in page


def test_the_calculator_explains_an_odd_count(challenge, client):
    response = client.post(
        reverse("challenges:mtr", args=[challenge.slug]), {"districts": "A, woman\nB, man\nC, man"}
    )
    assert response.status_code == 400
    assert "There are 3 districts: an odd number cannot be paired." in text(response)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"district,member\nA,woman\nB,man\n", "needs a “gender” column"),
        (b"district,gender\nA,woman\nB,robot\n", "Line 3: “robot” is not a gender"),
        (b"", "The submitted file is empty."),
        (b"district,gender\nSa\xefnt,woman\nB,man\n", "not UTF-8"),
        (b"district,gender\n" + b"D,man\n" * 1001, "Too many districts"),
    ],
)
def test_the_calculator_explains_a_malformed_csv(challenge, client, content, message):
    upload = SimpleUploadedFile("assembly.csv", content, content_type="text/csv")
    response = client.post(reverse("challenges:mtr", args=[challenge.slug]), {"csv_file": upload})
    assert response.status_code == 400
    assert message in text(response)


def test_the_calculator_reads_an_uploaded_csv(challenge, client):
    upload = SimpleUploadedFile(
        "assembly.csv", b"district,gender\nNord,femme\nSud,homme\n", "text/csv"
    )
    response = client.post(reverse("challenges:mtr", args=[challenge.slug]), {"csv_file": upload})
    assert response.status_code == 200
    assert "2 districts become 1 mixed districts electing 1 women and 1 men." in text(response)


def test_an_empty_calculator_form_asks_for_districts(challenge, client):
    response = client.post(reverse("challenges:mtr", args=[challenge.slug]), {"districts": ""})
    assert response.status_code == 400
    assert "Type the districts, or upload a CSV file." in text(response)


# --- The Department of Peace page ------------------------------------------------------------


def test_the_peace_page_lists_the_un_member_states_and_the_national_chapters_in(
    world, staff, organiser, client
):
    practice = factories.make_global_best(
        factories.make_practice(title="A Department of Peace"), staff
    )
    peace = factories.make_challenge(
        practice, staff, title="Department of Peace", kind=Challenge.Kind.PEACE, goal=193
    )
    france = factories.make_chapter(
        world.places.france, kind=Chapter.Kind.NATIONAL, organiser=organiser, name="Paix France"
    )
    factories.make_chapter(world.places.canada, kind=Chapter.Kind.NATIONAL, name="Paix Canada")
    services.challenge_join(chapter=france, challenge=peace, actor=organiser)

    page = text(client.get(peace.get_absolute_url()))
    assert "1 of 193 community groups (1 %)" in page
    assert "each of the 193 member states" in page
    assert "2 have a national chapter on civic; 1 of them take part." in page
    assert page.count('<th scope="row">') == 193
    assert "Paix France" in page and "Paix Canada" in page
    assert '<th scope="row">Zimbabwe</th>' in page
    assert "Kosovo" not in page


def test_the_peace_page_names_the_states_in_french(world, staff, client):
    practice = factories.make_global_best(factories.make_practice(title="Peace"), staff)
    peace = factories.make_challenge(practice, staff, kind=Challenge.Kind.PEACE, goal=193)
    client.cookies["django_language"] = "fr"
    page = text(client.get(peace.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr"))
    assert '<th scope="row">Allemagne</th>' in page


def test_over_the_write_budget_a_follow_is_refused(challenge, citizen, client_as, settings):
    settings.WRITE_RATE_LIMIT = "2/m"
    client = client_as(citizen)
    url = reverse("challenges:follow", args=[challenge.slug])
    assert [client.post(url, {"action": "follow"}).status_code for _ in range(3)] == [302, 302, 429]


def test_staff_assess_like_any_citizen(practice, staff, client_as):
    client_as(staff).post(reverse("challenges:assess", args=[practice.slug]), ASSESS)
    assert Assessment.objects.filter(citizen=staff).exists()


def test_citizen_assessment_survives_the_page_reload_values(practice, citizen):
    services.assessment_save(practice=practice, citizen=citizen, **GOOD)
    client = Client()
    client.force_login(citizen)
    assert "Update my assessment" in text(client.get(practice.get_absolute_url()))


def test_the_practice_page_costs_the_same_queries_with_many_places_and_assessments(
    world, practice, author, client_as, django_assert_num_queries
):
    factories.assess(practice, 12, comment="Seen it work.")
    for place in (world.places.paris, world.places.lyon, world.places.montreal):
        services.practice_add_place(practice=practice, place=place, actor=author)
    client = client_as(author)
    # Session and user, the practice with its places and challenges, the citizen's own
    # assessment, the comments, the proposals to adopt it.
    with django_assert_num_queries(8):
        page = text(client.get(practice.get_absolute_url()))
    assert page.count("Seen it work.") == 12


def test_the_challenge_page_costs_the_same_queries_with_many_groups(
    world, challenge, organiser, client_as, django_assert_num_queries
):
    for chapter in factories.make_local_chapters(10, organiser, parent=world.places.rhone):
        services.challenge_join(chapter=chapter, challenge=challenge, actor=organiser)
    factories.make_local_chapters(3, organiser, parent=world.places.ile_de_france)
    client = client_as(organiser)
    # Session and user, the challenge, its groups, the follow, the organiser's chapters (the
    # permission and the join box), the assemblies of the 50/50 table.
    with django_assert_num_queries(9):
        page = text(client.get(challenge.get_absolute_url()))
    assert page.count("Take Chapter of Ville") == 10
    assert "10 of 50 community groups (20 %)" in page


def test_the_practice_page_lists_public_proposals_to_adopt_it(world, practice, citizen, client):
    from proposals import services as proposal_services
    from tests.proposals.factories import proposal_fields

    proposal_services.proposal_create(
        author=citizen,
        space=world.places.paris,
        submit=True,
        **proposal_fields(world, title="Adopt participatory budgeting in Paris", practice=practice),
    )
    proposal_services.proposal_create(
        author=citizen,
        space=world.places.lyon,
        submit=False,
        **proposal_fields(world, title="My private draft for Lyon", practice=practice),
    )
    page = text(client.get(practice.get_absolute_url()))
    assert "Adopt participatory budgeting in Paris" in page
    assert "My private draft for Lyon" not in page
    assert f"/proposals/new/?practice={practice.slug}" in page
