"""The organisers' admin (``/organisers/``) and the chapters pages of the staff admin.

**Who enters.** Chapter organisers are not staff: ``is_staff`` opens the whole Django admin,
whose other apps are none of their business. So organisers get their own admin site,
``organiser_site``, whose door is ``chapters.use_organiser_admin`` (an active organiser of
at least one chapter, or a chapters administrator): no flag or group to grant, nothing left
behind when someone stops organising — the power follows the ``Membership`` role, at once.
It registers the chapters models only, so an organiser sees nothing of any other app.
Signing in goes through the site's normal login (allauth: rate limits, verified email) and
comes back here.

**What they see.** The same ``ModelAdmin`` classes serve both sites and scope every read and
write on one question, asked per request: is this user a *chapters administrator* (a
superuser, or staff holding the global Django permission on the model, e.g.
``chapters.change_chapter``) or an *organiser*? Administrators see everything; an organiser
sees only the chapters they organise, their memberships and meetings:

- ``get_queryset`` is filtered, so other chapters' objects are absent from lists and their
  change, history and delete pages redirect to the index ("does not exist");
- ``has_view/change/delete_permission(obj)`` check the object's chapter;
- ``formfield_for_foreignkey`` offers only their chapters (a meeting cannot be moved to, or
  created in, another chapter), and the list filters name only their chapters.

Staff who are neither see no chapters page at all.

**Writes** go through ``chapters.services`` (the one door): forms run the service during
validation, inside the admin's transaction, so its messages show next to the fields; actions
approve and decline requests (the citizen is told), remove members and export the member
list as CSV — emails only of members who agreed to share theirs.
"""

from __future__ import annotations

import csv

import rules
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from chapters import selectors, services
from chapters.models import Chapter, Meeting, Membership
from civic.admin import ServiceForm, with_actor
from civic.models import Citizen
from jurisdictions.models import Jurisdiction

# --- The organisers' site -------------------------------------------------------------------


class OrganiserAdminSite(admin.AdminSite):
    site_header = gettext_lazy("civic — chapter organisers")
    site_title = gettext_lazy("civic organisers")
    index_title = gettext_lazy("Your chapters")

    def has_permission(self, request) -> bool:
        return rules.has_perm("chapters.use_organiser_admin", request.user)

    def login(self, request, extra_context=None):
        """Sign in on the site's own login page, then come back; 403 for non-organisers."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = ""
        next_url = next_url or reverse("organisers:index", current_app=self.name)
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(next_url)
            raise PermissionDenied(_("This space is for the organisers of a chapter."))
        return redirect_to_login(next_url, settings.LOGIN_URL)


organiser_site = OrganiserAdminSite(name="organisers")


# --- Scoping --------------------------------------------------------------------------------


def organised_chapter_ids(request) -> frozenset[int]:
    """The ids of the chapters the signed-in user organises (one query per request)."""
    cached = getattr(request, "_organised_chapter_ids", None)
    if cached is None:
        user = request.user
        cached = frozenset(
            selectors.chapters_organised_by(user).values_list("pk", flat=True)
            if user.is_authenticated and user.is_active
            else ()
        )
        request._organised_chapter_ids = cached
    return cached


def is_global(request, model, *actions: str) -> bool:
    """A chapters administrator for ``model``: a superuser or a holder of the global Django
    permission (``chapters.<action>_<model>``). ``is_staff`` alone never is."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return False
    return any(user.has_perm(f"chapters.{action}_{model._meta.model_name}") for action in actions)


