"""Admin of the consultations: read-only; contributions are moderated content.

Staff browse everything; nobody adds, edits or deletes rows by hand (superusers included).
The actions call the services one item at a time (``civic.admin.run_service``), with the
same permission checks and audit rows as on the web and in the API.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from civic.admin import ReadOnlyAdmin, run_service
from proposals.consultations import services
from proposals.consultations.models import Consultation, Contribution
from proposals.discussions.admin import ModeratedAdmin, OpenFlagsFilter


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ["question", "space", "opens_at", "closes_at", "closed_at",
                    "contribution_count"]  # fmt: skip
    list_filter = ["topic"]
    list_select_related = ["space"]
    search_fields = ["=id", "question", "space__label"]
    date_hierarchy = "opens_at"
    fields = ["question", "space", "body", "topic", "context", "opens_at", "closes_at",
              "created_by", "closed_at", "closed_by", "summary", "contribution_count"]  # fmt: skip


@admin.register(Contribution)
class ContributionAdmin(ModeratedAdmin):
    list_display = ["__str__", "consultation", "author", "created_at", "read_at",
                    "helped_shape_policy", "flag_count", "hidden_at"]  # fmt: skip
    list_filter = [OpenFlagsFilter, "helped_shape_policy"]
    list_select_related = ["consultation", "author"]
    search_fields = ["=id", "text", "author__email", "consultation__question"]
    fields = ["consultation", "author", "text", "created_at", "read_at", "read_by",
              "helped_shape_policy", "outcome_note", "agree_count", "comment_count",
              "flag_count", "hidden_at", "hidden_by", "hidden_reason"]  # fmt: skip
    actions = [*ModeratedAdmin.actions, "mark_read"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("consultation__space")

    @admin.action(description=_("Mark the selected contributions as read"), permissions=["act"])
    def mark_read(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda obj: services.contribution_mark_read(contribution=obj, actor=request.user),
            done_message=lambda n: (
                ngettext(
                    "%(n)d contribution marked as read.", "%(n)d contributions marked as read.", n
                )
                % {"n": n}
            ),
        )
