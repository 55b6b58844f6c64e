"""The decision makers' dashboard, and the public accountability page of a space.

Dashboard pages (``/dashboard/…``) are for citizens holding a mandate in force today
(``jurisdictions.use_dashboard``) and for staff; anyone else signed in gets the 403 page,
anonymous visitors the login page. The lists show what is addressed to the spaces the
citizen serves (``selectors_dashboard.DashboardScope``; every space for staff), and each
action on an item asks ``rules.has_perm`` for that item before reading the form (403 for a
space they do not serve, as on the proposal page), then calls one service — the services
check again, write the history, the audit entry (``AuditEntry``) and the domain event.

htmx: bulk "mark as read", answer, status, "helped shape policy" and moderation answer
with a partial (the updated list, panel or row, and the counts out of band); without
JavaScript the same forms post normally and come back to the page with a message. A
partial carrying form errors is answered with status 200 so that htmx swaps it in (it does
not swap 4xx responses); the full page answers 400.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from civic.ratelimit import ratelimit_write
from jurisdictions.models import Jurisdiction
from proposals import selectors, services
from proposals.accountability import accountability_of
from proposals.forms import AnswerForm, StatusForm, TransferForm, add_service_error
from proposals.forms_consultations import ModerateForm, OutcomeForm
from proposals.forms_dashboard import (
    ContributionInboxForm,
    ContributionSelectionForm,
    ProposalInboxForm,
    ProposalSelectionForm,
)
from proposals.models import Comment, Contribution, Proposal
from proposals.selectors_dashboard import (
    dashboard_consultations,
    dashboard_counts,
    dashboard_scope,
    inbox_contributions,
    inbox_proposals,
    moderation_item,
    moderation_queue,
)
from proposals.views import FORM_IDS, _decision_tools

S = Proposal.Status
PER_PAGE = 25


# --- Access ---------------------------------------------------------------------------------


def dashboard_view(view):
    """Signed in (else the login page) and allowed to use the dashboard (else 403).

    The view receives the citizen's ``scope`` as its second argument.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not rules.has_perm("jurisdictions.use_dashboard", request.user):
            raise PermissionDenied(_("The dashboard is for decision makers in office."))
        return view(request, dashboard_scope(request.user), *args, **kwargs)

    return wrapper


def _require(user, perm: str, obj) -> None:
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _query_suffix(request) -> str:
    query = request.GET.urlencode()
    return f"?{query}" if query else ""


def _base_context(scope, active: str) -> dict:
    return {"scope": scope, "counts": dashboard_counts(scope), "active": active}


# --- Proposals inbox ------------------------------------------------------------------------


def _inbox_context(request, scope) -> dict:
    form = ProposalInboxForm(request.GET or None, scope=scope)
    filters = form.filters()
    page = Paginator(inbox_proposals(scope, **filters), PER_PAGE).get_page(request.GET.get("page"))
    return {
        **_base_context(scope, "proposals"),
        "form": form,
        "filters": filters,
        "page": page,
        "query_suffix": _query_suffix(request),
    }


@dashboard_view
@require_GET
def inbox(request, scope):
    """Proposals addressed to the spaces served: unread first, with filters and sorting."""
    return render(request, "dashboard/inbox.html", _inbox_context(request, scope))