class ChapterScopedAdmin(admin.ModelAdmin):
    """Reads and writes limited to the organiser's chapters (see the module docstring)."""

    # The lookup from this model to its chapter, for the organiser's queryset.
    chapter_lookup = "chapter"

    def chapter_id_of(self, obj) -> int:
        return obj.chapter_id

    def _organises(self, request, obj=None) -> bool:
        ids = organised_chapter_ids(request)
        return bool(ids) if obj is None else self.chapter_id_of(obj) in ids

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_global(request, self.model, "view", "change"):
            return queryset
        return queryset.filter(**{f"{self.chapter_lookup}__in": organised_chapter_ids(request)})

    def has_module_permission(self, request) -> bool:
        return request.user.has_module_perms("chapters") or self._organises(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_global(request, self.model, "view", "change") or self._organises(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_global(request, self.model, "change") or self._organises(request, obj)

    def scoped_chapters(self, request):
        if is_global(request, Chapter, "view", "change"):
            return Chapter.objects.all()
        return Chapter.objects.filter(pk__in=organised_chapter_ids(request))


class ChapterListFilter(admin.SimpleListFilter):
    """Filter by chapter, naming only the chapters the user may see."""

    title = gettext_lazy("chapter")
    parameter_name = "chapter"

    def lookups(self, request, model_admin):
        return [
            (str(chapter.pk), chapter.name)
            for chapter in model_admin.scoped_chapters(request).only("name").order_by("name")
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(chapter_id=int(value))
        return queryset


# --- CSV export -----------------------------------------------------------------------------

# A cell starting with one of these is a formula to a spreadsheet: neutralise it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def members_csv(memberships, *, filename: str) -> HttpResponse:
    """The active members among ``memberships`` as CSV.

    Emails appear only for members who agreed to share theirs with the organisers
    (``Membership.share_email``); the column is empty for the others.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # spreadsheets then read the names as UTF-8
    writer = csv.writer(response)
    writer.writerow([_("Chapter"), _("Name"), _("Role"), _("Member since"), _("Email")])
    for membership in selectors.members_for_export(memberships):
        writer.writerow(
            [
                _cell(membership.chapter.name),
                _cell(membership.citizen.public_name),
                membership.get_role_display(),
                timezone.localtime(membership.created_at).date().isoformat(),
                _cell(membership.citizen.email) if membership.share_email else "",
            ]
        )
    return response


def _export_name(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate().isoformat()}.csv"


# --- Chapters -------------------------------------------------------------------------------


class ChapterAddForm(ServiceForm):
    """Staff create a chapter through ``chapter_create`` (population rule, one per place)."""

    organiser_email = forms.EmailField(
        label=gettext_lazy("First organiser (email)"),
        required=False,
        help_text=gettext_lazy("A citizen's account email. Leave empty to name organisers later."),
    )

    class Meta:
        model = Chapter
        fields = ["space", "kind", "name", "description", "policy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only places that can have a chapter: nations, and cities above the minimum.
        self.fields["space"].queryset = Jurisdiction.objects.filter(
            Q(kind=Jurisdiction.Kind.NATION)
            | Q(kind=Jurisdiction.Kind.CITY, population__gt=settings.CHAPTER_MIN_POPULATION)
        ).order_by("label")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty for “<place> chapter”.")

    def clean_organiser_email(self):
        email = self.cleaned_data.get("organiser_email", "").strip().lower()
        if not email:
            return None
        citizen = Citizen.objects.filter(email__iexact=email, is_active=True).first()
        if citizen is None:
            raise ValidationError(_("No active citizen has this email address."))
        return citizen

    def run_service(self):
        data = self.cleaned_data
        return services.chapter_create(
            actor=self.actor,
            space=data["space"],
            kind=data["kind"],
            name=data.get("name", ""),
            description=data.get("description", ""),
            policy=data["policy"],
            organiser=data.get("organiser_email"),
        )


class ChapterChangeForm(ServiceForm):
    class Meta:
        model = Chapter
        fields = ["name", "description", "policy"]

    def run_service(self):
        chapter = Chapter.objects.get(pk=self.instance.pk)
        return services.chapter_update(
            actor=self.actor,
            chapter=chapter,
            **{name: self.cleaned_data[name] for name in services.CHAPTER_FIELDS},
        )


class ChapterAdmin(ChapterScopedAdmin):
    chapter_lookup = "pk"
    list_display = ("name", "kind", "space", "policy", "member_count", "created_at")
    list_filter = ("kind", "policy")
    list_select_related = ("space",)
    search_fields = ("name", "space__name")
    ordering = ("name",)
    actions = ["export_members"]
    add_fieldsets = (
        (None, {"fields": ("space", "kind", "name", "description", "policy")}),
        (gettext_lazy("Organiser"), {"fields": ("organiser_email",)}),
    )
    fieldsets = (
        (None, {"fields": ("name", "description", "policy")}),
        (
            gettext_lazy("Set when the chapter was created"),
            {"fields": ("space", "kind", "slug", "member_count", "created_at")},
        ),
    )
    readonly_fields = ("space", "kind", "slug", "member_count", "created_at")

    def chapter_id_of(self, obj) -> int:
        return obj.pk

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = with_actor(ChapterChangeForm if obj else ChapterAddForm, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def has_add_permission(self, request) -> bool:
        # Citizens start chapters from the place's page; in the admin, administrators only.
        return is_global(request, Chapter, "add")

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting would silently drop its memberships, forum and challenge participations
        # (and the challenges' counts): closing a chapter is a decision for the civic team.
        return False

    def save_model(self, request, obj, form, change):
        """The form's service already saved."""

    @admin.action(description=gettext_lazy("Export the members (CSV)"), permissions=["view"])
    def export_members(self, request, queryset):
        chapters = (
            queryset
            if is_global(request, Chapter, "view", "change")
            else (queryset.filter(pk__in=organised_chapter_ids(request)))
        )
        return members_csv(
            Membership.objects.filter(chapter__in=chapters), filename=_export_name("members")
        )


# --- Memberships ----------------------------------------------------------------------------


class MembershipChangeForm(ServiceForm):
    class Meta:
        model = Membership
        fields = ["role"]

    def run_service(self):
        membership = Membership.objects.select_related("chapter").get(pk=self.instance.pk)
        if "role" in self.changed_data:
            services.membership_set_role(
                actor=self.actor, membership=membership, role=self.cleaned_data["role"]
            )
            membership.refresh_from_db()
        return membership


class MembershipAdmin(ChapterScopedAdmin):
    list_display = (
        "member",
        "chapter",
        "role",
        "status",
        "shared_email",
        "created_at",
        "decided_at",
    )
    list_filter = ("status", "role", ChapterListFilter)
    list_select_related = ("citizen", "chapter")
    # Names only: searching by email would reveal the address of members who did not share it.
    search_fields = ("citizen__display_name", "chapter__name")
    ordering = ("-created_at",)
    actions = ["approve_requests", "reject_requests", "remove_members", "export_members"]
    fields = (
        "member",
        "chapter",
        "role",
        "status",
        "shared_email",
        "created_at",
        "decided_at",
        "decider",
    )
    readonly_fields = (
        "member",
        "chapter",
        "status",
        "shared_email",
        "created_at",
        "decided_at",
        "decider",
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = with_actor(MembershipChangeForm, request)
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=gettext_lazy("member"), ordering="citizen__display_name")
    def member(self, membership) -> str:
        return membership.citizen.public_name

    @admin.display(description=gettext_lazy("email (if shared)"))
    def shared_email(self, membership) -> str:
        return membership.citizen.email if membership.share_email else "—"

    @admin.display(description=gettext_lazy("decided by"))
    def decider(self, membership) -> str:
        return membership.decided_by.public_name if membership.decided_by_id else "—"

    def has_add_permission(self, request) -> bool:
        return False  # citizens join from the chapter's page

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # "Remove from the chapter" keeps the member count and organisers right

    def save_model(self, request, obj, form, change):
        """The form's service already saved."""

    def _each(self, request, queryset, service) -> int:
        """Call ``service`` on each membership; report refusals; return how many changed."""
        changed = 0
        for membership in queryset.select_related("chapter__space", "citizen"):
            try:
                if service(actor=request.user, membership=membership):
                    changed += 1
            except (ValidationError, PermissionDenied) as error:
                detail = " ".join(getattr(error, "messages", [])) or _("Not allowed.")
                self.message_user(
                    request, f"{membership.citizen.public_name}: {detail}", messages.ERROR
                )
        return changed

    def _report(self, request, changed: int, text: str) -> None:
        if changed:
            self.message_user(request, text, messages.SUCCESS)
        else:
            self.message_user(request, _("Nothing was changed."), messages.INFO)

    @admin.action(description=gettext_lazy("Approve the selected requests"), permissions=["change"])
    def approve_requests(self, request, queryset):
        pending = queryset.filter(status=Membership.Status.PENDING)
        n = self._each(request, pending, services.membership_approve)
        text = ngettext(
            "%(count)d request approved: the citizen was told.",
            "%(count)d requests approved: the citizens were told.",
            n,
        )
        self._report(request, n, text % {"count": n})

    @admin.action(description=gettext_lazy("Decline the selected requests"), permissions=["change"])
    def reject_requests(self, request, queryset):
        pending = queryset.filter(status=Membership.Status.PENDING)
        n = self._each(request, pending, services.membership_reject)
        text = ngettext(
            "%(count)d request declined: the citizen was told.",
            "%(count)d requests declined: the citizens were told.",
            n,
        )
        self._report(request, n, text % {"count": n})

    @admin.action(
        description=gettext_lazy("Remove the selected members from their chapter"),
        permissions=["change"],
    )
    def remove_members(self, request, queryset):
        current = queryset.exclude(status=Membership.Status.REJECTED)
        n = self._each(request, current, services.membership_remove)
        text = ngettext("%(count)d member removed.", "%(count)d members removed.", n)
        self._report(request, n, text % {"count": n})

    @admin.action(
        description=gettext_lazy("Export the selected members (CSV)"), permissions=["view"]
    )
    def export_members(self, request, queryset):
        return members_csv(queryset, filename=_export_name("members"))


# --- Meetings -------------------------------------------------------------------------------


class MeetingForm(ServiceForm):
    class Meta:
        model = Meeting
        fields = ["chapter", *services.MEETING_FIELDS]

    def run_service(self):
        data = {name: self.cleaned_data.get(name) for name in services.MEETING_FIELDS}
        for name in ("description", "place", "online_url"):
            data[name] = data[name] or ""
        if self.instance.pk is None:
            return services.meeting_create(
                actor=self.actor, chapter=self.cleaned_data["chapter"], **data
            )
        meeting = Meeting.objects.select_related("chapter").get(pk=self.instance.pk)
        return services.meeting_update(actor=self.actor, meeting=meeting, **data)


class MeetingChangeForm(MeetingForm):
    class Meta(MeetingForm.Meta):
        fields = list(services.MEETING_FIELDS)  # a meeting never moves to another chapter


class MeetingAdmin(ChapterScopedAdmin):
    list_display = ("title", "chapter", "starts_at", "ends_at", "capacity", "rsvp_count")
    list_filter = (ChapterListFilter,)
    list_select_related = ("chapter",)
    search_fields = ("title", "chapter__name")
    ordering = ("-starts_at",)
    date_hierarchy = "starts_at"
    readonly_fields = ("rsvp_count", "organiser", "created_at")

    def get_fields(self, request, obj=None):
        fields = list(services.MEETING_FIELDS)
        if obj is None:
            return ["chapter", *fields]
        return ["chapter_name", *fields, *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("chapter_name", *self.readonly_fields)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = with_actor(MeetingChangeForm if obj else MeetingForm, request)
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "chapter":
            kwargs["queryset"] = self.scoped_chapters(request).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("chapter"))
    def chapter_name(self, meeting) -> str:
        return meeting.chapter.name

    @admin.display(description=gettext_lazy("scheduled by"))
    def organiser(self, meeting) -> str:
        return meeting.created_by.public_name if meeting.created_by_id else "—"

    def has_add_permission(self, request) -> bool:
        return is_global(request, Meeting, "add") or self._organises(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_global(request, Meeting, "delete") or self._organises(request, obj)

    def save_model(self, request, obj, form, change):
        """The form's service already saved."""

    def delete_model(self, request, obj):
        services.meeting_delete(actor=request.user, meeting=obj)

    def delete_queryset(self, request, queryset):
        services.meetings_delete(actor=request.user, meetings=queryset.select_related("chapter"))


for site in (admin.site, organiser_site):
    site.register(Chapter, ChapterAdmin)
    site.register(Membership, MembershipAdmin)
    site.register(Meeting, MeetingAdmin)
