"""Every write to a citizen's own account."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic import privacy
from civic.audit.services import audit_record
from civic.models import Citizen, DataExport

logger = logging.getLogger(__name__)

# show_competences: the opt-in of "My competences" (civic.competences): public completed areas.
PROFILE_FIELDS = ("display_name", "preferred_language", "gender", "show_competences")


@transaction.atomic
def citizen_update_profile(*, citizen: Citizen, **changes) -> Citizen:
    """Update the editable profile fields; unknown fields are refused, values validated."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    for name, value in changes.items():
        setattr(citizen, name, value)
    citizen.full_clean(exclude=[f.name for f in Citizen._meta.fields if f.name not in changes])
    citizen.save(update_fields=list(changes))
    return citizen


def citizen_set_language(*, citizen: Citizen, language: str) -> Citizen:
    """Remember the language chosen in the switcher; unknown codes are a ValidationError."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    return citizen_update_profile(citizen=citizen, preferred_language=language)


@transaction.atomic
def citizen_token_issue(*, citizen: Citizen):
    """Return the citizen's API token (``Authorization: Token <key>``), creating it once.

    Asking again returns the same key, so two clients of one citizen share it; revoke with
    ``citizen_token_revoke``. Security: the key is a bearer credential, as good as a
    password for the API, and stored in clear (DRF's ``authtoken``).
    """
    from rest_framework.authtoken.models import Token

    if not citizen.is_active or citizen.is_deleted:
        raise ValidationError(_("This account is inactive."))
    token, _created = Token.objects.get_or_create(user=citizen)
    return token


@transaction.atomic
def citizen_token_revoke(*, citizen: Citizen) -> bool:
    """Delete the citizen's API token. Returns whether there was one."""
    from rest_framework.authtoken.models import Token

    deleted, _rows = Token.objects.filter(user=citizen).delete()
    return bool(deleted)


@transaction.atomic
def citizen_erase(*, citizen: Citizen, actor: Citizen | None = None) -> Citizen:
    """Erase a citizen's personal data (GDPR art. 17) and close the account.

    The row stays so that public contributions keep an author, shown as "deleted citizen".
    Every app erases what it declared in its ``personal_data`` module (``civic.privacy``:
    follows, memberships, notifications, drafts, export archives…, each count following);
    the API token and the sessions end; the admin's journal no longer names the citizen;
    the email is replaced by an unroutable placeholder so the address can sign up again.
    ``actor`` is who asked (the citizen themselves, or staff in the admin); the audit row
    names the account by its id only, never by its former personal data.
    """
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from rest_framework.authtoken.models import Token

    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if citizen.is_deleted:
        return citizen
    privacy.erase(citizen)
    Token.objects.filter(user=citizen).delete()
    citizen.show_competences = False
    citizen.email = f"deleted-{citizen.pk}@deleted.invalid"
    citizen.display_name = ""
    citizen.gender = ""
    citizen.home = None
    citizen.is_active = False
    citizen.is_staff = False
    citizen.is_superuser = False
    citizen.deleted_at = timezone.now()
    citizen.set_unusable_password()
    citizen.save()
    citizen.groups.clear()
    citizen.user_permissions.clear()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Citizen), object_id=str(citizen.pk)
    ).update(object_repr=str(citizen))
    _delete_sessions_of(citizen)
    audit_record(
        "citizen.erase",
        citizen,
        actor=actor or citizen,
        note="self" if actor in (None, citizen) else "staff",
    )
    return citizen


def _delete_sessions_of(citizen: Citizen) -> None:
    # Database sessions carry the user id in their encoded payload only; with few
    # active sessions per deployment this scan is acceptable for a rare action.
    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(citizen.pk):
            session.delete()


# --- Data export archives (GDPR art. 15 and 20) ----------------------------------------------

DATA_EXPORTS_PER_DAY = 3


@transaction.atomic
def data_export_request(*, citizen: Citizen) -> DataExport:
    """Ask for a zip archive of everything civic holds about ``citizen``; a task builds it and
    the citizen is notified with a link that works ``DATA_EXPORT_HOURS``.

    One archive at a time, at most ``DATA_EXPORTS_PER_DAY`` a day: a ``ValidationError``
    says so. If the broker is unreachable the request still succeeds and the periodic task
    (``civic.data_exports_tick``) builds it.
    """
    Citizen.objects.select_for_update().get(pk=citizen.pk)  # one request at a time
    mine = DataExport.objects.filter(citizen=citizen)
    if mine.filter(ready_at__isnull=True).exists():
        raise ValidationError(
            _("Your archive is being prepared: you will be told when it is ready.")
        )
    if (
        mine.filter(created_at__gte=timezone.now() - timedelta(days=1)).count()
        >= DATA_EXPORTS_PER_DAY
    ):
        raise ValidationError(
            _("You asked for %(count)s archives today: try again tomorrow.")
            % {"count": DATA_EXPORTS_PER_DAY}
        )
    export = DataExport.objects.create(citizen=citizen)
    transaction.on_commit(lambda: _enqueue_build(export.pk))
    return export


def _enqueue_build(export_id: int) -> None:
    from civic.queueing import enqueue
    from civic.tasks import build_data_export

    # A request whose change is saved must not fail nor wait after its commit: if this
    # fails, the periodic task (civic.data_exports_tick) builds it.
    enqueue(build_data_export, export_id)


def data_export_build(*, export_id: int) -> DataExport | None:
    """Write the archive of an asked export: ``data.json`` (the same document as the JSON
    download) and the citizen's files; then notify them. Idempotent: an export already
    built, or gone (erased, expired), is left alone. Returns the export, or None."""
    from civic import notifications as kinds
    from civic.selectors import citizen_export_data
    from notifications.services import event_record

    export = DataExport.objects.select_related("citizen").filter(pk=export_id).first()
    if export is None or export.ready_at is not None:
        return export
    citizen = export.citizen
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", export_json(citizen_export_data(citizen=citizen)))
        for name, file in privacy.files(citizen):
            with file.open("rb") as source:
                archive.writestr(f"files/{name}", source.read())
    stamp = timezone.localdate().isoformat()
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.ready_at is not None:
            return export
        export.file.save(
            f"civic-my-data-{stamp}-{export.pk}.zip", ContentFile(buffer.getvalue()), save=False
        )
        export.size = export.file.size
        export.ready_at = timezone.now()
        export.save(update_fields=["file", "size", "ready_at"])
        event_record(
            kind=kinds.DATA_EXPORT_READY, data={"citizen": citizen.pk, "export": export.pk}
        )
    return export


def export_json(data: dict) -> str:
    """The export document as JSON text (dates in ISO 8601)."""
    return json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)


def data_exports_delete(*, citizen: Citizen) -> int:
    """Delete every archive of ``citizen`` (account erasure). Returns how many."""
    return _delete_exports(DataExport.objects.filter(citizen=citizen))


def data_exports_expire() -> int:
    """Delete the archives whose link expired. Returns how many."""
    limit = timezone.now() - timedelta(hours=settings.DATA_EXPORT_HOURS)
    return _delete_exports(DataExport.objects.filter(ready_at__lte=limit))


@transaction.atomic
def _delete_exports(exports) -> int:
    """The rows go in the caller's transaction, their files once it commits (a rolled-back
    erasure keeps both)."""
    doomed = list(exports)
    DataExport.objects.filter(pk__in=[export.pk for export in doomed]).delete()
    for export in doomed:
        if export.file:
            transaction.on_commit(lambda file=export.file: file.delete(save=False))
    return len(doomed)
