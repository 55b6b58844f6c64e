"""Staff tools for practices, assessments and challenges.

Every change goes through ``challenges.services`` (the same doors as the web and the API):
editing a practice or its places recomputes its global flag, deleting an assessment
recomputes the aggregates, creating a challenge refuses a practice that is not a global
best practice. Practices are proposed by citizens on the site (``/practices/new/``), so the
admin edits them but does not add them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from challenges import services
from challenges.forms import EvidenceLinksField
from challenges.models import (
    Assessment,
    Challenge,
    Participation,
    Practice,
)


class PracticeAdminForm(forms.ModelForm):
    evidence_links = EvidenceLinksField(
        label=_("Evidence links"), help_text=_("One http(s) address per line.")
    )

    class Meta:
        model = Practice
        fields = [
            "title",
            "domain",
            "description",
            "evidence_links",
            "implemented_in",
            "declared_global",
        ]

    def clean_evidence_links(self):
        try:
            return services.clean_evidence_links(self.cleaned_data.get("evidence_links"))
        except ValidationError as error:
            raise ValidationError(error.messages) from None


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    form = PracticeAdminForm
    list_display = (
        "title",
        "domain",
        "assessment_count",
        "is_best_practice",
        "is_global",
        "declared_global",
        "created_at",
    )
    list_filter = ("domain", "is_best_practice", "is_global", "declared_global")
    search_fields = ("title", "description")
    autocomplete_fields = ("implemented_in",)
    readonly_fields = ("slug", "created_by", "created_at", *Practice.FIGURES)
    fieldsets = (
        (None, {"fields": ("title", "slug", "domain", "description", "evidence_links")}),
        (_("Where it is implemented"), {"fields": ("implemented_in", "declared_global")}),
        (
            _("Assessments (kept by the platform)"),
            {"fields": Practice.FIGURES},
        ),
        (_("Origin"), {"fields": ("created_by", "created_at")}),
    )

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        fields = {
            name: form.cleaned_data[name]
            for name in services.PRACTICE_FIELDS
            if name in form.changed_data
        }
        services.practice_update(
            practice=obj,
            actor=request.user,
            declared_global=form.cleaned_data.get("declared_global"),
            **fields,
        )

    def save_related(self, request, form, formsets, change):
        # Not form.save_m2m(): the service sets the places and recomputes the global flag.
        services.practice_set_places(
            practice=form.instance,
            places=form.cleaned_data.get("implemented_in") or [],
            actor=request.user,
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Read-only: citizens own their assessments. Staff may delete one (abuse)."""

    list_display = (
        "practice",
        "citizen",
        "rating_citizens",
        "rating_collectivities",
        "rating_governments",
        "freedom",
        "updated_at",
    )
    list_filter = ("freedom",)
    search_fields = ("practice__title", "comment")
    list_select_related = ("practice", "citizen")
    readonly_fields = ("practice", "citizen", *Assessment.ANSWER_FIELDS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.assessment_delete(assessment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assessment in queryset.select_related("practice"):
            services.assessment_delete(assessment=assessment, actor=request.user)


class ParticipationInline(admin.TabularInline):
    """Who takes part. Joining and leaving are the organisers' (web and API)."""

    model = Participation
    fields = ("chapter", "joined_at")
    readonly_fields = ("chapter", "joined_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ChallengeAdminForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = ["practice", "title", "kind", "goal", "deadline", "description"]

    def clean(self):
        cleaned = super().clean()
        practice = cleaned.get("practice")
        # The service refuses too; saying it here puts the message on the form.
        if (
            self.instance.pk is None
            and practice is not None
            and not services.practice_can_become_challenge(practice)
        ):
            self.add_error("practice", _("Only a global best practice can become a challenge."))
        if not self.errors:
            fields = {name: cleaned.get(name) for name in services.CHALLENGE_FIELDS}
            try:
                services.clean_challenge_fields(fields, current_deadline=self.instance.deadline)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        return cleaned


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    form = ChallengeAdminForm
    list_display = (
        "title",
        "kind",
        "practice",
        "goal",
        "participant_count",
        "milestone_announced",
        "deadline",
    )
    list_filter = ("kind",)
    search_fields = ("title", "practice__title")
    list_select_related = ("practice",)
    readonly_fields = ("slug", "participant_count", "milestone_announced", "created_at")
    inlines = (ParticipationInline,)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return (*self.readonly_fields, "practice")
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "practice" in form.base_fields:
            form.base_fields["practice"].queryset = Practice.objects.global_best()
        return form

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) for name in services.CHALLENGE_FIELDS}
        if change:
            services.challenge_update(challenge=obj, actor=request.user, **fields)
        else:
            created = services.challenge_create(
                practice=form.cleaned_data["practice"], actor=request.user, **fields
            )
            obj.pk = created.pk
            obj.refresh_from_db()
