"""Staff tools for practices, assessments and challenges.

Every change goes through ``challenges.services`` (the same doors as the web and the API):
editing a practice or its places recomputes its global flag, deleting an assessment
recomputes the aggregates, creating a challenge refuses a practice that is not a global
best practice. Practices are proposed by citizens on the site (``/practices/new/``), so the
admin edits them but does not add them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from challenges import competences_services, services
from challenges.forms import EvidenceLinksField
from challenges.models import (
    Assessment,
    Challenge,
    Competence,
    CompetenceArea,
    Participation,
    Practice,
    QuizChoice,
    QuizQuestion,
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
    readonly_fields = (
        "slug",
        "created_by",
        "created_at",
        "assessment_count",
        "mean_citizens",
        "mean_collectivities",
        "mean_governments",
        "freedom_yes_count",
        "is_best_practice",
        "is_global",
    )
    fieldsets = (
        (None, {"fields": ("title", "slug", "domain", "description", "evidence_links")}),
        (_("Where it is implemented"), {"fields": ("implemented_in", "declared_global")}),
        (
            _("Assessments (kept by the platform)"),
            {
                "fields": (
                    "assessment_count",
                    "mean_citizens",
                    "mean_collectivities",
                    "mean_governments",
                    "freedom_yes_count",
                    "is_best_practice",
                    "is_global",
                )
            },
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
    readonly_fields = (
        "practice",
        "citizen",
        "rating_citizens",
        "rating_collectivities",
        "rating_governments",
        "freedom",
        "comment",
        "created_at",
        "updated_at",
    )

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


# --- Citizen competences: the framework ------------------------------------------------------
#
# Staff holding the Django permissions on these models (superusers, or staff given them) edit
# the framework here; nobody else has a door to it. Publishing goes through
# ``competences_services.competence_publish`` / ``area_publish`` (admin actions), which refuse
# an item missing its French texts or a complete quiz; so ``published`` is read-only on the
# forms and a new competence starts unpublished. Citizens' learning records (lessons read,
# attempts, self-assessments) are not shown here: they are personal, and only aggregates of
# them are ever published.


class LinksField(forms.CharField):
    """Further-reading links, one per line: ``https://… | Label | Libellé`` (French optional)."""

    widget = forms.Textarea(attrs={"rows": 3})
    MAX_LINKS = 10

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _(
                "One link per line: the address, then | and its label, then optionally | and "
                "its French label."
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            lines = []
            for link in value:
                if isinstance(link, dict):
                    parts = [link.get("url", ""), link.get("label", "")]
                    if link.get("label_fr"):
                        parts.append(link["label_fr"])
                    lines.append(" | ".join(parts))
            return "\n".join(lines)
        return value

    def to_python(self, value):
        from django.core.validators import URLValidator

        text = super().to_python(value) or ""
        links = []
        validate = URLValidator(schemes=["http", "https"])
        for line in text.splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            url, label = parts[0], (parts[1] if len(parts) > 1 else "")
            try:
                validate(url)
            except ValidationError:
                raise ValidationError(
                    _("“%(url)s” is not a web address (http or https).") % {"url": url[:80]}
                ) from None
            link = {"url": url, "label": label or url}
            if len(parts) > 2 and parts[2]:
                link["label_fr"] = parts[2]
            links.append(link)
        if len(links) > self.MAX_LINKS:
            raise ValidationError(_("At most %(n)d links.") % {"n": self.MAX_LINKS})
        return links


class CompetenceAdminForm(forms.ModelForm):
    links = LinksField(label=_("Links"))

    class Meta:
        model = Competence
        fields = [
            "area",
            "slug",
            "order",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "lesson_en",
            "lesson_fr",
            "links",
        ]


def _report_each(modeladmin, request, queryset, service, done_text) -> None:
    changed = 0
    for item in queryset:
        try:
            changed += bool(service(actor=request.user, **{modeladmin.service_arg: item}))
        except ValidationError as error:
            modeladmin.message_user(request, f"{item}: {' '.join(error.messages)}", messages.ERROR)
    if changed:
        modeladmin.message_user(request, done_text % {"count": changed}, messages.SUCCESS)
    else:
        modeladmin.message_user(request, _("Nothing was changed."), messages.INFO)


class PublishActions:
    """Publish / unpublish actions through the services (they check the permission)."""

    publish_service = None
    unpublish_service = None
    service_arg = ""

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def publish(self, request, queryset):
        _report_each(self, request, queryset, type(self).publish_service, _("%(count)d published."))

    @admin.action(description=_("Unpublish the selected items"), permissions=["change"])
    def unpublish(self, request, queryset):
        _report_each(
            self, request, queryset, type(self).unpublish_service, _("%(count)d unpublished.")
        )


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(PublishActions, admin.ModelAdmin):
    list_display = ("name_en", "name_fr", "kind", "order", "published")
    list_editable = ("order",)
    readonly_fields = ("published",)
    fields = (
        "kind",
        "name_en",
        "name_fr",
        "description_en",
        "description_fr",
        "order",
        "published",
    )
    actions = ("publish", "unpublish")
    publish_service = staticmethod(competences_services.area_publish)
    unpublish_service = staticmethod(competences_services.area_unpublish)
    service_arg = "area"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.published = False  # published through the action, once French is there
        super().save_model(request, obj, form, change)


class QuestionInlineFormSet(forms.BaseInlineFormSet):
    """A published competence keeps a complete quiz: enough questions, none without choices."""

    def clean(self):
        super().clean()
        competence = self.instance
        if competence.pk is None or not competence.published:
            return
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if any(form.instance.pk is None for form in kept):
            raise ValidationError(
                _(
                    "This competence is published: add a question from the quiz questions page, "
                    "together with its choices, or unpublish the competence first."
                )
            )
        if len(kept) < competences_services.MIN_QUESTIONS:
            raise ValidationError(
                _("A published competence keeps at least %(n)d questions.")
                % {"n": competences_services.MIN_QUESTIONS}
            )


class QuizQuestionInline(admin.StackedInline):
    model = QuizQuestion
    formset = QuestionInlineFormSet
    fields = ("order", "text_en", "text_fr", "explanation_en", "explanation_fr")
    extra = 0
    show_change_link = True  # the choices are edited on the question's page


@admin.register(Competence)
class CompetenceAdmin(PublishActions, admin.ModelAdmin):
    form = CompetenceAdminForm
    list_display = ("title_en", "area", "order", "published", "question_count")
    list_editable = ("order",)
    list_filter = ("area", "published")
    list_select_related = ("area",)
    search_fields = ("title_en", "title_fr", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    readonly_fields = ("published", "readiness")
    inlines = (QuizQuestionInline,)
    actions = ("publish", "unpublish")
    publish_service = staticmethod(competences_services.competence_publish)
    unpublish_service = staticmethod(competences_services.competence_unpublish)
    service_arg = "competence"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_questions=Count("questions"))

    @admin.display(description=_("questions"), ordering="n_questions")
    def question_count(self, competence) -> int:
        return competence.n_questions

    @admin.display(description=_("ready to publish"))
    def readiness(self, competence) -> str:
        if competence.pk is None:
            return _("Save it, then add its quiz.")
        problems = competences_services.competence_problems(competence)
        return " ".join(str(p) for p in problems) if problems else _("Yes.")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.published = False  # published through the action, once complete
        super().save_model(request, obj, form, change)


class ChoiceInlineFormSet(forms.BaseInlineFormSet):
    """Every question offers at least two choices, at least one of them right."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) < competences_services.MIN_CHOICES:
            raise ValidationError(
                _("A question offers at least %(n)d choices.")
                % {"n": competences_services.MIN_CHOICES}
            )
        if not any(data.get("is_correct") for data in kept):
            raise ValidationError(_("Mark at least one choice as right."))


class QuizChoiceInline(admin.TabularInline):
    model = QuizChoice
    formset = ChoiceInlineFormSet
    fields = ("order", "text_en", "text_fr", "is_correct")
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None else 0


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ("text_en", "competence", "order")
    list_filter = ("competence__area", "competence")
    list_select_related = ("competence",)
    search_fields = ("text_en", "text_fr", "competence__title_en")
    fields = ("competence", "order", "text_en", "text_fr", "explanation_en", "explanation_fr")
    inlines = (QuizChoiceInline,)
