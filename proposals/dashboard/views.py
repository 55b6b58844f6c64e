"""The decision makers' dashboard (``/dashboard/…``).

Dashboard pages are for citizens holding a mandate in force today
(``jurisdictions.use_dashboard``) and for staff; anyone else signed in gets the 403 page,
anonymous visitors the login page. The lists show what is addressed to the spaces the
citizen serves (``selectors.DashboardScope``; every space for staff), and each action on an
item goes through the same door as on the item's own page — ``proposals.views.act_on`` for
answers, statuses and transfers, ``discussions.views.moderation_posted`` for moderation,
the consultation services for contributions — which checks ``rules.has_perm`` for that item
before reading the form (403 for a space they do not serve), then calls one service.

htmx: bulk "mark as read", answer, status, "helped shape policy" and moderation answer
with a partial (the updated list, panel or row, and the counts out of band); without
JavaScript the same forms post normally and come back to the page with a message. A
partial carrying form errors is answered with status 200 so that htmx swaps it in (it does
not swap 4xx responses); the full page answers 400.
"""

from __future__ import annotations

import csv
from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from civic.forms import submit_form
from civic.ratelimit import ratelimit_write
from proposals import selectors as proposal_selectors
from proposals import services as proposal_services
from proposals.consultations import services as consultation_services
from proposals.consultations.forms import OutcomeForm
from proposals.consultations.selectors import contributions
from proposals.consultations.views import helped_notice
from proposals.dashboard.filters import AuditFilter, InboxContributionFilter, InboxProposalFilter
from proposals.dashboard.forms import ContributionSelectionForm, ProposalSelectionForm
from proposals.dashboard.selectors import (
    dashboard_consultations,
    dashboard_counts,
    dashboard_scope,
    inbox_contributions,
    inbox_proposals,
    moderation_item,
    moderation_queue,
)
from proposals.discussions.views import moderation_posted
from proposals.models import Proposal
from proposals.views import act_on, decision_tools

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
    filters = InboxProposalFilter(request.GET, scope=scope, queryset=inbox_proposals(scope))
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    return {
        **_base_context(scope, "proposals"),
        "form": filters.form,
        "filters": filters.chosen(),
        "page": page,
        "query_suffix": _query_suffix(request),
    }


@dashboard_view
@require_GET
def inbox(request, scope):
    """Proposals addressed to the spaces served: unread first, with filters and sorting."""
    return render(request, "dashboard/inbox.html", _inbox_context(request, scope))


def read_notice(recorded: int, unchanged: int, *, staff: bool) -> str:
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


def mark_each_read(user, items, *, perm: str, mark) -> tuple[list, list, list]:
    """The bulk "mark as read" of the page and the API: ``mark(item)`` once per item the
    citizen may act on (a service's compare-and-swap: an item already read, or posted
    twice, changes nothing). An item they may not act on (a draft, another area's) is
    left alone and reported as an unknown id would be, so that a selection tells nothing
    of whose area an id lies in. Returns the items marked now, the others, and those left."""
    marked, unchanged, refused = [], [], []
    for item in items:
        if not rules.has_perm(perm, user, item):
            refused.append(item)
        elif mark(item):
            marked.append(item)
        else:
            unchanged.append(item)
    return marked, unchanged, refused


@dashboard_view
@require_POST
@ratelimit_write
def mark_read(request, scope):
    """Bulk "mark as read": one read receipt (and one event) per selected proposal, once.
    Staff leave no receipt (only a decision maker of the space can say the space read it)."""
    form = ProposalSelectionForm(request.POST)
    notice, error = "", ""
    if form.is_valid():
        marked, unchanged, _refused = mark_each_read(
            request.user,
            form.objects(),
            perm="proposals.answer_proposal",
            mark=lambda p: proposal_services.proposal_mark_read(proposal=p, reader=request.user),
        )
        notice = read_notice(len(marked), len(unchanged), staff=scope.everywhere)
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
    return redirect(reverse("dashboard:inbox") + _query_suffix(request))


