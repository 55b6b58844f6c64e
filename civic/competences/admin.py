"""Staff tools for the citizen competence framework: areas, competences with their quiz,
questions with their choices.

Staff holding the Django permissions on these models (superusers, or staff given them) edit
the framework here; nobody else has a door to it. Publishing goes through
``services.competence_publish`` / ``area_publish`` (admin actions, audited), which refuse an
item missing its French texts or a complete quiz; so ``published`` is read-only on the forms
and a new competence starts unpublished. The texts of the framework shipped with civic are
data (``content/competences.yaml``): ``manage.py load_competences`` keeps staff edits, and
``load_competences --update`` writes the file's texts again, so a lasting correction to them
is made in that file. Citizens' learning records (lessons read,
attempts, self-assessments) are not shown here: they are personal, and only aggregates of
them are ever published.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from civic.competences import services
from civic.competences.models import Competence, CompetenceArea, QuizChoice, QuizQuestion


class LinksField(forms.CharField):
    """Further-reading links, one per line: ``https://… | Label | Libellé`` (French optional)."""

    widget = forms.Textarea(attrs={"rows": 3})
    MAX_LINKS = services.MAX_LINKS  # the limit the loader applies too

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
        fields = ["area", "slug", *services.COMPETENCE_FIELDS]


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
    publish_service = staticmethod(services.area_publish)
    unpublish_service = staticmethod(services.area_unpublish)
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
        if len(kept) < services.MIN_QUESTIONS:
            raise ValidationError(
                _("A published competence keeps at least %(n)d questions.")
                % {"n": services.MIN_QUESTIONS}
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
    publish_service = staticmethod(services.competence_publish)
    unpublish_service = staticmethod(services.competence_unpublish)
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
        problems = services.competence_problems(competence)
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
        if len(kept) < services.MIN_CHOICES:
            raise ValidationError(
                _("A question offers at least %(n)d choices.") % {"n": services.MIN_CHOICES}
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
