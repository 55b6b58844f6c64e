"""Pages of chapters, memberships, meetings and RSVPs, and the calendar feed.

Views parse the input, check the permission (``chapters.rules``), call one service
(``chapters.services``) or selector and render. A service's ``ValidationError`` becomes a form
error or a message, its ``PermissionDenied`` a 403, an unknown slug or id a 404. Every POST
is ``@login_required`` and ``@ratelimit_write``.

The forum of a chapter is the shared comment thread (``discussions/_comments.html``), posted
to ``discussions:comment_post`` with a ``chapter`` target and moderated by the organisers.
"""

from __future__ import annotations

from datetime import timedelta

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chapters import ics, selectors, services
from chapters.forms import (
    ChapterFilterForm,
    ChapterForm,
    DecisionForm,
    LeaveForm,
    MeetingForm,
    ShareEmailForm,
    add_service_error,
)
from chapters.models import Chapter, Meeting, Membership
from civic.ratelimit import ratelimit_write
from jurisdictions.models import Jurisdiction
from proposals.discussions.selectors import comment_thread

CHAPTERS_PER_PAGE = 25
UPCOMING_ON_PAGE = 10


def _chapter(slug: str) -> Chapter:
    try:
        return selectors.chapter_for_page(slug)
    except Chapter.DoesNotExist:
        raise Http404(_("No such chapter.")) from None


def _meeting(slug: str, pk: int) -> Meeting:
    try:
        return selectors.meeting_for_page(slug, pk)
    except Meeting.DoesNotExist:
        raise Http404(_("No such meeting.")) from None


def _require_manager(user, chapter: Chapter) -> None:
    if not rules.has_perm("chapters.manage_chapter", user, chapter):
        raise PermissionDenied


# --- Lists and the chapter page -------------------------------------------------------------


def chapter_list(request):
    """Every chapter, by name, with a search and a local/national filter."""
    form = ChapterFilterForm(request.GET)
    chapters = selectors.chapter_list(**form.filters())
    page = Paginator(chapters, CHAPTERS_PER_PAGE).get_page(request.GET.get("page"))
    minimum = formats.number_format(settings.CHAPTER_MIN_POPULATION, force_grouping=True)
    return render(
        request, "chapters/list.html", {"form": form, "page": page, "min_population": minimum}
    )


def chapter_detail(request, slug):
    chapter = _chapter(slug)
    user = request.user
    membership = selectors.membership_of(user, chapter)
    is_member = membership is not None and membership.status == Membership.Status.ACTIVE
    can_manage = rules.has_perm("chapters.manage_chapter", user, chapter)
    meetings = list(selectors.upcoming_meetings(chapter)[:UPCOMING_ON_PAGE])
    going = selectors.rsvped_meeting_ids(user, meetings)
    for meeting in meetings:
        meeting.going = meeting.pk in going
    context = {
        "chapter": chapter,
        "space": chapter.space,
        "membership": membership,
        "is_member": is_member,
        "can_manage": can_manage,
        "organisers": selectors.organisers_of(chapter),
        "meetings": meetings,
        "challenges": selectors.challenges_joined(chapter),
        "thread": comment_thread(chapter=chapter),
        "leave_form": _leave_form(chapter, membership),
    }
    if can_manage:
        context["pending"] = list(selectors.pending_requests(chapter))
    return render(request, "chapters/detail.html", context)


