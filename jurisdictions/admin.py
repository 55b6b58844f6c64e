"""Admin for places, organisations, bodies, mandates, topics, rules and follows.

The tree holds tens of thousands of places, so the change list is a flat, filtered list
(no tree rendering, no full count) and every relation to a space is an autocomplete.
New spaces go through ``jurisdiction_create`` (the one door that computes the tree path,
label, slug and code); editing a space changes only its descriptive fields.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


class JurisdictionAddForm(forms.ModelForm):
    """Creates a space with ``jurisdiction_create``.

    The service runs at the end of validation, inside a savepoint, so that its
    ``ValidationError``s (a city without a parent, a code already taken) come back as form
    errors instead of a server error. The admin wraps the whole add view in a transaction,
    so nothing stays behind if a later step fails.
    """

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

    def _post_clean(self):
        # Replaces ModelForm's instance building: the service builds (and saves) the space.
        if self._errors:
            return
        data = self.cleaned_data
        fields = {
            "website": data.get("website", ""),
            "contact_email": data.get("contact_email", ""),
            "description": data.get("description", ""),
        }
        if data.get("parent") is None:  # below a parent, the country comes from the parent
            fields["country_code"] = data.get("country_code", "").upper()
        try:
            with transaction.atomic():
                self.instance = jurisdiction_create(
                    name=data["name"],
                    kind=data["kind"],
                    parent=data.get("parent"),
                    code=data.get("code", ""),
                    population=data.get("population"),
                    covers=data.get("covers") or (),
                    **fields,
                )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else NON_FIELD_ERRORS, messages)

    def save(self, commit=True):
        """The space already exists (``_post_clean``); covers are set by the service."""
        self.save_m2m = lambda: None
        return self.instance


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
        if obj is None:
            kwargs["form"] = JurisdictionAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:  # on add, JurisdictionAddForm has already created the space
            super().save_model(request, obj, form, change)

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
    model = Mandate
    extra = 0
    fields = ("citizen", "role", "title", "start_date", "end_date")
    autocomplete_fields = ("citizen",)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "space", "kind", "contact_email")
    list_filter = ("kind",)
    list_select_related = ("space",)
    search_fields = ("name", "space__label")
    autocomplete_fields = ("space",)
    formfield_overrides = URL_FIELDS
    inlines = [MandateInline]


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
