"""``/api/v1/notifications/``: the inbox, read state and preferences over the API."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jurisdictions.services import follow_add
from notifications import selectors
from notifications.models import Channel, Event, InboxState, Preference
from proposals import services as participation
from tests.civic.factories import CitizenFactory
from tests.kinds import K
from tests.notifications.factories import open_consultation, submit

pytestmark = pytest.mark.django_db
LIST = "/api/v1/notifications/"


@pytest.fixture
def citizen(world):
    citizen = CitizenFactory(display_name="Clara")
    follow_add(citizen=citizen, space=world.places.paris)
    return citizen


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


@pytest.fixture
def inbox_of_two(world, delivered, citizen):
    """Clara's proposal was read (personal), then a consultation opened in Paris (audience)."""
    proposal = submit(world, citizen)
    with delivered():
        participation.proposal_mark_read(proposal=proposal, reader=world.mayor)
        consultation = open_consultation(world)
    return proposal, consultation


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", LIST),
        ("get", f"{LIST}unread-count/"),
        ("post", f"{LIST}1/read/"),
        ("post", f"{LIST}read-all/"),
        ("get", f"{LIST}preferences/"),
        ("put", f"{LIST}preferences/"),
    ],
)
def test_every_endpoint_needs_a_signed_in_citizen(db, method, path):
    response = getattr(APIClient(), method)(path)
    assert response.status_code in (401, 403)


def test_the_list_merges_personal_items_and_news_of_followed_places(world, api, inbox_of_two):
    proposal, consultation = inbox_of_two
    response = api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    opened, read = body["results"]
    assert opened == {
        "id": Event.objects.get(kind=K.CONSULTATION_OPENED).pk,
        "kind": "consultation.opened",
        "text": "Paris opened a consultation: “How should we collect bio-waste?”.",
        "url": f"http://testserver{consultation.get_absolute_url()}",
        "space": {
            "id": world.places.paris.pk,
            "slug": world.places.paris.slug,
            "label": world.places.paris.label,
            "kind": "city",
        },
        "created_at": opened["created_at"],
        "read": False,
        "personal": False,
    }
    assert read["kind"] == "proposal.read"
    assert read["text"] == "Your proposal “More bins” was read by Paris."
    assert read["url"] == f"http://testserver{proposal.get_absolute_url()}"
    assert read["personal"] is True and read["read"] is False


def test_texts_are_in_the_language_of_the_request(world, citizen, inbox_of_two):
    token = Token.objects.create(user=citizen)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = client.get(LIST, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["results"][1]["text"] == "Votre proposition « More bins » a été lue par Paris."


def test_the_cursor_walks_the_whole_inbox_once(world, delivered, citizen, api):
    with delivered():
        for n in range(25):
            open_consultation(world, question=f"Question {n:02d}?")

    seen, url = [], f"{LIST}?page_size=10"
    while url:
        body = api.get(url).json()
        seen += [item["text"] for item in body["results"]]
        url = body["next"]
        if url:
            assert url.startswith("http://testserver/api/v1/notifications/?")
            assert "page_size=10" in url
    assert len(seen) == 25 == len(set(seen))
    assert seen[0] == "Paris opened a consultation: “Question 24?”."
    assert seen[-1] == "Paris opened a consultation: “Question 00?”."


def test_the_list_filters_by_space_and_kind(world, citizen, api, inbox_of_two):
    follow_add(citizen=citizen, space=world.places.lyon)
    by_kind = api.get(LIST, {"kind": "proposal.read"}).json()["results"]
    assert [item["kind"] for item in by_kind] == ["proposal.read"]
    by_slug = api.get(LIST, {"space": world.places.paris.slug}).json()["results"]
    assert len(by_slug) == 2
    assert api.get(LIST, {"space": world.places.lyon.pk}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "proposal.exploded"}, "kind"),
        ({"space": "atlantis"}, "space"),
        ({"before": "yesterday"}, "before"),
        ({"page_size": "1000"}, "page_size"),
    ],
)
def test_bad_filters_are_a_400_with_field_messages(api, params, field):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert field in response.json()


def test_unread_count_and_marking_read(world, api, citizen, inbox_of_two):
    assert api.get(f"{LIST}unread-count/").json() == {"unread": 2}
    audience = Event.objects.get(kind=K.CONSULTATION_OPENED)

    response = api.post(f"{LIST}{audience.pk}/read/")
    assert response.status_code == 200
    assert response.json() == {"changed": True, "unread": 1}
    assert api.post(f"{LIST}{audience.pk}/read/").json() == {"changed": False, "unread": 1}
    [first] = [item for item in api.get(LIST).json()["results"] if item["id"] == audience.pk]
    assert first["read"] is True

    assert api.post(f"{LIST}read-all/").json() == {"unread": 0}
    assert all(item["read"] for item in api.get(LIST).json()["results"])


def test_marking_read_what_is_not_yours_is_a_404(world, citizen, inbox_of_two):
    outsider = APIClient()
    outsider.force_authenticate(CitizenFactory())  # follows nothing, wrote nothing
    personal = Event.objects.get(kind=K.PROPOSAL_READ)
    audience = Event.objects.get(kind=K.CONSULTATION_OPENED)
    for event_id in (personal.pk, audience.pk, 987654):
        assert outsider.post(f"{LIST}{event_id}/read/").status_code == 404
    assert selectors.unread_count(citizen) == 2


def test_preferences_read_and_change(api, citizen):
    body = api.get(f"{LIST}preferences/").json()
    assert body["digest"] == "weekly"
    rows = {row["kind"]: row for row in body["kinds"]}
    assert rows["proposal.read"] == {
        "kind": "proposal.read",
        "label": "A proposal of mine, or in a place I follow, was read",
        "in_app": True,
        "email": True,
    }

    response = api.put(
        f"{LIST}preferences/",
        {
            "digest": "daily",
            "kinds": [
                {"kind": "proposal.read", "email": False},
                {"kind": "consultation.opened", "in_app": False, "email": True},
            ],
        },
        format="json",
    )
    assert response.status_code == 200
    rows = {row["kind"]: row for row in response.json()["kinds"]}
    assert rows["proposal.read"]["email"] is False and rows["proposal.read"]["in_app"] is True
    assert rows["consultation.opened"] == {
        **rows["consultation.opened"],
        "in_app": False,
        "email": True,
    }
    assert response.json()["digest"] == "daily"
    assert InboxState.objects.get(citizen=citizen).digest == "daily"
    assert set(Preference.objects.values_list("kind", "channel", "enabled")) == {
        (K.PROPOSAL_READ, Channel.EMAIL, False),
        (K.CONSULTATION_OPENED, Channel.IN_APP, False),
        (K.CONSULTATION_OPENED, Channel.EMAIL, True),
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"digest": "hourly"}, "digest"),
        ({"kinds": [{"kind": "proposal.submitted", "email": True}]}, "kinds"),
        ({"kinds": [{"kind": "proposal.read"}, {"kind": "proposal.read"}]}, "kinds"),
        ({"kinds": [{"kind": "proposal.read", "email": "perhaps"}]}, "kinds"),
    ],
)
def test_bad_preferences_are_a_400_and_change_nothing(api, citizen, payload, field):
    response = api.put(f"{LIST}preferences/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Preference.objects.exists()


def test_the_list_costs_the_same_queries_for_2_or_20_items(world, delivered, api, inbox_of_two):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(LIST).status_code == 200
        return len(captured)

    few = queries()
    with delivered():
        for n in range(18):
            open_consultation(world, question=f"More {n}?")
    assert queries() == few <= 6
