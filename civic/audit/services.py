"""``audit_record``: the one way to append to the audit log."""

from __future__ import annotations

from civic.audit.models import AuditEntry


def audit_record(
    action: str, obj, *, actor, before: str = "", after: str = "", note: str = "", space=None
) -> AuditEntry:
    """Append one entry about ``obj`` and return it.

    Call it inside the service's transaction, after the change: the entry and the change
    commit or roll back together. ``space`` defaults to ``obj.space`` where the object has
    one (a proposal, a consultation, a chapter…); ``note`` is cut to the column's 2,000
    characters.
    """
    if space is None:
        space = getattr(obj, "space", None)
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        space=space,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        before=str(before)[:40],
        after=str(after)[:40],
        note=str(note)[:2000],
    )


def assign_changed(obj, fields: dict) -> list[str]:
    """Set on ``obj`` the ``fields`` whose value differs; return their names, sorted.

    Update services save and audit only these, so that saving a form unchanged writes
    nothing and the audit note lists what really changed.
    """
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return sorted(changed)
