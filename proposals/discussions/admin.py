"""Admin of the discussions: comments and flags, read-only; moderation through the service.

``ModeratedAdmin`` is the base of every admin of moderated content (comments here,
contributions in ``proposals.consultations.admin``): its hide, restore and dismiss actions
call ``content_moderate`` one item at a time, with the same permission, validation, audit
row and event as on the web and in the API.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from civic.admin import ReadOnlyAdmin, run_service
from proposals.discussions import services
from proposals.discussions.models import Comment, Flag


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=services.REASON_MAX_LENGTH,
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


class ModeratedAdmin(ReadOnlyAdmin):
    """Hide (with a public reason), restore and dismiss flags, through ``content_moderate``."""

    list_filter = [OpenFlagsFilter]
    actions = ["hide", "restore", "dismiss_flags"]

    def _moderate(self, request, queryset, action, *, reason="", done_message):
        run_service(
            self,
            request,
            queryset,
            lambda obj: (
                services.content_moderate(
                    actor=request.user, content=obj, action=action, reason=reason
                ).changed
            ),
            done_message=done_message,
        )

    @admin.action(description=_("Hide the selected items (with a public reason)…"),
                  permissions=["act"])  # fmt: skip
    def hide(self, request, queryset):
        """Asks for the public reason on an intermediate page, then hides each item."""
        form = HideForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._moderate(
                request,
                queryset,
                services.HIDE,
                reason=form.cleaned_data["reason"],
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
        return TemplateResponse(request, "discussions/admin_hide.html", context)

    @admin.action(description=_("Restore the selected items"), permissions=["act"])
    def restore(self, request, queryset):
        self._moderate(
            request,
            queryset,
            services.RESTORE,
            done_message=lambda n: (
                ngettext("%(n)d item restored.", "%(n)d items restored.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Dismiss the open flags of the selected items"),
                  permissions=["act"])  # fmt: skip
    def dismiss_flags(self, request, queryset):
        self._moderate(
            request,
            queryset,
            services.DISMISS,
            done_message=lambda n: (
                ngettext("Flags dismissed on %(n)d item.", "Flags dismissed on %(n)d items.", n)
                % {"n": n}
            ),
        )


@admin.register(Comment)
class CommentAdmin(ModeratedAdmin):
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
            .select_related("proposal__space", "contribution__consultation__space", "chapter")
        )


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
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
            "comment__chapter",
            "contribution__consultation__space",
        )
        # One call per flagged item: dismissing closes all the open flags on it.
        contents = {(f.comment_id, f.contribution_id): f.target for f in flags}.values()
        run_service(
            self,
            request,
            contents,
            lambda content: (
                services.content_moderate(
                    actor=request.user, content=content, action=services.DISMISS
                ).changed
            ),
            done_message=lambda n: (
                ngettext("Flags dismissed on %(n)d item.", "Flags dismissed on %(n)d items.", n)
                % {"n": n}
            ),
        )