# --- One proposal ---------------------------------------------------------------------------


def _proposal(request, pk: int) -> Proposal:
    """The proposal with what its panel shows; 404 for a draft and outside the scope (as
    for an unknown id: the answer tells nobody whose area a proposal lies in)."""
    try:
        proposal = proposal_selectors.proposal_for_page(pk)
    except Proposal.DoesNotExist:
        raise Http404(_("No such proposal.")) from None
    if proposal.status == S.DRAFT or not rules.has_perm(
        "proposals.answer_proposal", request.user, proposal
    ):
        raise Http404(_("No such proposal."))
    return proposal


def _proposal_context(request, scope, proposal: Proposal, bound: dict | None = None) -> dict:
    return {
        **_base_context(scope, "proposals"),
        "proposal": proposal,
        "history": proposal.transitions.all(),
        "decision": decision_tools(request.user, proposal, bound or {}),
    }


def _render_decision(request, scope, pk: int, *, bound=None, notice: str = ""):
    """The decision panel (htmx) after an action, with the counts out of band."""
    proposal = proposal_selectors.proposal_for_page(pk)
    context = _proposal_context(request, scope, proposal, bound)
    context.update(notice=notice, oob_counts=True)
    return render(request, "dashboard/_decide.html", context)


def _render_proposal_page(request, scope, proposal: Proposal, *, bound=None, status=200):
    context = _proposal_context(request, scope, proposal, bound)
    return render(request, "dashboard/proposal.html", context, status=status)


@dashboard_view
@require_GET
def proposal_detail(request, scope, pk):
    """One proposal with the decision tools. Opening it records the read receipt
    (``services.proposal_mark_read``, as the public page does: a write on GET, once)."""
    proposal = _proposal(request, pk)
    if proposal_services.proposal_mark_read(proposal=proposal, reader=request.user):
        messages.info(
            request,
            _("Read receipt recorded: everyone now sees that %(space)s has read this proposal.")
            % {"space": proposal.space.name},
        )
    return _render_proposal_page(request, scope, proposal)


def _deciding_view(key: str):
    """The dashboard's POST view of ``proposals.views.ACTIONS[key]``: the decision panel
    again (htmx), or the proposal's dashboard page; a transfer goes back to the inbox (the
    proposal left the scope)."""

    @dashboard_view
    @require_POST
    @ratelimit_write
    def view(request, scope, pk):
        acted = act_on(request, _proposal(request, pk), key)
        if acted.proposal is not None:
            if key == "transfer":
                messages.success(request, acted.notice)
                return redirect("dashboard:inbox")
            if request.htmx:
                return _render_decision(request, scope, pk, notice=acted.notice)
            messages.success(request, acted.notice)
            return redirect("dashboard:proposal", pk=pk)
        if request.htmx and key != "transfer":
            return _render_decision(request, scope, pk, bound={key: acted.form})
        # Reloaded: a refused service rolled back what it had changed in the database.
        proposal = proposal_selectors.proposal_for_page(pk)
        return _render_proposal_page(request, scope, proposal, bound={key: acted.form}, status=400)

    view.__name__ = view.__qualname__ = key
    return view


answer = _deciding_view("answer")
change_status = _deciding_view("status")
transfer = _deciding_view("transfer")


# --- Contributions --------------------------------------------------------------------------


def _contributions_context(request, scope) -> dict:
    filters = InboxContributionFilter(request.GET, scope=scope, queryset=inbox_contributions(scope))
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    return {
        **_base_context(scope, "contributions"),
        "form": filters.form,
        "page": page,
        "query_suffix": _query_suffix(request),
    }


@dashboard_view
@require_GET
def contribution_list(request, scope):
    """Contributions to the consultations of the spaces served, unread first."""
    return render(request, "dashboard/contributions.html", _contributions_context(request, scope))


