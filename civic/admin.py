"""Admin for citizens (an email-login ``UserAdmin``), and what every app's admin shares.

Gender is deliberately absent from every list, filter, search and form here: it is
self-declared for aggregate balance statistics only and must never be read per person.

``ReadOnlyAdmin`` and ``run_service`` are the base of the participation, audit and other
admins whose rows only services write: staff look, and the admin's actions call the same
services as the web and the API, one item at a time.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from civic.forms import add_service_error
from civic.models import Citizen
from civic.rules import is_platform_staff
from civic.services import citizen_erase


class ReadOnlyMixin:
    """Platform staff (and staff granted Django's view permission) may look; nobody may add,
    change or delete (writes are services)."""

    def has_module_permission(self, request) -> bool:
        return is_platform_staff(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_platform_staff(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """A model whose rows only services write; its actions call those services."""

    show_full_result_count = False
    list_per_page = 50

    def has_act_permission(self, request) -> bool:
        """Who is offered the actions; each service checks each item again."""
        return is_platform_staff(request.user)


class ServiceForm(forms.ModelForm):
    """An admin ModelForm that saves through a service: subclasses define ``run_service()``.

    The service runs at the end of validation, in a savepoint of the admin's transaction,
    so its ``ValidationError`` comes back as form errors (``civic.forms.add_service_error``),
    never as a server error; ``save()`` returns what it saved. ``actor`` (who acts) is set
    by ``with_actor`` in ``ModelAdmin.get_form``.
    """

    actor = None

    def run_service(self):
        raise NotImplementedError

    def _post_clean(self):
        # Replaces ModelForm's instance building: the service builds (and saves) the object.
        if self._errors:
            return
        try:
            with transaction.atomic():
                self.instance = self.run_service()
        except ValidationError as error:
            add_service_error(self, error)

    def save(self, commit=True):
        """The service already saved (``_post_clean``)."""
        self.save_m2m = lambda: None
        return self.instance


def with_actor(form_class, request):
    """``form_class`` bound to ``request.user`` as the acting citizen of its service."""
    return type(form_class.__name__, (form_class,), {"actor": request.user})


def run_service(modeladmin, request, objects, call, *, done_message) -> None:
    """Call ``call(obj)`` for each selected object; report successes and refusals.

    ``call`` returns True when it changed something. A service's ``ValidationError`` or
    ``PermissionDenied`` skips that object (with its message) and the others go on: each
    service is its own transaction.
    """
    changed = unchanged = 0
    for obj in objects:
        try:
            if call(obj):
                changed += 1
            else:
                unchanged += 1
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", [str(error)]))
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
    if changed:
        modeladmin.message_user(request, done_message(changed), messages.SUCCESS)
    if unchanged:
        modeladmin.message_user(
            request,
            ngettext("%(n)d item needed no change.", "%(n)d items needed no change.", unchanged)
            % {"n": unchanged},
            messages.INFO,
        )


class CitizenCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Citizen
        fields = ("email", "display_name")

    def clean_email(self) -> str:
        # Citizen emails are stored lower-cased (CitizenManager); keep the admin consistent so
        # that "Ana@Example.org" cannot become a second account next to "ana@example.org".
        email = Citizen.objects.normalize_email(self.cleaned_data["email"]).lower()
        if Citizen.objects.filter(email__iexact=email).exists():
            raise self.instance.unique_error_message(Citizen, ["email"])
        return email


class CitizenChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Citizen
        fields = "__all__"


class DeletedFilter(admin.SimpleListFilter):
    title = _("erased")
    parameter_name = "erased"

    def lookups(self, request, model_admin):
        return [("yes", _("Erased accounts")), ("no", _("Current accounts"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        return queryset


@admin.register(Citizen)
class CitizenAdmin(UserAdmin):
    form = CitizenChangeForm
    add_form = CitizenCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language", "home")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "deleted_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = (
        "email",
        "display_name",
        "preferred_language",
        "home",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_select_related = ("home",)
    list_filter = (
        "is_active",
        "is_staff",
        "is_superuser",
        DeletedFilter,
        "preferred_language",
        "groups",
    )
    search_fields = ("email", "display_name")
    ordering = ("-date_joined",)
    date_hierarchy = "date_joined"
    raw_id_fields = ("home",)
    exclude = ("gender",)  # also from forms built outside the fieldsets
    actions = ["erase_citizens"]

    def lookup_allowed(self, lookup, value, request=None):
        # A declared gender is for the 50/50 aggregates only: no filter on it, not even one
        # typed into the address (``?gender=woman`` is a 400, as any refused lookup is).
        if lookup.split("__")[0] == "gender":
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined", "deleted_at"]
        if obj is not None:
            # Email changes go through allauth (a confirmation link to the new address), which
            # keeps the verified EmailAddress rows in step with Citizen.email.
            readonly.append("email")
        return readonly

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Deleting the row would also delete the citizen's public contributions; erasure
        # keeps them, signed "deleted citizen".
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Erase the personal data of the selected citizens"))
    def erase_citizens(self, request, queryset):
        erased = 0
        for citizen in queryset.filter(deleted_at__isnull=True).exclude(pk=request.user.pk):
            citizen_erase(citizen=citizen, actor=request.user)
            erased += 1
        self.message_user(
            request,
            ngettext("%(count)d citizen was erased.", "%(count)d citizens were erased.", erased)
            % {"count": erased},
            messages.SUCCESS,
        )
