"""What civic holds of a citizen, exported and erased completely (``civic.privacy``).

The registry is checked against the models themselves: a new foreign key to the user model
that no app declares fails here, every declared export really holds the citizen's rows,
and after erasure no table holds the citizen's email, name or declared gender.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from rest_framework.authtoken.models import Token

from civic import privacy
from civic.audit.services import audit_record
from civic.models import Citizen, DataExport
from civic.selectors import citizen_export_data
from civic.services import citizen_erase, export_json
from notifications.models import Notification
from tests.civic.factories import CitizenFactory
from tests.test_factories import FACTORIES

pytestmark = pytest.mark.django_db


def _user_foreign_keys() -> list[str]:
    user = get_user_model()
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and field.related_model is user
                and (field.concrete or field.many_to_many)
                and not field.auto_created
                and not (model is user and field.name in ("groups", "user_permissions"))
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return sorted(found)


ROWS = [d for d in privacy.declared_fields().values() if isinstance(d, privacy.Rows)]


def _make(rows: privacy.Rows, citizen):
    """A row of ``rows.model`` whose declared field is ``citizen``."""
    field = rows.field.rsplit(".", 1)[1]
    if rows.model is EmailAddress:
        return EmailAddress.objects.create(user=citizen, email=f"other-{citizen.pk}@example.org")
    if rows.field == "jurisdictions.Follow.citizen":  # through the service: counts follow
        from jurisdictions.services import follow_add
        from tests.jurisdictions.factories import JurisdictionFactory

        return follow_add(citizen=citizen, space=JurisdictionFactory())
    if rows.model._meta.app_label == "chapters":  # through the services: counts follow
        from chapters.services import membership_join, rsvp_add
        from tests.chapters.factories import ChapterFactory, MeetingFactory

        if rows.field == "chapters.Membership.citizen":
            return membership_join(citizen=citizen, chapter=ChapterFactory())
        meeting = MeetingFactory()
        membership_join(citizen=citizen, chapter=meeting.chapter)
        return rsvp_add(citizen=citizen, meeting=meeting)
    return FACTORIES[rows.model](**{field: citizen})


# --- The registry covers every foreign key to the citizen ------------------------------------


@pytest.mark.parametrize("field", _user_foreign_keys())
def test_every_foreign_key_to_the_citizen_is_exported_or_exempt_with_a_reason(field):
    declared = privacy.declared_fields()

    assert field in declared, (
        f"{field} points to the citizen: declare it in its app's personal_data.py, "
        "as Rows (exported, erased or kept) or Exempt (with the reason)"
    )
    declaration = declared[field]
    assert getattr(declaration, "reason", None) or isinstance(declaration, privacy.Rows)


def test_no_declaration_names_a_field_that_does_not_exist():
    assert sorted(privacy.declared_fields()) == _user_foreign_keys()


@pytest.mark.parametrize("rows", ROWS, ids=lambda r: r.field)
def test_each_declared_export_holds_the_citizen_s_rows_and_nobody_else_s(rows):
    citizen, other = CitizenFactory(), CitizenFactory()
    _make(rows, citizen)
    _make(rows, other)
    section = next(s.key for s in privacy.sections() if rows in s.rows)

    exported = citizen_export_data(citizen=citizen)[section][rows.key]

    assert len(exported) == rows.of(citizen).count() >= 1
    assert rows.of(other).exists()  # and the other citizen's rows were not counted in
    assert set(exported[0]) == {f if isinstance(f, str) else f[0] for f in rows.fields}
    export_json(citizen_export_data(citizen=citizen))  # serialisable, as the download is


# --- Erasure leaves no personal value ---------------------------------------------------------

EMAIL = "zoe.unique-erasure@example.org"
NAME = "Zoé Uniquename-Erasure"


def _text_columns(model) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField, models.JSONField))
    ]


def _tables_holding(value: str) -> list[str]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for column in _text_columns(model):
            rows = model._default_manager.annotate(
                _as_text=Cast(column, models.TextField())
            ).filter(_as_text__icontains=value)
            if rows.exists():
                found.append(f"{model._meta.label}.{column}")
    return found


def _log_admin_edit(staff, citizen) -> None:
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[citizen], action_flag=CHANGE, change_message="[]"
    )


def test_after_erasure_no_table_holds_the_citizen_s_email_or_name(staff):
    citizen = CitizenFactory(email=EMAIL, display_name=NAME, gender="woman")
    for rows in ROWS:
        _make(rows, citizen)
    Token.objects.create(user=citizen)
    audit_record("citizen.test", citizen, actor=citizen)
    _log_admin_edit(staff, citizen)
    assert _tables_holding(EMAIL) and _tables_holding(NAME)

    citizen_erase(citizen=citizen, actor=citizen)

    assert _tables_holding(EMAIL) == []
    assert _tables_holding(NAME) == []
    assert Citizen.objects.get(pk=citizen.pk).gender == ""
    assert not Token.objects.filter(user=citizen).exists()
    for rows in ROWS:
        left = rows.of(citizen).exists()
        assert left is not rows.erased, f"{rows.field}: erased={rows.erased}, rows left={left}"


def test_erasure_deletes_drafts_and_keeps_sent_proposals(world):
    from tests.proposals.factories import ProposalFactory

    citizen = CitizenFactory()
    draft = ProposalFactory(author=citizen, space=world.places.paris, status="draft")
    sent = ProposalFactory(author=citizen, space=world.places.paris, status="submitted")

    citizen_erase(citizen=citizen)

    assert not type(draft).objects.filter(pk=draft.pk).exists()
    assert type(sent).objects.get(pk=sent.pk).author.public_name == "deleted citizen"


# --- The zip archive, built by a task, behind an expiring signed link ------------------------


@pytest.fixture
def ask(delivered):
    """ask(client) → the archive page after asking for an archive, built as on a commit."""

    def post(client):
        with delivered():
            asked = client.post(reverse("export_archive"))
        assert asked.status_code == 302
        return client.get(asked["Location"])

    return post


@pytest.fixture
def exports_dir(tmp_path, monkeypatch):
    storage = DataExport._meta.get_field("file").storage
    monkeypatch.setattr(storage, "location", str(tmp_path))
    monkeypatch.setattr(storage, "base_location", str(tmp_path))
    return tmp_path


def test_a_citizen_gets_a_zip_archive_of_their_data_through_a_notified_link(
    ask, citizen_client, citizen, exports_dir
):
    page = ask(citizen_client)

    assert "Your archive is being prepared. You will be notified when it is ready." in page.text
    export = DataExport.objects.get(citizen=citizen)
    assert export.ready_at is not None
    notification = Notification.objects.get(recipient=citizen, kind="account.export_ready")
    assert notification.event.data["export"] == export.pk
    [link] = [e.link for e in page.context["exports"]]
    assert f'href="{link}"' in page.text

    response = citizen_client.get(link)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="civic-my-data-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["format"] == "civic-export/1"
    assert data["account"]["profile"]["email"] == citizen.email
    assert data["account"]["profile"]["display_name"] == "Ana"


def test_the_archive_holds_the_files_an_app_declares(ask, citizen_client, citizen, exports_dir):
    privacy.register(
        "attachments_test",
        files=lambda c: [("photo.txt", ContentFile(b"a picture", name="photo.txt"))],
    )
    try:
        ask(citizen_client)
    finally:
        privacy.unregister("attachments_test")
    export = DataExport.objects.get(citizen=citizen)

    with export.file.open("rb") as file:
        archive = zipfile.ZipFile(io.BytesIO(file.read()))

    assert archive.read("files/attachments_test/photo.txt") == b"a picture"


def test_another_citizen_cannot_use_the_link(ask, citizen_client, citizen, client_as, exports_dir):
    page = ask(citizen_client)
    [link] = [e.link for e in page.context["exports"]]

    response = client_as(CitizenFactory()).get(link)

    assert response.status_code == 404


def test_a_forged_or_expired_link_is_a_404(ask, citizen_client, citizen, exports_dir, settings):
    page = ask(citizen_client)
    [link] = [e.link for e in page.context["exports"]]

    assert citizen_client.get(link[:-3] + "abc/").status_code == 404
    settings.DATA_EXPORT_HOURS = -1
    assert citizen_client.get(link).status_code == 404


def test_the_link_needs_a_signed_in_citizen(ask, client, citizen, citizen_client, exports_dir):
    page = ask(citizen_client)
    [link] = [e.link for e in page.context["exports"]]
    client.logout()

    for response in (client.get(link), client.post(reverse("export_archive"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert DataExport.objects.count() == 1


def test_three_archives_a_day_at_most(ask, citizen_client, citizen, exports_dir):
    for _ in range(3):
        ask(citizen_client)

    page = ask(citizen_client)

    assert "You asked for 3 archives today: try again tomorrow." in page.text
    assert DataExport.objects.filter(citizen=citizen).count() == 3


def test_one_archive_at_a_time(citizen, exports_dir):
    from civic.services import data_export_request

    DataExport.objects.create(citizen=citizen)  # asked, not built yet

    with pytest.raises(Exception, match="Your archive is being prepared"):
        data_export_request(citizen=citizen)


def test_expired_archives_and_their_files_are_deleted(
    ask, delivered, citizen_client, citizen, exports_dir, settings
):
    from civic.tasks import data_exports_tick

    ask(citizen_client)
    path = exports_dir / DataExport.objects.get().file.name
    assert path.exists()
    settings.DATA_EXPORT_HOURS = 0

    with delivered():  # the files go once the rows' deletion commits
        assert data_exports_tick() == 1

    assert not DataExport.objects.exists()
    assert not path.exists()


def test_a_lost_build_is_done_by_the_periodic_task(citizen, exports_dir):
    from django.utils import timezone

    from civic.tasks import data_exports_tick

    export = DataExport.objects.create(
        citizen=citizen, created_at=timezone.now() - timezone.timedelta(minutes=20)
    )

    data_exports_tick()

    export.refresh_from_db()
    assert export.ready_at is not None and export.file


def test_erasure_removes_the_citizen_s_archives(
    ask, delivered, citizen_client, citizen, exports_dir
):
    ask(citizen_client)
    path = exports_dir / DataExport.objects.get().file.name

    with delivered():
        citizen_erase(citizen=citizen)

    assert not DataExport.objects.exists()
    assert not path.exists()


def test_an_erasure_that_fails_keeps_the_archive_and_its_file(
    ask, citizen_client, citizen, exports_dir, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    ask(citizen_client)
    path = exports_dir / DataExport.objects.get().file.name

    def broken(citizen):
        raise RuntimeError("the last step failed")

    monkeypatch.setattr("civic.services._delete_sessions_of", broken)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        citizen_erase(citizen=citizen)

    assert callbacks == []  # rolled back: nothing left to run after a commit
    assert DataExport.objects.filter(citizen=citizen).exists()
    assert path.exists()


def test_the_log_entry_of_an_admin_edit_no_longer_names_the_citizen(staff):
    citizen = CitizenFactory(display_name=NAME)
    _log_admin_edit(staff, citizen)

    citizen_erase(citizen=citizen)

    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Citizen), object_id=str(citizen.pk)
    )
    assert entry.object_repr == "deleted citizen"


# --- The same document in the API ------------------------------------------------------------


def test_the_api_gives_the_citizen_their_own_data(api_as, citizen):
    from tests.proposals.factories import ProposalFactory

    ProposalFactory(author=citizen, status="draft", title="My unsent idea")
    ProposalFactory(title="Someone else's idea")

    response = api_as(citizen).get("/api/v1/me/data/")

    assert response.status_code == 200
    data = response.json()
    assert data["account"]["profile"]["email"] == citizen.email
    assert [p["title"] for p in data["proposals"]["proposals"]] == ["My unsent idea"]


def test_the_api_data_needs_a_token_or_session(api):
    response = api.get("/api/v1/me/data/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
