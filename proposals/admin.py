"""Admin for participation: proposals, consultations, contributions, comments and flags.

Staff browse everything here; nobody adds, edits or deletes rows by hand (superusers
included), because every change to these models is a service in ``proposals.services``
that enforces the lifecycle, writes the history, the audit entry and the domain event. The
admin's actions call those services, one item at a time, so the same ``rules`` predicates
decide as on the web and in the API, and every action lands in the audit log
(``civic.audit``, itself read-only: it is the record of who did what).

Who sees these pages: staff (``jurisdictions.rules.is_staff``, the predicate that lets staff
act everywhere in ``proposals.rules``), rather than Django's per-model permissions.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from civic.admin import ReadOnlyAdmin, ReadOnlyMixin, run_service
from proposals import services
from proposals.models import (
    Comment,
    Consultation,
    Contribution,
    Flag,
    Proposal,
    ProposalTransition,
)

S = Proposal.Status


class ParticipationAdmin(ReadOnlyAdmin):
    """Proposals, consultations and their content: read-only, actions through services."""


# --- Proposals ------------------------------------------------------------------------------


class TransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = ProposalTransition
    fields = ["created_at", "from_status", "to_status", "actor", "from_space", "to_space", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("history")


@admin.register(Proposal)
class ProposalAdmin(ParticipationAdmin):
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


@admin.register(Consultation)
class ConsultationAdmin(ParticipationAdmin):
    list_display = ["question", "space", "opens_at", "closes_at", "closed_at",
                    "contribution_count"]  # fmt: skip
    list_filter = ["topic"]
    list_select_related = ["space"]
    search_fields = ["=id", "question", "space__label"]
    date_hierarchy = "opens_at"
    fields = ["question", "space", "body", "topic", "context", "opens_at", "closes_at",
              "created_by", "closed_at", "closed_by", "summary", "contribution_count"]  # fmt: skip


# --- Moderation -----------------------------------------------------------------------------


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        help_text=_("Everyone reads it instead of the text. Name the rule that applies."),
    )


class OpenFlagsFilter(admin.SimpleListFilter):
    title = _("flags")
    parameter_name = "flags"

    def lookups(self, request, model_admin):
        return [("open", _("With open flags")), ("hidden", _("Hidden"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(flags__dismissed_at__isnull=True).distinct()
        if self.value() == "hidden":
            return queryset.filter(hidden_at__isnull=False)
        return queryset


class ModeratedAdmin(ParticipationAdmin):
    """Hide (with a public reason), restore and dismiss flags, through the services."""

    kind: str  # the services' keyword: "comment" or "contribution"
    list_filter = [OpenFlagsFilter]
    actions = ["hide", "restore", "dismiss_flags"]

    def _target(self, obj) -> dict:
        return {self.kind: obj}

    @admin.action(description=_("Hide the selected items (with a public reason)…"),
                  permissions=["act"])  # fmt: skip
    def hide(self, request, queryset):
        """Asks for the public reason on an intermediate page, then hides each item."""
        form = HideForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            run_service(
                self,
                request,
                queryset,
                lambda obj: services.content_hide(
                    actor=request.user, reason=reason, **self._target(obj)
                ),
                done_message=lambda n: (
                    ngettext("%(n)d item hidden.", "%(n)d items hidden.", n) % {"n": n}
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hide with a public reason"),
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "dashboard/admin/hide.html", context)

    @admin.action(description=_("Restore the selected items"), permissions=["act"])
    def restore(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda obj: services.content_restore(actor=request.user, **self._target(obj)),
            done_message=lambda n: (
                ngettext("%(n)d item restored.", "%(n)d items restored.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Dismiss the open flags of the selected items"),
                  permissions=["act"])  # fmt: skip
    def dismiss_flags(self, request, queryset):
        run_service(
            self,
            request,
            queryset,
            lambda obj: services.flags_dismiss(actor=request.user, **self._target(obj)),
            done_message=lambda n: (
                ngettext("Flags dismissed on %(n)d item.", "Flags dismissed on %(n)d items.", n)
                % {"n": n}
            ),
        )


@admin.register(Contribution)
class ContributionAdmin(ModeratedAdmin):
    kind = "contribution"
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


@admin.register(Comment)
class CommentAdmin(ModeratedAdmin):
    kind = "comment"
    list_display = ["__str__", "author", "proposal", "contribution", "depth", "created_at",
                    "flag_count", "hidden_at", "deleted_at"]  # fmt: skip
    list_select_related = ["author", "proposal", "contribution"]
    search_fields = ["=id", "text", "author__email"]
    date_hierarchy = "created_at"
    fields = ["author", "proposal", "contribution", "parent", "depth", "text", "sources",
              "created_at", "edited_at", "deleted_at", "flag_count", "hidden_at",
              "hidden_by", "hidden_reason"]  # fmt: skip

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("proposal__space", "contribution__consultation__space")
        )


@admin.register(Flag)
class FlagAdmin(ParticipationAdmin):
    list_display = ["__str__", "reason", "comment", "contribution", "created_at", "dismissed_at"]
    list_filter = ["reason", ("dismissed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["citizen", "comment", "contribution"]
    search_fields = ["=id", "details", "citizen__email"]
    date_hierarchy = "created_at"
    fields = ["citizen", "reason", "details", "comment", "contribution", "created_at",
              "dismissed_at", "dismissed_by"]  # fmt: skip
    actions = ["dismiss"]

    @admin.action(description=_("Dismiss: the flagged content needs no action"),
                  permissions=["act"])  # fmt: skip
    def dismiss(self, request, queryset):
        flags = queryset.select_related(
            "comment__proposal__space",
            "comment__contribution__consultation__space",
            "contribution__consultation__space",
        )
        # One call per flagged item: flags_dismiss closes all the open flags on it.
        targets = {(f.comment_id, f.contribution_id): f for f in flags}.values()
        run_service(
            self,
            request,
            targets,
            lambda flag: services.flags_dismiss(
                actor=request.user, comment=flag.comment, contribution=flag.contribution
            ),
            done_message=lambda n: (
                ngettext("Flags dismissed on %(n)d item.", "Flags dismissed on %(n)d items.", n)
                % {"n": n}
            ),
        )
