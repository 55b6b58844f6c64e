"""Admin for places, organisations, bodies, mandates, topics, rules and follows.

The tree holds tens of thousands of places, so the change list is a flat, filtered list
(no tree rendering, no full count) and every relation to a space is an autocomplete.
Every write goes through ``jurisdictions.services`` (``civic.admin.ServiceForm``) and is
audited: new spaces through ``jurisdiction_create`` (the one door that computes the tree
path, label, slug and code), edits of a space's descriptive fields through
``jurisdiction_update``, bodies through ``body_ensure``/``body_update``, offices through
``mandate_assign``/``mandate_update``/``mandate_end`` (they end; they are not deleted) and
who-is-responsible rules through ``responsibility_set``/``responsibility_delete``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from civic.admin import ServiceForm, run_service, with_actor
from jurisdictions import services
from jurisdictions.models import Body, Follow, Jurisdiction, Mandate, Responsibility, Topic
from jurisdictions.services import jurisdiction_create

# Which spaces an autocomplete offers, by the (model, field) asking: see
# ``JurisdictionAdmin.get_search_results``. The add form's ``parent`` picker borrows the
# ``covers`` field's endpoint (both want places).
# Typed addresses without a scheme are public sites: assume https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}

AUTOCOMPLETE_SCOPES = {
    ("jurisdiction", "covers"): "places",
    ("responsibility", "scope"): "places",
    ("responsibility", "organisation"): "organisations",
}


class JurisdictionAddForm(ServiceForm):
    """Creates a space with ``jurisdiction_create`` (``civic.admin.ServiceForm``: its
    refusals — a city without a parent, a code already taken — are form errors)."""

    parent = forms.ModelChoiceField(
        label=_("parent place"),
        queryset=Jurisdiction.objects.places(),
        required=False,
        widget=AutocompleteSelect(Jurisdiction._meta.get_field("covers"), admin.site),
        help_text=_("The place this one belongs to. Leave empty for a nation or an organisation."),
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    code = forms.CharField(
        label=_("code"),
        max_length=120,
        required=False,
        help_text=_("ISO 3166 code when there is one (“FR-75”). Left empty, one is made up."),
    )

    class Meta:
        model = Jurisdiction
        fields = [
            "name",
            "kind",
            "parent",
            "code",
            "country_code",
            "population",
            "website",
            "contact_email",
            "description",
            "covers",
        ]

    def run_service(self):
        data = self.cleaned_data
        fields = {
            "website": data.get("website", ""),
            "contact_email": data.get("contact_email", ""),
            "description": data.get("description", ""),
        }
        if data.get("parent") is None:  # below a parent, the country comes from the parent
            fields["country_code"] = data.get("country_code", "").upper()
        return jurisdiction_create(
            name=data["name"],
            kind=data["kind"],
            parent=data.get("parent"),
            code=data.get("code", ""),
            population=data.get("population"),
            covers=data.get("covers") or (),
            actor=self.actor,
            **fields,
        )


class JurisdictionChangeForm(ServiceForm):
    class Meta:
        model = Jurisdiction
        fields = list(services.SPACE_FIELDS)

    def run_service(self):
        changed = {name: self.cleaned_data[name] for name in self.changed_data}
        return services.jurisdiction_update(space=self.instance, actor=self.actor, **changed)


class BodyForm(ServiceForm):
    class Meta:
        model = Body
        fields = ["space", *services.BODY_FIELDS]

    def run_service(self):
        data = {name: self.cleaned_data[name] for name in services.BODY_FIELDS}
        if self.instance.pk:
            return services.body_update(body=self.instance, actor=self.actor, **data)
        space, name = self.cleaned_data["space"], data.pop("name")
        if Body.objects.filter(space=space, name=name).exists():
            raise ValidationError({"name": _("This space already has a body of that name.")})
        return services.body_ensure(space=space, name=name, actor=self.actor, **data)


class BodyChangeForm(BodyForm):
    class Meta(BodyForm.Meta):
        fields = list(services.BODY_FIELDS)  # a body never moves to another space


class MandateForm(ServiceForm):
    class Meta:
        model = Mandate
        fields = ["citizen", "body", *services.MANDATE_FIELDS]

    def run_service(self):
        data = {name: self.cleaned_data.get(name) for name in services.MANDATE_FIELDS}
        return services.mandate_assign(
            citizen=self.cleaned_data["citizen"],
            body=self.cleaned_data["body"],
            role=data["role"],
            title=data["title"] or "",
            start_date=data["start_date"],
            end_date=data["end_date"],
            actor=self.actor,
        )


class MandateChangeForm(ServiceForm):
    class Meta:
        model = Mandate
        fields = list(services.MANDATE_FIELDS)  # the holder and the body stay

    def run_service(self):
        changed = {name: self.cleaned_data[name] for name in self.changed_data}
        return services.mandate_update(mandate=self.instance, actor=self.actor, **changed)


class ResponsibilityForm(ServiceForm):
    class Meta:
        model = Responsibility
        fields = ["topic", "scope", "level", "organisation", "body_kind", "source_note"]

    def run_service(self):
        data = self.cleaned_data
        return services.responsibility_set(
            topic=data["topic"],
            scope=data["scope"],
            level=data.get("level") or "",
            organisation=data.get("organisation"),
            body_kind=data.get("body_kind") or "",
            source_note=data.get("source_note") or "",
            actor=self.actor,
            replacing=self.instance if self.instance.pk else None,
        )


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "population", "follower_count")
    list_filter = ("kind", "country_code")
    search_fields = ("name", "label", "code")
    autocomplete_fields = ("covers",)
    # ~15,000 rows: no COUNT(*) of the whole table on each page, no tree rendering.
    show_full_result_count = False
    list_per_page = 50
    ordering = ("path",)  # tree order (a nation, then its regions…), on the unique path index
    formfield_overrides = URL_FIELDS
    add_fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "code", "country_code")}),
        (_("Details"), {"fields": ("population", "website", "contact_email", "description")}),
        (_("Organisations"), {"fields": ("covers",)}),
    )
    fieldsets = (
        (None, {"fields": ("name", "label", "kind", "population")}),
        (_("Contact"), {"fields": ("website", "contact_email", "description")}),
        (_("Organisations"), {"fields": ("covers",)}),
        (
            _("Place in the tree"),
            {
                "classes": ("collapse",),
                "fields": ("slug", "code", "country_code", "path", "depth", "numchild"),
            },
        ),
        (_("Followers"), {"fields": ("follower_count",)}),
    )
    # Computed by jurisdiction_create or kept by the follow services: never typed by hand.
    change_readonly_fields = (
        "label",
        "kind",
        "slug",
        "code",
        "country_code",
        "path",
        "depth",
        "numchild",
        "follower_count",
    )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.change_readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = JurisdictionChangeForm if obj is not None else JurisdictionAddForm
        kwargs["form"] = with_actor(form, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        """The form's service already saved it (``ServiceForm``)."""

    def save_related(self, request, form, formsets, change):
        """Covers are set by the service."""

    def get_search_results(self, request, queryset, search_term):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            scope = AUTOCOMPLETE_SCOPES.get(
                (request.GET.get("model_name"), request.GET.get("field_name"))
            )
            if scope == "places":
                queryset = queryset.places()
            elif scope == "organisations":
                queryset = queryset.organisations()
            if search_term:
                # Best match first (exact name, prefix, then larger places), as in the API.
                return queryset.search(search_term), False
        return super().get_search_results(request, queryset, search_term)


