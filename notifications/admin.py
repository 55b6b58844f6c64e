"""Admin for the outbox and the personal notifications: staff browse them, nobody edits.

Events are the record of what happened and notifications what each citizen was told;
editing either by hand would make the history lie, so both are read-only for everyone
(superusers included). Staff need the usual ``view`` permission to see them. The tables
grow fast: no full counts, related rows joined in the list query.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.models import Event, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False
    list_per_page = 50

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DispatchedFilter(admin.SimpleListFilter):
    title = _("dispatched")
    parameter_name = "dispatched"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("Not yet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(dispatched_at__isnull=False)
        if self.value() == "no":
            return queryset.undispatched()
        return queryset


class KindFilter(admin.SimpleListFilter):
    """The declared kinds (``notifications.registry``), by their labels."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return registry.choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.display(description=_("kind"), ordering="kind")
def kind_label(obj) -> str:
    return registry.label_of(obj.kind)


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["id", kind_label, "space", "actor", "created_at", "dispatched_at"]
    list_filter = [KindFilter, DispatchedFilter]
    list_select_related = ["space", "actor"]
    search_fields = ["=id", "kind", "space__name", "proposal__title", "actor__email"]
    date_hierarchy = "created_at"
    fields = [
        "kind", "actor", "space", "proposal", "consultation", "contribution", "comment",
        "data", "created_at", "dispatched_at",
    ]  # fmt: skip


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = [
        "id", "recipient", kind_label, "event", "created_at", "read_at",
        "email_state", "emailed_at",
    ]  # fmt: skip
    # Emails that failed for good, with their reason, are one click away.
    list_filter = [KindFilter, "email_state"]
    list_select_related = ["recipient", "event"]
    search_fields = ["=event__id", "recipient__email"]
    fields = [
        "recipient", "event", "kind", "space", "created_at", "read_at",
        "email_state", "email_attempts", "email_due_at", "email_error", "emailed_at",
    ]  # fmt: skip