def _leave_form(chapter: Chapter, membership: Membership | None, data=None) -> LeaveForm | None:
    """The leave form; the last organiser also chooses who takes over."""
    if membership is None or membership.status == Membership.Status.REJECTED:
        return None
    last_organiser = (
        membership.status == Membership.Status.ACTIVE
        and membership.role == Membership.Role.ORGANISER
        and not Membership.objects.organisers()
        .filter(chapter=chapter)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not last_organiser:
        form = LeaveForm(data)
        del form.fields["successor"]
        return form
    candidates = selectors.other_active_members(chapter, membership.citizen_id)
    form = LeaveForm(data, candidates=candidates)
    form.fields["successor"].required = True
    form.last_organiser = True
    form.has_candidates = candidates.exists()
    return form


# --- Starting and editing a chapter ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def chapter_create(request, slug):
    """Start the chapter of a city (local) or a nation (national); its creator organises it."""
    space = get_object_or_404(Jurisdiction, slug=slug)
    kind = selectors.default_kind(space)
    refusal = selectors.chapter_refusal(space=space, kind=kind)
    form = None
    if not refusal:
        form = ChapterForm(
            request.POST or None, initial={"name": services.default_name(space, kind)}
        )
        if request.method == "POST" and form.is_valid():
            try:
                chapter = services.chapter_create(
                    actor=request.user,
                    space=space,
                    kind=kind,
                    organiser=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Your chapter is open. You are its organiser: schedule a first meeting."),
                )
                return redirect(chapter)
    return render(
        request,
        "chapters/form.html",
        {"form": form, "space": space, "kind": kind, "refusal": refusal},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def chapter_edit(request, slug):
    chapter = _chapter(slug)
    _require_manager(request.user, chapter)
    form = ChapterForm(
        request.POST or None,
        initial={name: getattr(chapter, name) for name in services.CHAPTER_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.chapter_update(actor=request.user, chapter=chapter, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The chapter was updated."))
            return redirect(chapter)
    return render(
        request,
        "chapters/form.html",
        {"form": form, "space": chapter.space, "kind": chapter.kind, "chapter": chapter},
    )


# --- Memberships ----------------------------------------------------------------------------


@login_required
@require_POST
@ratelimit_write
def join(request, slug):
    chapter = _chapter(slug)
    try:
        membership = services.membership_join(citizen=request.user, chapter=chapter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if membership.status == Membership.Status.ACTIVE:
            messages.success(request, _("Welcome to %(chapter)s!") % {"chapter": chapter.name})
        else:
            message = _(
                "Your request was sent to the organisers of %(chapter)s. You will be told "
                "when they answer."
            )
            messages.success(request, message % {"chapter": chapter.name})
    return redirect(chapter)


@login_required
@require_POST
@ratelimit_write
def leave(request, slug):
    """Leave the chapter (or withdraw a request); the last organiser names a successor."""
    chapter = _chapter(slug)
    membership = selectors.membership_of(request.user, chapter)
    form = _leave_form(chapter, membership, request.POST)
    if form is None:
        messages.info(request, _("You are not a member of this chapter."))
        return redirect(chapter)
    successor = None
    if form.is_valid():
        chosen = form.cleaned_data.get("successor")
        successor = chosen.citizen if chosen is not None else None
    pending = membership.status == Membership.Status.PENDING
    try:
        services.membership_leave(citizen=request.user, chapter=chapter, successor=successor)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if pending:
            messages.success(request, _("Your request to join was withdrawn."))
        else:
            messages.success(request, _("You left %(chapter)s.") % {"chapter": chapter.name})
    return redirect(chapter)


@login_required
@require_POST
@ratelimit_write
def share_email(request, slug):
    """Give or withdraw one's consent to share one's email with the organisers."""
    chapter = _chapter(slug)
    form = ShareEmailForm(request.POST)
    share = form.is_valid() and form.cleaned_data["share"]
    try:
        services.membership_share_email(citizen=request.user, chapter=chapter, share=share)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if share:
            messages.success(request, _("The organisers can now see your email address."))
        else:
            messages.success(request, _("The organisers no longer see your email address."))
    return redirect(f"{chapter.get_absolute_url()}#membership")


@login_required
@require_POST
@ratelimit_write
def decide(request, slug, pk):
    """Approve or decline a request to join (organisers)."""
    chapter = _chapter(slug)
    _require_manager(request.user, chapter)
    membership = get_object_or_404(
        Membership.objects.select_related("citizen", "chapter__space"), chapter=chapter, pk=pk
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or decline the request."))
        return redirect(f"{chapter.get_absolute_url()}#requests")
    name = membership.citizen.public_name
    if form.cleaned_data["decision"] == "approve":
        changed = services.membership_approve(actor=request.user, membership=membership)
        done = _("%(name)s is now a member.") % {"name": name}
    else:
        changed = services.membership_reject(actor=request.user, membership=membership)
        done = _("The request of %(name)s was declined.") % {"name": name}
    if changed:
        messages.success(request, done)
    else:
        messages.info(request, _("This request was already answered."))
    return redirect(f"{chapter.get_absolute_url()}#requests")


# --- Meetings -------------------------------------------------------------------------------


def meeting_detail(request, slug, pk):
    meeting = _meeting(slug, pk)
    chapter = meeting.chapter
    user = request.user
    is_member = rules.has_perm("chapters.rsvp_meeting", user, meeting)
    going = user.is_authenticated and meeting.rsvps.filter(citizen=user).exists()
    return render(
        request,
        "chapters/meeting.html",
        {
            "meeting": meeting,
            "chapter": chapter,
            "is_member": is_member,
            "going": going,
            "is_over": meeting.ends_at <= timezone.now(),
            "is_full": meeting.capacity is not None and meeting.rsvp_count >= meeting.capacity,
            "can_manage": rules.has_perm("chapters.manage_chapter", user, chapter),
        },
    )


def _meeting_form_page(request, form, *, chapter, meeting=None):
    return render(
        request,
        "chapters/meeting_form.html",
        {"form": form, "chapter": chapter, "meeting": meeting},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def meeting_create(request, slug):
    chapter = _chapter(slug)
    _require_manager(request.user, chapter)
    start = (timezone.localtime() + timedelta(days=14)).replace(
        hour=18, minute=30, second=0, microsecond=0
    )
    form = MeetingForm(
        request.POST or None, initial={"starts_at": start, "ends_at": start + timedelta(hours=2)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user, chapter=chapter, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting is published. The members were told."))
            return redirect(meeting)
    return _meeting_form_page(request, form, chapter=chapter)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def meeting_edit(request, slug, pk):
    meeting = _meeting(slug, pk)
    _require_manager(request.user, meeting.chapter)
    form = MeetingForm(
        request.POST or None,
        initial={name: getattr(meeting, name) for name in services.MEETING_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The meeting was updated."))
            return redirect(meeting)
    return _meeting_form_page(request, form, chapter=meeting.chapter, meeting=meeting)


@login_required
@require_POST
@ratelimit_write
def rsvp(request, slug, pk):
    """Say one will come (members of the chapter), or cancel (``action=cancel``)."""
    meeting = _meeting(slug, pk)
    if request.POST.get("action") == "cancel":
        if services.rsvp_cancel(citizen=request.user, meeting=meeting):
            messages.success(request, _("You are no longer coming. Your place is free again."))
        else:
            messages.info(request, _("You had not said you would come."))
        return redirect(meeting)
    if not rules.has_perm("chapters.rsvp_meeting", request.user, meeting):
        raise PermissionDenied(_("Join the chapter to take part in its meetings."))
    try:
        services.rsvp_add(citizen=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("See you there! You said you will come."))
    return redirect(meeting)


@require_GET
def calendar(request, slug):
    """The chapter's meetings as an iCalendar feed, to subscribe to in any calendar app."""
    chapter = _chapter(slug)
    body = ics.calendar(chapter, selectors.meetings_for_feed(chapter))
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{chapter.slug}.ics"'
    return response