class MandateInline(admin.TabularInline):
    """The body's offices. Saved through ``mandate_assign`` and ``mandate_update``
    (``BodyAdmin.save_formset``: audited); an office ends, it is not deleted."""

    model = Mandate
    extra = 0
    fields = ("citizen", "role", "title", "start_date", "end_date")
    autocomplete_fields = ("citizen",)
    can_delete = False


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "space", "kind", "contact_email")
    list_filter = ("kind",)
    list_select_related = ("space",)
    search_fields = ("name", "space__label")
    autocomplete_fields = ("space",)
    formfield_overrides = URL_FIELDS
    inlines = [MandateInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = with_actor(BodyChangeForm if obj is not None else BodyForm, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        """The form's service already saved it (``ServiceForm``)."""

    def save_formset(self, request, form, formset, change):
        """The offices typed inline go through the mandate services, like the mandates'
        own pages (validated by the formset already; the admin's transaction holds)."""
        # What the admin's history message reads (as ``BaseModelFormSet.save`` sets them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline in formset.forms:
            if not inline.has_changed() or not hasattr(inline, "cleaned_data"):
                continue
            data = {name: inline.cleaned_data.get(name) for name in services.MANDATE_FIELDS}
            if inline.instance.pk:
                changed = {name: data[name] for name in inline.changed_data if name in data}
                mandate = services.mandate_update(
                    mandate=inline.instance, actor=request.user, **changed
                )
                formset.changed_objects.append((mandate, list(changed)))
            else:
                mandate = services.mandate_assign(
                    citizen=inline.cleaned_data["citizen"],
                    body=form.instance,
                    role=data["role"],
                    title=data["title"] or "",
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    actor=request.user,
                )
                formset.new_objects.append(mandate)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a body keeps its history of offices; rename or describe it instead


class ActiveMandateFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("In force today")), ("no", _("Ended or not started"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.active()
        if self.value() == "no":
            return queryset.exclude(pk__in=Mandate.objects.active().values("pk"))
        return queryset


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ("citizen", "title", "role", "body", "start_date", "end_date", "in_force")
    list_filter = ("role", ActiveMandateFilter)
    list_select_related = ("citizen", "body__space")
    search_fields = ("citizen__email", "citizen__display_name", "body__name")
    autocomplete_fields = ("citizen", "body")
    date_hierarchy = "start_date"
    actions = ["end_today"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = with_actor(MandateChangeForm if obj is not None else MandateForm, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        """The form's service already saved it (``ServiceForm``)."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # offices end (who held which office stays on record); they are not erased

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("End the selected mandates today"), permissions=["change"])
    def end_today(self, request, queryset):
        run_service(
            self,
            request,
            queryset.select_related("citizen", "body__space"),
            lambda mandate: services.mandate_end(mandate=mandate, actor=request.user),
            done_message=lambda n: (
                ngettext("%(n)d mandate ended.", "%(n)d mandates ended.", n) % {"n": n}
            ),
        )

    @admin.display(boolean=True, description=_("in force"))
    def in_force(self, mandate: Mandate) -> bool:
        return mandate.is_active(timezone.localdate())


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_fr", "domain", "slug")
    list_filter = ("domain",)
    search_fields = ("name_en", "name_fr", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ("topic", "scope", "level", "organisation", "body_kind")
    list_filter = ("topic__domain", "level")
    list_select_related = ("topic", "scope", "organisation")
    search_fields = ("topic__name_en", "topic__name_fr", "scope__label", "organisation__name")
    autocomplete_fields = ("topic", "scope", "organisation")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = with_actor(ResponsibilityForm, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        """The form's service already saved it (``ServiceForm``)."""

    def delete_model(self, request, obj):
        services.responsibility_delete(rule=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for rule in queryset.select_related("topic", "scope"):
            services.responsibility_delete(rule=rule, actor=request.user)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Staff can look (support questions, counts), not edit: follows belong to citizens."""

    list_display = ("citizen", "space", "automatic", "created_at")
    list_filter = ("automatic",)
    list_select_related = ("citizen", "space")
    search_fields = ("citizen__email", "space__label")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
