"""Pages of the consultations: lists, one consultation with its contributions, open, edit,
close, contribute, agree, "read" and "helped shape policy".

Views parse the input, check the permission (``consultations.rules``), call one service
(``proposals.consultations.services``) and render. A service's ``ValidationError`` becomes a
form error or a message, its ``PermissionDenied`` a 403, an unknown id a 404. Every POST is
``@login_required``, ``@require_POST`` (or GET/POST for form pages) and
``@ratelimit_write``.
"""

from __future__ import annotations

from datetime import timedelta

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civic.forms import add_service_error, submit_form
from civic.ratelimit import ratelimit_write
from jurisdictions.models import Jurisdiction
from proposals.consultations import selectors, services
from proposals.consultations.filters import ConsultationFilter
from proposals.consultations.forms import (
    CloseConsultationForm,
    ConsultationForm,
    ContributionForm,
    OutcomeForm,
)
from proposals.consultations.models import Agreement, Consultation
from proposals.discussions.selectors import attach_open_flags, attach_threads

CONSULTATIONS_PER_PAGE = 20
CONTRIBUTIONS_PER_PAGE = 20


def _positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


# --- Lists ----------------------------------------------------------------------------------


def _list_page(request, *, space: Jurisdiction | None):
    filters = ConsultationFilter(
        request.GET, queryset=selectors.consultation_list(), space=space, page=True
    )
    page = Paginator(filters.qs, CONSULTATIONS_PER_PAGE).get_page(request.GET.get("page"))
    can_open = space is not None and rules.has_perm(
        "consultations.open_consultation", request.user, space
    )
    return render(
        request,
        "consultations/list.html",
        {"space": space, "form": filters.form, "page": page, "can_open": can_open},
    )


@require_GET
def consultation_list(request):
    """Every consultation, newest first, with search, topic and open-only filters."""
    return _list_page(request, space=None)


@require_GET
def space_consultations(request, slug):
    """The consultations of one space (optionally with the places within it)."""
    return _list_page(request, space=get_object_or_404(Jurisdiction, slug=slug))


# --- One consultation -----------------------------------------------------------------------


@require_GET
def consultation_detail(request, pk):
    return _render_consultation(request, selectors.consultation_for_page(pk))


def _render_consultation(request, consultation: Consultation, *, contribution_form=None):
    """The consultation page; ``?contribution=<id>`` shows that one contribution only."""
    user = request.user
    contributions = selectors.contributions_of(consultation, user=user)
    focus = _positive_int(request.GET.get("contribution"))
    page = None
    if focus:
        contributions = list(contributions.filter(pk=focus))
    else:
        page = Paginator(contributions, CONTRIBUTIONS_PER_PAGE).get_page(request.GET.get("page"))
        contributions = list(page.object_list)
    comments = attach_threads(contributions)

    # Reviewing and moderating depend only on the space, which every contribution of the
    # page shares: one check each per page, not one mandate query per row.
    sample = contributions[0] if contributions else None
    can_review = sample is not None and rules.has_perm(
        "consultations.review_contribution", user, sample
    )
    can_moderate = sample is not None and rules.has_perm(
        "discussions.moderate_content", user, sample
    )
    if can_moderate:
        attach_open_flags([*contributions, *comments])

    can_contribute = consultation.is_open and rules.has_perm(
        "consultations.post_contribution", user
    )
    if can_contribute and contribution_form is None:
        contribution_form = ContributionForm()
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "contributions": contributions,
            "page": page,
            "focus": focus,
            "can_manage": rules.has_perm("consultations.manage_consultation", user, consultation),
            "can_review": can_review,
            "can_moderate": can_moderate,
            "can_contribute": can_contribute,
            "contribution_form": contribution_form,
            "followed": selectors.is_following(user, consultation),
        },
    )


@login_required
@require_POST
@ratelimit_write
def follow(request, pk):
    """Follow (``action=follow``) or stop following (``action=unfollow``) a consultation."""
    consultation = selectors.consultation_for_page(pk)
    if request.POST.get("action") == "unfollow":
        services.consultation_unfollow(consultation=consultation, citizen=request.user)
        messages.success(request, _("You no longer follow this consultation."))
    else:
        services.consultation_follow(consultation=consultation, citizen=request.user)
        messages.success(
            request,
            _(
                "You follow this consultation: you will be told before it closes and of its "
                "outcome."
            ),
        )
    return redirect(consultation)


