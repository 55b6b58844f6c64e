"""The citizen's inbox: the list by day, the badge (htmx), opening and marking read, preferences."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from civic.ratelimit import ratelimit_write
from jurisdictions.models import Jurisdiction
from notifications import selectors, services
from notifications.emails import DIGEST, read_unsubscribe_token
from notifications.forms import DigestForm, InboxFilterForm
from notifications.messages import describe
from notifications.models import Channel, Event

HTMX_STOP_POLLING = 286


@login_required
def inbox(request):
    spaces = Jurisdiction.objects.filter(follows__citizen=request.user).order_by("name")
    form = InboxFilterForm(request.GET or None, spaces=spaces)
    space = kind = before = None
    if form.is_valid():
        space_id = form.cleaned_data.get("space")
        space = next((s for s in spaces if s.pk == space_id), None) if space_id else None
        kind = form.cleaned_data.get("kind") or None
        before = form.cleaned_data.get("before")
    items, next_before = selectors.inbox_page(request.user, space=space, kind=kind, before=before)
    return render(
        request,
        "notifications/inbox.html",
        {
            "days": _by_day(items),
            "form": form,
            "next_before": next_before,
            "unread": selectors.unread_count(request.user),
        },  # fmt: skip
    )


def _by_day(items):
    """[(date, items)], newest day first, by the date in the site's time zone.

    Not ``{% regroup items by created_at.date %}``: that takes the UTC date, so an item
    from 00:30 in Paris would land under the day before.
    """
    return [
        (day, list(group))
        for day, group in groupby(items, key=lambda item: timezone.localdate(item.created_at))
    ]


def badge(request):
    """The unread count in the navigation, refreshed by htmx polling (``templates/base.html``).

    Signed out meanwhile (another tab): answer 286, which tells htmx to stop polling, rather
    than a redirect whose login page htmx would swap into the navigation.
    """
    if not request.user.is_authenticated:
        return HttpResponse(status=HTMX_STOP_POLLING)
    return render(
        request, "notifications/_badge.html", {"unread": selectors.unread_count(request.user)}
    )


@login_required
def open_item(request, event_id: int):
    """Follow a notification: mark it read and go to its object."""
    event = Event.objects.select_related(
        "space", "proposal", "consultation", "contribution__consultation", "comment__proposal",
        "comment__contribution__consultation",
    ).filter(pk=event_id).first()  # fmt: skip
    if event is None or not selectors.in_inbox(request.user, event.pk):
        raise Http404
    services.notification_mark_read(citizen=request.user, event_id=event.pk)
    return redirect(describe(event, personal=True).url)


@login_required
@require_POST
@ratelimit_write
def mark_read(request, event_id: int):
    services.notification_mark_read(citizen=request.user, event_id=event_id)
    if request.htmx:
        return render(
            request, "notifications/_badge.html", {"unread": selectors.unread_count(request.user)}
        )
    return _back(request)


@login_required
@require_POST
@ratelimit_write
def mark_all_read(request):
    services.inbox_mark_all_read(citizen=request.user)
    messages.success(request, _("All notifications are marked as read."))
    return _back(request)


def _back(request):
    target = request.POST.get("next") or "notifications:inbox"
    if "/" in target and not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "notifications:inbox"
    return redirect(target)


@login_required
def preferences(request):
    rows = selectors.preferences_of(request.user)
    digest_form = DigestForm(initial={"digest": selectors.digest_of(request.user)})
    if request.method == "POST":
        digest_form = DigestForm(request.POST)
        if digest_form.is_valid():
            # An unchecked box is absent from the POST: every (kind, channel) is a choice.
            choices = {
                (row["kind"], channel): f"{row['kind']}:{channel}" in request.POST
                for row in rows
                for channel in Channel.values
            }
            services.preferences_save(
                citizen=request.user,
                choices=choices,
                digest=digest_form.cleaned_data["digest"],
            )
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notifications:preferences")
    return render(
        request, "notifications/preferences.html", {"rows": rows, "digest_form": digest_form}
    )


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the token authenticates
def unsubscribe(request, token):
    """GET shows a confirmation button; POST (the button, or the mail client) unsubscribes."""
    try:
        citizen_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404 from None
    from civic.models import Citizen

    citizen = Citizen.objects.filter(pk=citizen_id, deleted_at__isnull=True).first()
    if citizen is None:
        raise Http404
    done = False
    if request.method == "POST":
        if kind == DIGEST:
            services.digest_set(citizen=citizen, frequency="off")
        else:
            services.preference_set(
                citizen=citizen, kind=kind, channel=Channel.EMAIL, enabled=False
            )
        done = True
    return render(
        request, "notifications/unsubscribe.html", {"done": done, "is_digest": kind == DIGEST}
    )
