"""Every write to a citizen's own account."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.audit.services import audit_record
from civic.models import Citizen

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
    Email addresses, tokens and sessions are removed, and every app erases what it holds of
    the citizen through an optional ``erase_personal_data(citizen)`` method on its
    ``AppConfig`` (follows and mandates, learning records…); the email is
    replaced by an unroutable placeholder so the address can sign up again. ``actor`` is
    who asked (the citizen themselves, or staff in the admin); the audit row names the
    account by its id only, never by its former personal data.
    """
    from allauth.account.models import EmailAddress
    from rest_framework.authtoken.models import Token

    citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
    if citizen.is_deleted:
        return citizen
    EmailAddress.objects.filter(user=citizen).delete()
    Token.objects.filter(user=citizen).delete()
    for config in apps.get_app_configs():  # each app erases what it holds of the citizen
        erase = getattr(config, "erase_personal_data", None)
        if erase is not None:
            erase(citizen)
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