def _consultation_form_page(request, form, *, space, consultation=None):
    return render(
        request,
        "consultations/form.html",
        {"form": form, "space": space, "consultation": consultation},
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def consultation_create(request, slug):
    space = get_object_or_404(Jurisdiction, slug=slug)
    if not rules.has_perm("consultations.open_consultation", request.user, space):
        raise PermissionDenied
    start = timezone.now().replace(second=0, microsecond=0)
    form = ConsultationForm(
        request.POST or None,
        space=space,
        initial={"opens_at": start, "closes_at": start + timedelta(days=30)},
    )
    if request.method == "POST":
        done, consultation = submit_form(
            form,
            lambda data: services.consultation_open(actor=request.user, space=space, **data),
        )
        if done:
            messages.success(request, _("The consultation is published."))
            return redirect(consultation)
    return _consultation_form_page(request, form, space=space)


def _managed(request, pk) -> Consultation | None:
    """The consultation a decision maker manages (403 otherwise), or None once it is closed
    (with the message said on its page)."""
    consultation = selectors.consultation_for_page(pk)
    if not rules.has_perm("consultations.manage_consultation", request.user, consultation):
        raise PermissionDenied
    if consultation.closed_at is not None:
        return None
    return consultation


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def consultation_edit(request, pk):
    consultation = _managed(request, pk)
    if consultation is None:
        messages.error(request, _("A closed consultation cannot be edited."))
        return redirect("consultations:detail", pk=pk)
    fields = services.CONSULTATION_FIELDS
    form = ConsultationForm(
        request.POST or None,
        space=consultation.space,
        initial={name: getattr(consultation, name) for name in fields},
    )
    if request.method == "POST":
        done, _consultation = submit_form(
            form,
            lambda data: services.consultation_update(
                consultation=consultation, actor=request.user, **data
            ),
        )
        if done:
            messages.success(request, _("The consultation was updated."))
            return redirect(consultation)
    return _consultation_form_page(
        request, form, space=consultation.space, consultation=consultation
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def consultation_close(request, pk):
    consultation = _managed(request, pk)
    if consultation is None:
        messages.error(request, _("This consultation is already closed."))
        return redirect("consultations:detail", pk=pk)
    form = CloseConsultationForm(request.POST or None)
    if request.method == "POST":
        done, _consultation = submit_form(
            form,
            lambda data: services.consultation_close(
                consultation=consultation, actor=request.user, summary=data["summary"]
            ),
        )
        if done:
            messages.success(
                request, _("The consultation is closed. Participants can read what was decided.")
            )
            return redirect(consultation)
    return render(
        request,
        "consultations/close.html",
        {"form": form, "consultation": consultation},
    )


# --- Contributions --------------------------------------------------------------------------


@login_required
@require_POST
@ratelimit_write
def contribute(request, pk):
    consultation = selectors.consultation_for_page(pk)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            contribution = services.contribution_post(
                consultation=consultation, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            if not consultation.is_open:
                # No form is shown on a consultation that is not open: say it on top.
                messages.error(request, " ".join(error.messages))
                return redirect(consultation)
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you! Your contribution is published."))
            return redirect(contribution.get_absolute_url())
    return _render_consultation(request, consultation, contribution_form=form)


@login_required
@require_POST
@ratelimit_write
def agree(request, pk):
    """Agree with a contribution, or withdraw one's agreement (``action=withdraw``)."""
    contribution = get_object_or_404(selectors.contributions(), pk=pk)
    error = ""
    try:
        if request.POST.get("action") == "withdraw":
            services.agreement_remove(contribution=contribution, citizen=request.user)
        else:
            services.agreement_add(contribution=contribution, citizen=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    contribution.refresh_from_db(fields=["agree_count"])
    contribution.agreed = Agreement.objects.filter(
        contribution=contribution, citizen=request.user
    ).exists()
    if request.htmx:
        return render(
            request,
            "consultations/_agree.html",
            {"contribution": contribution, "agree_error": error},
        )
    if error:
        messages.error(request, error)
    elif contribution.agreed:
        messages.success(request, _("You agree with this contribution."))
    else:
        messages.success(request, _("You no longer agree with this contribution."))
    return redirect(contribution.get_absolute_url())


def helped_notice(changed: bool) -> str:
    """What the decision maker reads after "helped shape policy" (page and dashboard)."""
    if changed:
        return _("Its author will see that this contribution helped shape policy.")
    return _("This contribution was already marked as helpful.")


@login_required
@require_POST
@ratelimit_write
def contribution_read(request, pk):
    contribution = get_object_or_404(selectors.contributions(), pk=pk)
    if services.contribution_mark_read(contribution=contribution, actor=request.user):
        messages.success(request, _("Marked as read. Its author can see it."))
    else:
        messages.info(request, _("This contribution was already marked as read."))
    return redirect(contribution.get_absolute_url())


@login_required
@require_POST
@ratelimit_write
def contribution_helped(request, pk):
    contribution = get_object_or_404(selectors.contributions(), pk=pk)
    if not rules.has_perm("consultations.review_contribution", request.user, contribution):
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how this contribution helped."))
        return redirect(contribution.get_absolute_url())
    try:
        changed = services.contribution_mark_helped(
            contribution=contribution,
            actor=request.user,
            outcome_note=form.cleaned_data["outcome_note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        (messages.success if changed else messages.info)(request, helped_notice(changed))
    return redirect(contribution.get_absolute_url())