@dashboard_view
@require_POST
@ratelimit_write
def contributions_mark_read(request, scope):
    """Bulk "mark as read" of contributions (``contribution_mark_read``, once each)."""
    form = ContributionSelectionForm(request.POST)
    notice, error = "", ""
    if form.is_valid():
        marked, _unchanged, _refused = mark_each_read(
            request.user,
            form.objects(),
            perm="consultations.review_contribution",
            mark=lambda c: consultation_services.contribution_mark_read(
                contribution=c, actor=request.user
            ),
        )
        notice = ngettext(
            "%(count)d contribution marked as read.",
            "%(count)d contributions marked as read.",
            len(marked),
        ) % {"count": len(marked)}
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
    return redirect(reverse("dashboard:contributions") + _query_suffix(request))


@dashboard_view
@require_POST
@ratelimit_write
def contribution_helped(request, scope, pk):
    """Say a contribution helped shape policy, and how (its author and visitors read it)."""
    contribution = get_object_or_404(contributions(), pk=pk)
    _require(request.user, "consultations.review_contribution", contribution)
    form = OutcomeForm(request.POST, auto_id=f"outcome-{pk}-%s")
    done, changed = submit_form(
        form,
        lambda data: consultation_services.contribution_mark_helped(
            contribution=contribution, actor=request.user, outcome_note=data["outcome_note"]
        ),
    )
    notice = helped_notice(changed) if done else ""
    if not request.htmx:
        if notice:
            messages.success(request, notice)
        else:
            messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect(reverse("dashboard:contributions") + _query_suffix(request))
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
    """Hide (with a public reason), restore, or dismiss the flags of one item of the queue:
    the same door as on the item's page (``moderation_posted``), answered with the queue's
    row (htmx) or the queue page."""
    moderation = moderation_posted(request)
    content = moderation.content
    kind = content._meta.model_name
    notice = "" if moderation.error else moderation.result.message
    if not request.htmx:
        if moderation.error:
            messages.error(request, moderation.error)
        else:
            messages.success(request, notice)
        suffix = "?show=hidden" if request.POST.get("show") == "hidden" else ""
        return redirect(reverse("dashboard:moderation") + suffix)
    return render(
        request,
        "dashboard/_moderation_item.html",
        {
            "item": moderation_item(**{kind: content.pk}),
            "kind": kind,
            "notice": notice,
            "error": moderation.error,
            "reason": request.POST.get("reason", "") if moderation.error else "",
            "oob_counts": True,
            **_base_context(scope, "moderation"),
        },
    )


# --- Consultations --------------------------------------------------------------------------


@dashboard_view
@require_GET
def consultation_list(request, scope):
    """The consultations of the spaces served: open, edit and close them."""
    page = Paginator(dashboard_consultations(scope), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboard/consultations.html",
        {**_base_context(scope, "consultations"), "page": page},
    )


# --- Audit log ------------------------------------------------------------------------------

AUDIT_COLUMNS = ("when", "who", "action", "space", "object", "before", "after", "note")


@dashboard_view
@require_GET
def audit_log(request, scope):
    """Who did what in the spaces served (filters; ``?format=csv`` downloads the selection)."""
    filters = AuditFilter(request.GET, scope=scope, queryset=scope.audit_entries())
    entries = filters.qs if filters.is_valid() else scope.audit_entries().none()
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="civic-audit-log.csv"'
        writer = csv.writer(response)
        writer.writerow(AUDIT_COLUMNS)
        for entry in entries.iterator(chunk_size=500):
            writer.writerow([
                entry.created_at.isoformat(), entry.actor.public_name if entry.actor else "",
                entry.action, entry.space.label if entry.space else "",
                f"{entry.object_type} {entry.object_id}", entry.before, entry.after, entry.note,
            ])  # fmt: skip
        return response
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    csv_query = request.GET.copy()
    csv_query.pop("page", None)
    csv_query["format"] = "csv"
    return render(
        request,
        "dashboard/audit.html",
        {**_base_context(scope, "audit"), "form": filters.form, "page": page,
         "csv_url": f"?{csv_query.urlencode()}"},
    )  # fmt: skip
