"""Consultation pages as citizens, decision makers and staff see them.

Personas: the author of a contribution, another citizen, the mayor of Paris (a decision maker
of Paris), a decision maker of Lyon (an outsider to Paris), staff and anonymous visitors.
The personas, ``consultation`` and ``contribution`` are those of ``tests/proposals/conftest.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals.consultations import services as consultation_services
from proposals.consultations.models import Agreement, Consultation, Contribution
from proposals.discussions import services as discussion_services
from tests.civic.factories import CitizenFactory
from tests.pages import as_, page
from tests.proposals.consultations.factories import contribute, focused, open_consultation

pytestmark = pytest.mark.django_db


# --- Opening, editing and closing -----------------------------------------------------------


def test_a_decision_maker_of_paris_opens_a_consultation(client, world, people):
    as_(client, people.paris_dm)
    url = reverse("consultations:create", args=[world.places.paris.slug])

    form = page(client.get(url))
    assert form.count("<h1") == 1
    assert "Open a consultation in Paris" in form
    assert 'type="datetime-local"' in form and '<label for="id_question">' in form
    assert "Mairie de Paris" in form and "Mairie de Lyon" not in form  # bodies of the space

    response = client.post(
        url,
        {
            "question": "Where should the new cycle lanes go?",
            "context": "We have **12 km** to build.\n\n<script>alert(1)</script>",
            "topic": world.topics.motorways.pk,
            "body": world.bodies.paris_city_hall.pk,
            "opens_at": "2020-01-01T09:00",
            "closes_at": "2099-06-01T18:30",
        },
        follow=True,
    )
    created = Consultation.objects.get()
    assert response.redirect_chain[-1][0] == created.get_absolute_url()
    assert created.space == world.places.paris and created.created_by == people.paris_dm
    html = page(response)
    assert "The consultation is published." in html
    assert "Where should the new cycle lanes go?" in html
    assert "<strong>12 km</strong>" in html  # Markdown context rendered
    assert "<script>alert(1)</script>" not in html  # … and sanitised
    assert "Open" in html and "Decision-maker tools" in html
    # Read in the site's time zone (Paris, summer time): 18:30 there is 16:30 UTC.
    assert created.closes_at == datetime(2099, 6, 1, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize("who", ["lyon_dm", "other"])
def test_outsiders_cannot_open_a_consultation_in_paris(client, world, people, who):
    as_(client, getattr(people, who))
    url = reverse("consultations:create", args=[world.places.paris.slug])
    assert client.get(url).status_code == 403
    response = client.post(url, {"question": "Q?", "context": "C", "topic": "1"})
    assert response.status_code == 403
    assert not Consultation.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_to_open_one(client, world):
    url = reverse("consultations:create", args=[world.places.paris.slug])
    response = client.get(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_staff_can_open_a_consultation_anywhere(client, world, people):
    as_(client, people.staff)
    url = reverse("consultations:create", args=[world.places.lyon.slug])
    response = client.post(
        url,
        {
            "question": "Q?",
            "context": "C",
            "topic": world.topics.household_waste.pk,
            "opens_at": "2020-01-01T09:00",
            "closes_at": "2099-01-01T09:00",
        },
    )
    assert response.status_code == 302
    assert Consultation.objects.get().space == world.places.lyon


def test_the_consultation_form_shows_errors_next_to_the_fields(client, world, people):
    as_(client, people.paris_dm)
    url = reverse("consultations:create", args=[world.places.paris.slug])
    response = client.post(
        url,
        {
            "question": "",
            "context": "C",
            "topic": world.topics.household_waste.pk,
            "body": world.bodies.lyon_city_hall.pk,  # not a body of Paris
            "opens_at": "2030-01-02T09:00",
            "closes_at": "2030-01-01T09:00",
        },
    )
    html = page(response)
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    assert 'id="id_question_error"' in html and "This field is required." in html
    assert (
        'aria-describedby="id_question_helptext id_question_error"' in html
        and 'aria-invalid="true"' in html
    )
    assert 'id="id_closes_at_error"' in html
    assert "The closing date must come after the opening date." in html
    assert 'id="id_body_error"' in html
    # A date that is not a date is an error message too, never a 500.
    response = client.post(url, {"opens_at": "tomorrow", "closes_at": "2030-13-45T99:00"})
    assert response.status_code == 200 and "Enter a valid date/time." in page(response)


def test_the_decision_maker_edits_an_open_consultation(client, consultation, people, world):
    as_(client, people.paris_dm)
    url = reverse("consultations:edit", args=[consultation.pk])
    html = page(client.get(url))
    assert "Edit the consultation" in html and "How should we collect bio-waste?" in html
    response = client.post(
        url,
        {
            "question": "How often should we collect bio-waste?",
            "context": consultation.context,
            "topic": world.topics.household_waste.pk,
            "opens_at": "2020-01-01T09:00",
            "closes_at": "2099-01-01T09:00",
        },
        follow=True,
    )
    assert "How often should we collect bio-waste?" in page(response)
    assert "The consultation was updated." in page(response)


@pytest.mark.parametrize("who", ["lyon_dm", "other", "author"])
def test_outsiders_cannot_edit_or_close(client, consultation, people, who):
    as_(client, getattr(people, who))
    for name in ("edit", "close"):
        url = reverse(f"consultations:{name}", args=[consultation.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"summary": "Done", "question": "X"}).status_code == 403
    consultation.refresh_from_db()
    assert consultation.closed_at is None
    assert "Decision-maker tools" not in page(client.get(consultation.get_absolute_url()))


def test_closing_with_a_summary_shows_what_was_decided(client, consultation, contribution, people):
    as_(client, people.paris_dm)
    url = reverse("consultations:close", args=[consultation.pk])
    assert "1 contribution was received." in page(client.get(url))

    response = client.post(url, {"summary": "  "})
    assert response.status_code == 200 and 'id="id_summary_error"' in page(response)

    response = client.post(url, {"summary": "Weekly collection from **2027**."}, follow=True)
    html = page(response)
    assert "The consultation is closed." in html
    assert "What was decided" in html and "<strong>2027</strong>" in html
    assert html.index("What was decided") < html.index("Context")  # shown prominently
    assert "Closed" in html and "Decision-maker tools" not in html
    assert "contributions are no longer accepted" in html

    response = client.get(reverse("consultations:edit", args=[consultation.pk]))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert "A closed consultation cannot be edited." in page(response)
    response = client.post(url, {"summary": "Again"}, follow=True)
    assert "This consultation is already closed." in page(response)


def test_the_status_says_upcoming_open_or_closed(client, world, people):
    now = timezone.now()
    upcoming = open_consultation(
        world, people.paris_dm, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=2)
    )
    html = page(client.get(upcoming.get_absolute_url()))
    assert "Upcoming" in html and "opens on" in html and "not open yet" in html
    ended = open_consultation(
        world, people.paris_dm, opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1)
    )
    html = page(client.get(ended.get_absolute_url()))
    assert "Closed" in html and "awaiting what was decided" in html


# --- Contributing ---------------------------------------------------------------------------


def test_a_citizen_contributes_while_the_consultation_is_open(client, consultation, people):
    as_(client, people.author)
    response = client.post(
        reverse("consultations:contribute", args=[consultation.pk]),
        {"text": "Weekly collection.\nAnd composters <b>everywhere</b>."},
        follow=True,
    )
    contribution = Contribution.objects.get()
    assert response.redirect_chain[-1][0].startswith(focused(contribution))
    html = page(response)
    assert "Thank you! Your contribution is published." in html
    assert "Alice Author contributed" in html
    assert "Weekly collection.<br>And composters &lt;b&gt;everywhere&lt;/b&gt;." in html
    consultation.refresh_from_db()
    assert consultation.contribution_count == 1


def test_an_empty_contribution_shows_the_error_under_the_field(client, consultation, people):
    as_(client, people.author)
    response = client.post(
        reverse("consultations:contribute", args=[consultation.pk]), {"text": " "}
    )
    html = page(response)
    assert response.status_code == 200
    assert 'id="id_text_error"' in html and "This field is required." in html
    assert not Contribution.objects.exists()


def test_contributing_to_a_closed_consultation_is_refused_with_a_message(
    client, consultation, people
):
    consultation_services.consultation_close(
        consultation=consultation, actor=people.paris_dm, summary="Done"
    )
    as_(client, people.author)
    response = client.post(
        reverse("consultations:contribute", args=[consultation.pk]), {"text": "Late"}, follow=True
    )
    html = page(response)
    assert "This consultation is not open for contributions." in html
    assert not Contribution.objects.exists()
    assert 'name="text"' not in html  # no contribution form on a closed consultation


def test_anonymous_visitors_read_and_get_a_login_link(client, consultation, contribution):
    html = page(client.get(consultation.get_absolute_url()))
    assert "Log in to contribute" in html and "Log in to join the discussion" in html
    assert contribution.text in html
    assert "I agree" not in html and "Flag" not in html
    response = client.post(
        reverse("consultations:contribute", args=[consultation.pk]), {"text": "x"}
    )
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_unknown_ids_are_404_and_get_is_refused_on_post_views(client, people, contribution):
    as_(client, people.other)
    assert client.get(reverse("consultations:detail", args=[999999])).status_code == 404
    assert client.post(reverse("consultations:agree", args=[999999])).status_code == 404
    assert client.post(reverse("consultations:contribute", args=[999999])).status_code == 404
    assert client.get(reverse("consultations:agree", args=[contribution.pk])).status_code == 405


# --- Agreeing -------------------------------------------------------------------------------


def test_a_citizen_agrees_once_then_withdraws_with_htmx(client, contribution, people):
    as_(client, people.other)
    url = reverse("consultations:agree", args=[contribution.pk])
    htmx = {"HX-Request": "true"}

    response = client.post(url, {"action": "agree"}, headers=htmx)
    html = page(response)
    assert response.status_code == 200 and "<html" not in html  # a partial
    assert "1 citizen agrees" in html and 'aria-pressed="true"' in html

    html = page(client.post(url, {"action": "agree"}, headers=htmx))
    assert "You already agree with this contribution." in html
    assert Agreement.objects.filter(contribution=contribution).count() == 1

    html = page(client.post(url, {"action": "withdraw"}, headers=htmx))
    assert "0 citizens agree" in html and 'aria-pressed="false"' in html
    assert not Agreement.objects.exists()


def test_agreeing_without_htmx_comes_back_with_a_message(client, contribution, people):
    as_(client, people.other)
    url = reverse("consultations:agree", args=[contribution.pk])
    response = client.post(url, {"action": "agree"}, follow=True)
    assert "You agree with this contribution." in page(response)
    assert "You agree — withdraw" in page(response)
    response = client.post(url, {"action": "agree"}, follow=True)
    assert "You already agree with this contribution." in page(response)


def test_the_author_cannot_agree_with_their_own_contribution(client, contribution, people):
    as_(client, people.author)
    assert "I agree" not in page(client.get(focused(contribution)))
    response = client.post(
        reverse("consultations:agree", args=[contribution.pk]), {"action": "agree"}
    )
    assert response.status_code == 403
    assert not Agreement.objects.exists()


# --- Reviewing: read receipts and "helped shape policy" ---------------------------------------


@pytest.mark.parametrize("who", ["lyon_dm", "other", "author"])
def test_only_a_decision_maker_of_paris_marks_a_contribution_read(
    client, contribution, people, who
):
    as_(client, getattr(people, who))
    assert "Mark as read" not in page(client.get(focused(contribution)))
    assert (
        client.post(reverse("consultations:contribution_read", args=[contribution.pk])).status_code
        == 403
    )
    response = client.post(
        reverse("consultations:contribution_helped", args=[contribution.pk]), {"outcome_note": "x"}
    )
    assert response.status_code == 403
    contribution.refresh_from_db()
    assert contribution.read_at is None and not contribution.helped_shape_policy


def test_the_author_sees_their_contribution_was_read(client, contribution, people):
    as_(client, people.paris_dm)
    response = client.post(
        reverse("consultations:contribution_read", args=[contribution.pk]), follow=True
    )
    assert "Marked as read. Its author can see it." in page(response)
    as_(client, people.author)
    html = page(client.get(focused(contribution)))
    assert "Read by the decision maker" in html and "Mark as read" not in html


def test_helped_shape_policy_shows_the_badge_and_the_note_first(
    client, consultation, contribution, people
):
    popular = contribute(consultation, people.other, "Collect twice a week.")
    consultation_services.agreement_add(contribution=popular, citizen=people.author)
    html = page(client.get(consultation.get_absolute_url()))
    assert html.index("Collect twice a week.") < html.index(contribution.text)  # most agreed

    as_(client, people.paris_dm)
    url = reverse("consultations:contribution_helped", args=[contribution.pk])
    response = client.post(url, {"outcome_note": ""}, follow=True)
    assert "Say how this contribution helped." in page(response)
    response = client.post(url, {"outcome_note": "Composters in 40 parks from <em>2027</em>."})
    assert response.status_code == 302

    client.logout()
    html = page(client.get(consultation.get_absolute_url()))
    assert "Helped shape policy" in html
    assert "Composters in 40 parks from &lt;em&gt;2027&lt;/em&gt;." in html
    assert "Read by the decision maker" in html  # helping implies reading
    assert html.index(contribution.text) < html.index("Collect twice a week.")  # helped first


# --- Lists and the space page ---------------------------------------------------------------


def test_the_lists_filter_by_place_topic_and_state(client, world, people):
    paris = open_consultation(world, people.paris_dm, question="Paris bio-waste?")
    lyon = open_consultation(
        world, people.lyon_dm, space=world.places.lyon, question="Lyon motorways?",
        topic=world.topics.motorways,
    )  # fmt: skip
    consultation_services.consultation_close(
        consultation=lyon, actor=people.lyon_dm, summary="Done"
    )

    html = page(client.get(reverse("consultations:list")))
    assert html.count("<h1") == 1
    assert "Paris bio-waste?" in html and "Lyon motorways?" in html
    html = page(client.get(reverse("consultations:list"), {"open": "on"}))
    assert "Paris bio-waste?" in html and "Lyon motorways?" not in html
    html = page(client.get(reverse("consultations:list"), {"topic": "motorways"}))
    assert "Paris bio-waste?" not in html and "Lyon motorways?" in html

    france = reverse("consultations:space_list", args=[world.places.france.slug])
    html = page(client.get(france))
    assert "Consultations of France" in html and "No consultation matches" in html
    html = page(client.get(france, {"descendants": "on"}))
    assert "Paris bio-waste?" in html and "Lyon motorways?" in html
    html = page(client.get(france, {"descendants": "on", "topic": "household-waste"}))
    assert "Paris bio-waste?" in html and "Lyon motorways?" not in html
    html = page(client.get(reverse("consultations:space_list", args=[world.places.paris.slug])))
    assert paris.get_absolute_url() in html and "Lyon motorways?" not in html
    # A filter value that means nothing shows everything rather than an error.
    assert client.get(france, {"topic": "nonsense", "page": "x"}).status_code == 200


def test_only_decision_makers_see_the_open_a_consultation_button(client, world, people):
    url = reverse("consultations:space_list", args=[world.places.paris.slug])
    assert "Open a consultation" not in page(as_(client, people.lyon_dm).get(url))
    assert "Open a consultation" in page(as_(client, people.paris_dm).get(url))


def test_the_space_page_shows_its_open_consultations(client, world, people):
    open_consultation(world, people.paris_dm, question="Paris bio-waste?")
    html = page(client.get(world.places.paris.get_absolute_url()))
    assert "Open consultations" in html and "Paris bio-waste?" in html
    assert reverse("consultations:space_list", args=[world.places.paris.slug]) in html
    html = page(client.get(world.places.lyon.get_absolute_url()))
    assert "Lyon has no open consultation right now." in html


def test_lists_answer_in_a_bounded_number_of_queries(
    client, world, people, django_assert_num_queries
):
    as_(client, people.other)
    url = reverse("consultations:space_list", args=[world.places.france.slug])
    open_consultation(world, people.paris_dm)
    with django_assert_num_queries(7) as few:
        client.get(url, {"descendants": "on"})
    for n in range(30):
        open_consultation(world, people.lyon_dm, space=world.places.lyon, question=f"Q{n}?")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, {"descendants": "on"})
    assert "Page 1 of 2" in page(response)
    assert 'href="?descendants=on&amp;page=2"' in page(response)  # the filters stay on
    with django_assert_num_queries(5):  # the list of every space: no space to read
        client.get(reverse("consultations:list"), {"page": "2"})


# Signed in: one query more says whether they follow the consultation.
@pytest.mark.parametrize(("who", "queries"), [(None, 4), ("other", 9), ("paris_dm", 10)])
def test_a_busy_consultation_page_answers_in_a_bounded_number_of_queries(
    client, world, people, consultation, django_assert_num_queries, who, queries
):
    if who:
        as_(client, getattr(people, who))

    def grow(n):
        for i in range(n):
            contribution = contribute(consultation, CitizenFactory(), f"Idea {i}")
            consultation_services.agreement_add(contribution=contribution, citizen=people.other)
            root = discussion_services.comment_post(
                author=people.author,
                text="Why?",
                contribution=contribution,
                sources=["https://example.org/a"],
            )
            reply = discussion_services.comment_post(
                author=people.other, text="Because.", parent=root
            )
            discussion_services.comment_post(author=people.author, text="OK.", parent=reply)
            discussion_services.flag_add(citizen=people.other, reason="spam", content=root)

    grow(2)
    with django_assert_num_queries(queries) as few:
        client.get(consultation.get_absolute_url())
    grow(15)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(consultation.get_absolute_url())
    html = page(response)
    assert html.count("Because.") == 17 and html.count("Idea ") == 17
    if who == "paris_dm":
        assert "1 open flag" in html


# --- Moderating contributions ---------------------------------------------------------------


def test_a_citizen_flags_a_contribution_once(client, contribution, people):
    as_(client, people.other)
    url = reverse("discussions:flag")
    response = client.post(
        url, {"contribution": contribution.pk, "reason": "off_topic", "details": "Not about waste"},
        follow=True,
    )  # fmt: skip
    assert "Thank you. The moderators of Paris will review it." in page(response)
    response = client.post(url, {"contribution": contribution.pk, "reason": "spam"}, follow=True)
    assert "You already flagged this." in page(response)
    assert contribution.flags.count() == 1
    as_(client, people.author)
    assert client.post(url, {"contribution": contribution.pk, "reason": "spam"}).status_code == 403


def test_a_hidden_contribution_keeps_only_the_public_reason(client, contribution, people):
    secret = contribution.text
    as_(client, people.paris_dm)
    response = client.post(
        reverse("discussions:moderate"),
        {"contribution": contribution.pk, "action": "hide", "reason": "Off topic"},
        follow=True,
    )
    assert "Hidden. Everyone now sees the public reason" in page(response)
    for who in (None, people.author, people.other, people.paris_dm, people.staff):
        client.logout()
        if who:
            client.force_login(who)
        html = page(client.get(focused(contribution)))
        assert secret not in html
        assert "Hidden by a moderator: Off topic" in html
    # Nobody can agree with or comment on it any more.
    as_(client, people.other)
    response = client.post(reverse("consultations:agree", args=[contribution.pk]), follow=True)
    assert "This contribution was hidden by a moderator." in page(response)

    as_(client, people.staff)
    client.post(
        reverse("discussions:moderate"),
        {"contribution": contribution.pk, "action": "restore", "reason": "Relevant after all"},
    )
    assert secret in page(client.get(focused(contribution)))


@pytest.mark.parametrize("who", ["lyon_dm", "other", "author"])
def test_outsiders_cannot_moderate_a_contribution(client, contribution, people, who):
    as_(client, getattr(people, who))
    assert "Moderate" not in page(client.get(focused(contribution)))
    response = client.post(
        reverse("discussions:moderate"),
        {"contribution": contribution.pk, "action": "hide", "reason": "x"},
    )
    assert response.status_code == 403
    contribution.refresh_from_db()
    assert not contribution.is_hidden


# --- Safety ---------------------------------------------------------------------------------


def test_scripts_in_questions_contexts_and_contributions_are_inert(client, world, people):
    consultation = open_consultation(
        world,
        people.paris_dm,
        question='<img src=x onerror="alert(1)">',
        context=(
            '[click](javascript:alert(2)) <script>alert(3)</script> <a href="#" onclick="x()">a</a>'
        ),
    )
    contribute(consultation, people.author, '<script>alert(4)</script>"><svg onload=alert(5)>')
    html = page(client.get(consultation.get_absolute_url()))
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "javascript:" not in html and "<script>alert" not in html
    assert "onclick" not in html and "<svg" not in html
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html


def test_writes_are_rate_limited(client, settings, consultation, people):
    settings.WRITE_RATE_LIMIT = "2/m"
    as_(client, people.author)
    url = reverse("consultations:contribute", args=[consultation.pk])
    assert client.post(url, {"text": "One"}).status_code == 302
    assert client.post(url, {"text": "Two"}).status_code == 302
    response = client.post(url, {"text": "Three"})
    assert response.status_code == 429 and "Too many requests" in page(response)
    assert Contribution.objects.count() == 2


def test_post_views_need_the_csrf_token(people, contribution):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people.other)
    assert client.post(reverse("consultations:agree", args=[contribution.pk])).status_code == 403
    assert not Agreement.objects.exists()
