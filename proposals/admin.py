"""Admin of the proposals.

Staff browse everything here; nobody adds, edits or deletes rows by hand (superusers
included), because every change to these models is a service in ``proposals.services``
that enforces the lifecycle, writes the history, the audit entry and the domain event. The
admin's actions call those services, one item at a time, so the same ``rules`` predicates
decide as on the web and in the API, and every action lands in the audit log
(``civic.audit``, itself read-only: it is the record of who did what).

Who sees these pages: platform staff (``civic.rules.is_platform_staff``, who act everywhere),
and staff granted Django's view permission on the model.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from civic.admin import ReadOnlyAdmin, ReadOnlyMixin, run_service
from proposals import services
from proposals.models import Proposal, ProposalTransition

S = Proposal.Status


# --- Proposals ------------------------------------------------------------------------------


class TransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = ProposalTransition
    fields = ["created_at", "from_status", "to_status", "actor", "from_space", "to_space", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "space", "status", "author", "submitted_at", "read_at",
                    "answered_at", "support_count"]  # fmt: skip
    list_filter = ["status", "topic"]
    list_select_related = ["space", "author"]
    search_fields = ["=id", "title", "author__email", "space__label"]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at", "-id"]
    inlines = [TransitionInline]
    fieldsets = [
        (None, {"fields": ["title", "status", "author", "space", "body", "topic"]}),
        (_("Text"), {"fields": ["text", "freedom_statement"]}),
        (_("Receipt and answer"), {"fields": ["submitted_at", "read_at", "read_by",
                                             "read_by_space", "answer_text", "answer_link",
                                             "answered_at", "answered_by"]}),
        (_("Counters"), {"fields": ["support_count", "comment_count"]}),
    ]  # fmt: skip
    actions = ["move_under_consideration"]

    @admin.action(
        description=_("Move the selected proposals under consideration"), permissions=["act"]
    )
    def move_under_consideration(self, request, queryset):
        def call(proposal):
            services.proposal_set_status(
                proposal=proposal,
                actor=request.user,
                status=S.UNDER_CONSIDERATION,
                note=str(_("Moved under consideration by the platform staff.")),
            )
            return True

        run_service(
            self,
            request,
            queryset.select_related("space"),
            call,
            done_message=lambda n: (
                ngettext(
                    "%(n)d proposal is now under consideration.",
                    "%(n)d proposals are now under consideration.",
                    n,
                )
                % {"n": n}
            ),
        )