@dashboard_view
@require_POST
@ratelimit_write
def mark_read(request, scope):
    """Bulk "mark as read": one read receipt (and one event) per selected proposal, once.

    Refused as a whole (403) if any selected proposal is addressed to a space the citizen
    does not serve. ``services.proposal_mark_read`` is a compare-and-swap: a proposal
    already read, or posted twice, changes nothing. Staff leave no receipt (only a decision
    maker of the space can say the space read it).
    """
    form = ProposalSelectionForm(request.POST)
    notice, error = "", ""
    if form.is_valid():
        proposals = form.objects()
        for proposal in proposals:
            _require(request.user, "proposals.answer_proposal", proposal)
        recorded = sum(
            services.proposal_mark_read(proposal=proposal, reader=request.user)
            for proposal in proposals
        )
        notice = _read_notice(recorded, len(proposals) - recorded, staff=scope.everywhere)
    else:
        error = " ".join(form.errors.get("items", []))
    if request.htmx:
        context = _inbox_context(request, scope)
        context.update(notice=notice, error=error, oob_counts=True)
        return render(request, "dashboard/_inbox.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(reverse("proposals:dashboard") + _query_suffix(request))


def _read_notice(recorded: int, unchanged: int, *, staff: bool) -> str:
    parts = [
        ngettext(
            "%(count)d proposal marked as read: its author is told.",
            "%(count)d proposals marked as read: their authors are told.",
            recorded,
        )
        % {"count": recorded}
    ]
    if unchanged:
        parts.append(
            ngettext(
                "%(count)d was already read or leaves no receipt from you.",
                "%(count)d were already read or leave no receipt from you.",
                unchanged,
            )
            % {"count": unchanged}
        )
        if staff:
            parts.append(_("Only a decision maker of the space records its read receipt."))
    return " ".join(parts)


# --- One proposal ---------------------------------------------------------------------------


def _proposal(request, pk: int) -> Proposal:
    """The proposal with what its panel shows; 404 for a draft, 403 outside the scope."""
    try:
        proposal = selectors.proposal_for_page(pk)
    except Proposal.DoesNotExist:
        raise Http404(_("No such proposal.")) from None
    if proposal.status == S.DRAFT:
        raise Http404(_("No such proposal."))
    _require(request.user, "proposals.answer_proposal", proposal)
    return proposal


def _proposal_context(request, scope, proposal: Proposal, bound: dict | None = None) -> dict:
    return {
        **_base_context(scope, "proposals"),
        "proposal": proposal,
        "history": proposal.transitions.all(),
        "decision": _decision_tools(request.user, proposal, bound or {}),
    }


def _render_decision(request, scope, pk: int, *, bound=None, notice: str = ""):
    """The decision panel (htmx) after an action, with the counts out of band."""
    proposal = selectors.proposal_for_page(pk)
    context = _proposal_context(request, scope, proposal, bound)
    context.update(notice=notice, oob_counts=True)
    return render(request, "dashboard/_decide.html", context)


def _render_proposal_page(request, scope, pk: int, *, bound=None, status: int = 200):
    proposal = selectors.proposal_for_page(pk)
    context = _proposal_context(request, scope, proposal, bound)
    return render(request, "dashboard/proposal.html", context, status=status)


@dashboard_view
@require_GET
def proposal_detail(request, scope, pk):
    """One proposal with the decision tools. Opening it records the read receipt
    (``services.proposal_mark_read``, as the public page does: a write on GET, once)."""
    proposal = _proposal(request, pk)
    if services.proposal_mark_read(proposal=proposal, reader=request.user):
        messages.info(
            request,
            _("Read receipt recorded: everyone now sees that %(space)s has read this proposal.")
            % {"space": proposal.space.name},
        )
    return _render_proposal_page(request, scope, pk)


def _decide(request, scope, pk, *, perm: str, form_class, key: str, act, done):
    """Shared by answer and status: check, validate, call the service, answer."""
    proposal = _proposal(request, pk)
    _require(request.user, perm, proposal)
    form = form_class(request.POST, **FORM_IDS[key])
    if form.is_valid():
        try:
            proposal = act(proposal, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            notice = done(proposal)
            if request.htmx:
                return _render_decision(request, scope, pk, notice=notice)
            messages.success(request, notice)
            return redirect("proposals:dashboard_proposal", pk=pk)
    if request.htmx:
        return _render_decision(request, scope, pk, bound={key: form})
    return _render_proposal_page(request, scope, pk, bound={key: form}, status=400)


@dashboard_view
@require_POST
@ratelimit_write
def answer(request, scope, pk):
    return _decide(
        request,
        scope,
        pk,
        perm="proposals.answer_proposal",
        form_class=AnswerForm,
        key="answer",
        act=lambda proposal, data: services.proposal_answer(
            proposal=proposal, actor=request.user, **data
        ),
        done=lambda proposal: _("Your answer is published. The author and supporters are told."),
    )


@dashboard_view
@require_POST
@ratelimit_write
def change_status(request, scope, pk):
    return _decide(
        request,
        scope,
        pk,
        perm="proposals.change_status_proposal",
        form_class=StatusForm,
        key="status",
        act=lambda proposal, data: services.proposal_set_status(
            proposal=proposal, actor=request.user, **data
        ),
        done=lambda proposal: (
            _("The proposal is now “%(status)s”.") % {"status": proposal.get_status_display()}
        ),
    )


@dashboard_view
@require_POST
@ratelimit_write
def transfer(request, scope, pk):
    """Send the proposal to the responsible space; back to the inbox (it left the scope)."""
    proposal = _proposal(request, pk)
    _require(request.user, "proposals.transfer_proposal", proposal)
    form = TransferForm(request.POST, **FORM_IDS["transfer"])
    if form.is_valid():
        try:
            proposal = services.proposal_transfer(
                proposal=proposal,
                actor=request.user,
                to_space=form.cleaned_data["to_space"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” was transferred to %(space)s.")
                % {"title": proposal.title, "space": proposal.space.name},
            )
            return redirect("proposals:dashboard")
    return _render_proposal_page(request, scope, pk, bound={"transfer": form}, status=400)


# --- Contributions --------------------------------------------------------------------------


def _contributions_context(request, scope) -> dict:
    form = ContributionInboxForm(request.GET or None, scope=scope)
    page = Paginator(inbox_contributions(scope, **form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        **_base_context(scope, "contributions"),
        "form": form,
        "page": page,
        "query_suffix": _query_suffix(request),
    }


@dashboard_view
@require_GET
def contributions(request, scope):
    """Contributions to the consultations of the spaces served, unread first."""
    return render(request, "dashboard/contributions.html", _contributions_context(request, scope))


@dashboard_view
@require_POST
@ratelimit_write
def contributions_mark_read(request, scope):
    """Bulk "mark as read" of contributions (``services.contribution_mark_read``, once)."""
    form = ContributionSelectionForm(request.POST)
    notice, error = "", ""
    if form.is_valid():
        selected = form.objects()
        for contribution in selected:
            _require(request.user, "proposals.review_contribution", contribution)
        recorded = sum(
            services.contribution_mark_read(contribution=contribution, actor=request.user)
            for contribution in selected
        )
        notice = ngettext(
            "%(count)d contribution marked as read.",
            "%(count)d contributions marked as read.",
            recorded,
        ) % {"count": recorded}
    else:
        error = " ".join(form.errors.get("items", []))
    if request.htmx:
        context = _contributions_context(request, scope)
        context.update(notice=notice, error=error, oob_counts=True)
        return render(request, "dashboard/_contributions.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(reverse("proposals:dashboard_contributions") + _query_suffix(request))


@dashboard_view
@require_POST
@ratelimit_write
def contribution_helped(request, scope, pk):
    """Say a contribution helped shape policy, and how (its author and visitors read it)."""
    contribution = get_object_or_404(
        Contribution.objects.select_related("author", "consultation__space"), pk=pk
    )
    _require(request.user, "proposals.review_contribution", contribution)
    form = OutcomeForm(request.POST, auto_id=f"outcome-{pk}-%s")
    notice = ""
    if form.is_valid():
        try:
            changed = services.contribution_mark_helped(
                contribution=contribution,
                actor=request.user,
                outcome_note=form.cleaned_data["outcome_note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            notice = (
                _("Its author will see that this contribution helped shape policy.")
                if changed
                else _("This contribution was already marked as helpful.")
            )
    if not request.htmx:
        if notice:
            messages.success(request, notice)
        else:
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect(reverse("proposals:dashboard_contributions") + _query_suffix(request))
    contribution = inbox_contributions(scope).get(pk=pk)
    return render(
        request,
        "dashboard/_contribution_row.html",
        {
            "contribution": contribution,
            "helped_form": form if form.errors else None,
            "notice": notice,
            "oob_counts": True,
            **_base_context(scope, "contributions"),
        },
    )


# --- Moderation -----------------------------------------------------------------------------


@dashboard_view
@require_GET
def moderation(request, scope):
    """Flagged (or hidden) comments and contributions of the spaces served."""
    show = "hidden" if request.GET.get("show") == "hidden" else "flagged"
    return render(
        request,
        "dashboard/moderation.html",
        {**_base_context(scope, "moderation"), "show": show, **moderation_queue(scope, show=show)},
    )


@dashboard_view
@require_POST
@ratelimit_write
def moderate(request, scope):
    """Hide (with a public reason), restore, or dismiss the flags of one item."""
    form = ModerateForm(request.POST)
    valid = form.is_valid()
    data = getattr(form, "cleaned_data", {})
    if form.non_field_errors() or not (data.get("comment") or data.get("contribution")):
        return HttpResponseBadRequest(_("Name a comment or a contribution."))
    item = moderation_item(comment=data.get("comment"), contribution=data.get("contribution"))
    if item is None:
        raise Http404
    _require(request.user, "proposals.moderate_content", item)
    kind = "comment" if isinstance(item, Comment) else "contribution"
    notice = error = ""
    if not valid:
        error = _("Choose hide, restore or dismiss.")
    else:
        action, reason = data["action"], data["reason"]
        try:
            if action == "hide":
                changed = services.content_hide(actor=request.user, reason=reason, **{kind: item})
                notice = _("Hidden. Everyone now sees the public reason instead of the text.")
                already = _("This was already hidden.")
            elif action == "restore":
                changed = services.content_restore(
                    actor=request.user, reason=reason, **{kind: item}
                )
                notice, already = _("Restored."), _("This was not hidden.")
            else:
                changed = services.flags_dismiss(actor=request.user, **{kind: item})
                notice = ngettext(
                    "%(count)d flag dismissed.", "%(count)d flags dismissed.", changed
                ) % {"count": changed}
                already = _("There were no open flags.")
            if not changed:
                notice = already
        except ValidationError as exc:
            notice, error = "", " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, notice)
        show = request.POST.get("show")
        suffix = "?show=hidden" if show == "hidden" else ""
        return redirect(reverse("proposals:dashboard_moderation") + suffix)
    item = moderation_item(**{kind: item.pk})
    return render(
        request,
        "dashboard/_moderation_item.html",
        {
            "item": item,
            "kind": kind,
            "notice": notice,
            "error": error,
            "reason": data.get("reason", "") if error else "",
            "oob_counts": True,
            **_base_context(scope, "moderation"),
        },
    )


# --- Consultations --------------------------------------------------------------------------


@dashboard_view
@require_GET
def consultations(request, scope):
    """The consultations of the spaces served: open, edit and close them."""
    page = Paginator(dashboard_consultations(scope), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/consultations.html",
        {**_base_context(scope, "consultations"), "page": page},
    )


# --- Public accountability ------------------------------------------------------------------

CHART = {"width": 720, "height": 260, "left": 44, "right": 12, "top": 16, "bottom": 40}


def chart_geometry(months) -> dict:
    """Bars and ticks of the server-rendered SVG chart (received vs answered per month)."""
    top = max([1, *(m.received for m in months), *(m.answered for m in months)])
    step = max(1, -(-top // 4))  # four gridlines at most, on whole numbers
    ceiling = step * -(-top // step)
    plot_w = CHART["width"] - CHART["left"] - CHART["right"]
    plot_h = CHART["height"] - CHART["top"] - CHART["bottom"]
    slot = plot_w / len(months)
    bar = slot * 0.36

    def y(value):
        return CHART["top"] + plot_h - plot_h * value / ceiling

    bars = []
    for index, month in enumerate(months):
        x = CHART["left"] + slot * index + slot * 0.12
        bars.append(
            {
                "month": month,
                "label_x": round(CHART["left"] + slot * (index + 0.5), 1),
                "received": {"x": round(x, 1), "y": round(y(month.received), 1),
                             "h": round(plot_h * month.received / ceiling, 1)},
                "answered": {"x": round(x + bar + 2, 1), "y": round(y(month.answered), 1),
                             "h": round(plot_h * month.answered / ceiling, 1)},
            }
        )  # fmt: skip
    ticks = [{"value": v, "y": round(y(v), 1)} for v in range(0, ceiling + 1, step)]
    return {
        **CHART,
        "bars": bars,
        "bar_width": round(bar, 1),
        "ticks": ticks,
        "plot_right": CHART["width"] - CHART["right"],
        "baseline": CHART["top"] + plot_h,
        "label_y": CHART["height"] - CHART["bottom"] + 18,
    }


def humanize_duration(duration: timedelta | None) -> str:
    """ "2 days, 3 hours", "5 hours", "12 minutes" (two units at most); "" for None."""
    if duration is None:
        return ""
    minutes = max(0, int(duration.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    units = [
        (days, ngettext("%(n)d day", "%(n)d days", days)),
        (hours, ngettext("%(n)d hour", "%(n)d hours", hours)),
        (minutes, ngettext("%(n)d minute", "%(n)d minutes", minutes)),
    ]
    parts = [text % {"n": n} for n, text in units if n][:2]
    return ", ".join(parts) or _("less than a minute")


@require_GET
def accountability(request, slug):
    """How a place or organisation reads and answers citizens over the last 12 months."""
    space = get_object_or_404(Jurisdiction, slug=slug)
    figures = accountability_of(space)
    share = figures.share_answered_within_30_days
    return render(
        request,
        "accountability/space.html",
        {
            "space": space,
            "figures": figures,
            "median": humanize_duration(figures.median_time_to_read),
            "share": None if share is None else round(share * 100),
            "chart": chart_geometry(figures.months),
        },
    )
