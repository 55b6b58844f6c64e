"""The audit log in the admin: read-only for everyone, superusers included."""

from django.contrib import admin

from civic.admin import ReadOnlyAdmin
from civic.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The record of every privileged action: nobody edits or deletes it."""

    list_display = ["created_at", "actor", "action", "object_type", "object_id", "space",
                    "before", "after"]  # fmt: skip
    list_filter = ["action", "object_type"]
    list_select_related = ["actor", "space"]
    search_fields = ["=object_id", "actor__email", "space__label", "note"]
    date_hierarchy = "created_at"
    fields = ["created_at", "actor", "action", "space", "object_type", "object_id", "before",
              "after", "note"]  # fmt: skip
    actions = None
