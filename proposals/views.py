"""Proposal pages: write, read, support, decide, list, and "my activity".

Views parse the input, check the permission (``proposals.rules``), call one service or
selector and render. Every write goes through ``proposals.services``; a service's
``ValidationError`` comes back as a form message (status 400), its ``PermissionDenied``
as the 403 page. POST views are ``login_required``, ``require_POST`` and
``ratelimit_write`` (429 page over the citizen's budget).

The decisions (answer, status, transfer) and withdrawal are one table, ``ACTIONS``, and one
function, ``act_on``: the proposal page and the dashboard (``proposals.dashboard.views``)
both call it, so they check the same permission, validate the same form and show the same
message; only what they render afterwards differs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from challenges.models import Practice
from civic.forms import add_service_error, submit_form
from civic.ratelimit import ratelimit_write
from jurisdictions.forms import resolve_typed_space
from jurisdictions.models import Jurisdiction, Topic
from proposals import selectors, services
from proposals.discussions.selectors import comment_thread
from proposals.filters import ProposalFilter
from proposals.forms import AnswerForm, ProposalForm, StatusForm, TransferForm, WithdrawForm
from proposals.models import Proposal
from proposals.services import PROPOSAL_FIELDS, SUPPORTABLE, TRANSITIONS

S = Proposal.Status
PER_PAGE = 20
# The proposal page holds several forms: distinct ids keep every label tied to its field,
# while the field names stay plain ("text", "note") for the POST endpoints.
FORM_IDS = {
    name: {"auto_id": f"{name}_%s"} for name in ("answer", "status", "transfer", "withdraw")
}


# --- Helpers --------------------------------------------------------------------------------


def _visible_proposal(request, pk: int) -> Proposal:
    """The proposal with everything its page shows; 404 if unknown or someone else's draft."""
    proposal = selectors.visible_proposal(pk, request.user)
    if proposal is None:
        raise Http404(_("No such proposal."))
    return proposal


# --- One door per action: the decisions and withdrawal -------------------------------------


@dataclass(frozen=True)
class Action:
    """A form-backed action on one proposal: who may, which form, which service, what to say."""

    perm: str
    form_class: type[forms.Form]
    call: Callable[[Proposal, object, dict], Proposal]
    done: Callable[[Proposal], str]


ACTIONS = {
    "answer": Action(
        "proposals.answer_proposal",
        AnswerForm,
        lambda proposal, user, data: services.proposal_answer(
            proposal=proposal, actor=user, **data
        ),
        lambda proposal: _("Your answer is published. The author and supporters are told."),
    ),
    "status": Action(
        "proposals.change_status_proposal",
        StatusForm,
        lambda proposal, user, data: services.proposal_set_status(
            proposal=proposal, actor=user, **data
        ),
        lambda proposal: (
            _("The proposal is now “%(status)s”.") % {"status": proposal.get_status_display()}
        ),
    ),
    "transfer": Action(
        "proposals.transfer_proposal",
        TransferForm,
        lambda proposal, user, data: services.proposal_transfer(
            proposal=proposal, actor=user, to_space=data["to_space"], reason=data["reason"]
        ),
        lambda proposal: (
            _("“%(title)s” was transferred to %(space)s.")
            % {"title": proposal.title, "space": proposal.space.name}
        ),
    ),
    "withdraw": Action(
        "proposals.withdraw_proposal",
        WithdrawForm,
        lambda proposal, user, data: services.proposal_withdraw(
            proposal=proposal, actor=user, note=data["note"]
        ),
        lambda proposal: _("Your proposal was withdrawn."),
    ),
}


@dataclass
class Acted:
    """What ``act_on`` did: the updated ``proposal`` and its ``notice``, or the bound
    ``form`` with its errors (``proposal`` None)."""

    form: forms.Form
    proposal: Proposal | None = None
    notice: str = ""


def act_on(request, proposal: Proposal, key: str) -> Acted:
    """Check ``ACTIONS[key]``'s permission (before reading the form: an outsider learns
    nothing from validation messages; refused as an unknown proposal is, so that nobody
    learns whose area it lies in), validate its form, call its service."""
    action = ACTIONS[key]
    if not rules.has_perm(action.perm, request.user, proposal):
        raise Http404(_("No such proposal."))
    form = action.form_class(request.POST, **FORM_IDS[key])
    done, updated = submit_form(form, lambda data: action.call(proposal, request.user, data))
    if not done:
        return Acted(form)
    return Acted(form, updated, action.done(updated))


def _suggestion(user, *, topic, space, place=None) -> dict | None:
    """Who is responsible for ``topic`` where the citizen lives (or ``place``), and whether
    the space they address is someone else. None without a topic."""
    if topic is None:
        return None
    if place is None and user.is_authenticated:
        place = user.home
    if place is None and space is not None and space.is_place:
        place = space
    responsible = selectors.suggested_space(topic=topic, home=place) if place else None
    return {
        "topic": topic,
        "place": place,
        "responsible": responsible,
        "addressed": space,
        "differs": bool(space and responsible and space.pk != responsible.pk),
    }


def _support_state(
    user, proposal: Proposal, *, supported=None, error: str = "", notice: str = ""
) -> dict:
    """The support box. ``supported``: whether ``user`` supports it now (read from the
    proposal's ``supported`` annotation, else asked)."""
    authenticated = user.is_authenticated
    if supported is None:
        supported = getattr(proposal, "supported", None)
    if supported is None:
        supported = authenticated and proposal.supports.filter(citizen=user).exists()
    return {
        "is_author": authenticated and proposal.author_id == user.pk,
        "open": proposal.status in SUPPORTABLE,
        "supported": authenticated and supported,
        "can_support": proposal.status in SUPPORTABLE
        and rules.has_perm("proposals.support_proposal", user, proposal),
        "error": error,
        "notice": notice,
    }


def decision_tools(user, proposal: Proposal, bound: dict) -> dict | None:
    """The answer, status and transfer forms a decision maker (or staff) gets, or None.

    Only the steps the lifecycle allows now are offered; a form that came back with errors
    is shown whatever the state, so its message is never hidden.
    """
    if not rules.has_perm("proposals.answer_proposal", user, proposal):
        return None
    current = proposal.status
    if current in Proposal.UNREAD_STATUSES and rules.has_perm(
        "proposals.read_proposal", user, proposal
    ):
        current = S.READ  # the services record the read receipt before any decision
    steps = TRANSITIONS.get(current, set())
    outcomes = [s for s in Proposal.ANSWER_OUTCOMES if s in steps]
    # The status form moves an open proposal under consideration, and an accepted one to
    # implemented; a first decision (accepted, declined…) is an answer, with its text.
    statuses = [S.UNDER_CONSIDERATION] if S.UNDER_CONSIDERATION in steps else []
    if current == S.ACCEPTED:
        statuses.append(S.IMPLEMENTED)
    answer_form = bound.get("answer") or AnswerForm(outcomes=outcomes, **FORM_IDS["answer"])
    status_form = bound.get("status") or StatusForm(statuses=statuses, **FORM_IDS["status"])
    transfer_form = bound.get("transfer") or TransferForm(**FORM_IDS["transfer"])
    if transfer_form.is_bound:
        transfer_to = getattr(transfer_form, "cleaned_data", {}).get("to_space")
    else:
        # Pre-select who is responsible for this topic where the proposal is addressed.
        place = proposal.space if proposal.space.is_place else None
        transfer_to = selectors.suggested_space(topic=proposal.topic, home=place)
        if transfer_to is not None and transfer_to.pk == proposal.space_id:
            transfer_to = None
    return {
        "answer_form": answer_form,
        "show_answer": bool(outcomes) or answer_form.is_bound,
        "status_form": status_form,
        "show_status": bool(statuses) or status_form.is_bound,
        "transfer_form": transfer_form,
        "show_transfer": S.TRANSFERRED in steps or transfer_form.is_bound,
        "transfer_to": transfer_to,
    }


def _detail_context(request, proposal: Proposal, bound: dict | None = None) -> dict:
    user = request.user
    bound = bound or {}
    is_author = user.is_authenticated and proposal.author_id == user.pk
    withdraw_form = bound.get("withdraw") or WithdrawForm(**FORM_IDS["withdraw"])
    # Decided here (no query: the spaces served are read once per request) so the thread
    # comes with its open flags in the same query (discussions/_comments.html).
    can_moderate = rules.has_perm("discussions.moderate_content", user, proposal)
    context = {
        "proposal": proposal,
        "history": proposal.transitions.all(),
        "thread": comment_thread(proposal=proposal, for_moderator=can_moderate),
        "can_moderate": can_moderate,
        "support": _support_state(user, proposal),
        "is_author": is_author,
        "can_edit": rules.has_perm("proposals.edit_proposal", user, proposal),
        # A draft is not withdrawn but edited; the page offers withdrawal once it is public.
        "can_withdraw": proposal.status != S.DRAFT
        and S.WITHDRAWN in TRANSITIONS.get(proposal.status, set())
        and rules.has_perm("proposals.withdraw_proposal", user, proposal),
        "withdraw_form": withdraw_form,
        "decision": decision_tools(user, proposal, bound),
        "suggestion": None,
    }
    if is_author and proposal.status == S.DRAFT:
        context["suggestion"] = _suggestion(user, topic=proposal.topic, space=proposal.space)
    return context


def _detail_with_errors(request, pk: int, bound: dict):
    """The proposal page again, with the form that failed and its messages (400)."""
    proposal = _visible_proposal(request, pk)
    context = _detail_context(request, proposal, bound)
    return render(request, "proposals/detail.html", context, status=400)


# --- Writing --------------------------------------------------------------------------------


def _proposal_initial(proposal: Proposal) -> dict:
    initial = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
    initial["space"] = proposal.space
    return initial


def _parse_suggest_input(data) -> dict:
    """Topic, space and place from a form or query string; unknown values become None."""
    topic = Topic.objects.filter(slug=data.get("topic") or "").first()
    ids = {}
    for name in ("space", "place"):
        value = (data.get(name) or "").strip()
        ids[name] = int(value) if value.isdigit() else None
    wanted = [pk for pk in ids.values() if pk is not None]
    found = Jurisdiction.objects.in_bulk(wanted) if wanted else {}
    space = found.get(ids["space"])
    if space is None and data.get("q"):
        try:
            space = resolve_typed_space(None, data.get("q"))
        except ValidationError:
            space = None
    return {"topic": topic, "space": space, "place": found.get(ids["place"])}


def _proposal_form_page(request, *, proposal: Proposal | None):
    """Create (``proposal`` None) or edit a draft: GET shows the form, POST acts on it.

    The buttons: ``action=draft`` saves, ``action=submit`` saves and submits, and
    ``action=check`` / ``use_space=<id>`` only show who is responsible again (how the form
    works without JavaScript; htmx does the same through ``suggest_space``).
    """
    status = 200
    if request.method == "GET":
        if proposal is None:
            space = Jurisdiction.objects.filter(slug=request.GET.get("space") or "").first()
            topic = Topic.objects.filter(slug=request.GET.get("topic") or "").first()
            practice = Practice.objects.filter(slug=request.GET.get("practice") or "").first()
            form = ProposalForm(
                initial={"space": space, "topic": topic, "practice": practice}, space=space
            )
        else:
            space, topic = proposal.space, proposal.topic
            form = ProposalForm(initial=_proposal_initial(proposal), space=space)
    else:
        data = request.POST.copy()
        action = data.get("action") or "draft"
        if data.get("use_space"):
            data["space"], action = data["use_space"], "check"
        if action == "check":
            chosen = _parse_suggest_input(data)
            space, topic = chosen["space"], chosen["topic"]
            initial = {key: data.get(key) for key in data if key not in ("csrfmiddlewaretoken",)}
            initial["space"] = space
            form = ProposalForm(initial=initial, space=space)
        else:
            form = ProposalForm(data)
            valid = form.is_valid()
            space, topic = form.cleaned_data.get("space"), form.cleaned_data.get("topic")
            form.set_space(space)
            if valid:
                saved = _save_proposal(request, form, proposal, submit=action == "submit")
                if saved is not None:
                    return redirect(saved)
            status = 400
    context = {
        "form": form,
        "proposal": proposal,
        "chosen_space": space,
        "suggestion": _suggestion(request.user, topic=topic, space=space),
    }
    return render(request, "proposals/form.html", context, status=status)


def _save_proposal(request, form: ProposalForm, proposal: Proposal | None, *, submit: bool):
    """Call the services; return the saved proposal, or None with the errors on ``form``."""
    space = form.cleaned_data["space"]
    fields = form.proposal_fields()
    try:
        with transaction.atomic():
            if proposal is None:
                proposal = services.proposal_create(
                    author=request.user, space=space, submit=submit, **fields
                )
            else:
                proposal = services.proposal_update(
                    proposal=proposal, actor=request.user, space=space, **fields
                )
                if submit:
                    proposal = services.proposal_submit(proposal=proposal, actor=request.user)
    except ValidationError as error:
        add_service_error(form, error)
        return None
    if submit:
        messages.success(
            request,
            _("Your proposal was sent to %(space)s. You will be told when it is read and answered.")
            % {"space": space.name},
        )
    else:
        messages.success(
            request, _("Your draft was saved. Only you can see it until you submit it.")
        )
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def create(request):
    return _proposal_form_page(request, proposal=None)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def edit(request, pk):
    proposal = _visible_proposal(request, pk)
    if not rules.has_perm("proposals.edit_proposal", request.user, proposal):
        if proposal.author_id == request.user.pk:
            messages.info(request, _("Only drafts can be edited; this one was already submitted."))
            return redirect(proposal)
        raise PermissionDenied(_("You are not allowed to do this."))
    return _proposal_form_page(request, proposal=proposal)


@require_GET
def suggest_space(request):
    """htmx: who is responsible for the chosen topic, and a warning when the chosen space
    is someone else; also refreshes the body list of the chosen space (out of band)."""
    chosen = _parse_suggest_input(request.GET)
    if not request.htmx:
        query = {"topic": chosen["topic"].slug if chosen["topic"] else ""}
        if chosen["space"] is not None:
            query["space"] = chosen["space"].slug
        return redirect(f"{reverse('proposals:create')}?{urlencode(query)}")
    space = chosen["space"]
    form = ProposalForm(initial={"space": space, "body": request.GET.get("body")}, space=space)
    context = {
        "suggestion": _suggestion(
            request.user, topic=chosen["topic"], space=space, place=chosen["place"]
        ),
        "form": form,
        "oob": True,
        "offer_use": True,
    }
    return render(request, "proposals/_suggestion.html", context)


@login_required
@require_POST
@ratelimit_write
def submit(request, pk):
    proposal = _visible_proposal(request, pk)
    try:
        services.proposal_submit(proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your proposal was sent to %(space)s. You will be told when it is read and answered.")
            % {"space": proposal.space.name},
        )
    return redirect(proposal)


def _acting_view(key: str):
    """The proposal page's POST view of ``ACTIONS[key]``: back to the page with a message,
    or the page again with the form's errors (400)."""

    @login_required
    @require_POST
    @ratelimit_write
    def view(request, pk):
        acted = act_on(request, _visible_proposal(request, pk), key)
        if acted.proposal is None:
            return _detail_with_errors(request, pk, {key: acted.form})
        messages.success(request, acted.notice)
        return redirect(acted.proposal)

    view.__name__ = view.__qualname__ = key
    view.__doc__ = f"POST: ``ACTIONS[{key!r}]`` from the proposal page."
    return view


withdraw = _acting_view("withdraw")


# --- Reading and supporting -----------------------------------------------------------------


@require_GET
def detail(request, pk):
    """The proposal page. Opening it as a decision maker of its space is the read receipt
    (``services.proposal_mark_read``: a write on GET by design, idempotent)."""
    proposal = _visible_proposal(request, pk)
    if request.user.is_authenticated and services.proposal_mark_read(
        proposal=proposal, reader=request.user
    ):
        messages.info(
            request,
            _("Read receipt recorded: everyone now sees that %(space)s has read this proposal.")
            % {"space": proposal.space.name},
        )
    return render(request, "proposals/detail.html", _detail_context(request, proposal))


@login_required
@require_POST
@ratelimit_write
def support(request, pk):
    """Support (``action=support``) or withdraw one's support (``action=unsupport``)."""
    proposal = _visible_proposal(request, pk)
    error = notice = ""
    try:
        if request.POST.get("action") == "unsupport":
            services.support_remove(proposal=proposal, citizen=request.user)
            notice = _("You no longer support this proposal.")
        else:
            services.support_add(proposal=proposal, citizen=request.user)
            notice = _("You support this proposal. You will be told when it is answered.")
    except ValidationError as refused:
        error = " ".join(refused.messages)
    proposal.refresh_from_db(fields=["support_count"])
    if request.htmx:
        supported = proposal.supports.filter(citizen=request.user).exists()  # after the change
        state = _support_state(
            request.user, proposal, supported=supported, error=error, notice=notice
        )
        return render(request, "proposals/_support.html", {"proposal": proposal, "support": state})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(proposal)


@login_required
@require_POST
@ratelimit_write
def follow(request, pk):
    """Follow (``action=follow``) or stop following (``action=unfollow``) a proposal."""
    proposal = _visible_proposal(request, pk)
    try:
        if request.POST.get("action") == "unfollow":
            services.proposal_unfollow(proposal=proposal, citizen=request.user)
            messages.success(request, _("You no longer follow this proposal."))
        else:
            services.proposal_follow(proposal=proposal, citizen=request.user)
            messages.success(
                request, _("You follow this proposal: you will be told when it is answered.")
            )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    return redirect(proposal)


# --- Deciding -------------------------------------------------------------------------------

answer = _acting_view("answer")
change_status = _acting_view("status")
transfer = _acting_view("transfer")


# --- Lists ----------------------------------------------------------------------------------


def _list_page(request, *, space: Jurisdiction | None):
    filters = ProposalFilter(
        request.GET,
        queryset=selectors.proposal_list(user=request.user),
        request=request,
        space=space,
        page=True,
    )
    page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": filters.form, "page": page, "space": space, "filters": filters.chosen()}
    return render(request, "proposals/list.html", context)


@require_GET
def index(request):
    return _list_page(request, space=None)


@require_GET
def space_proposals(request, slug):
    return _list_page(request, space=get_object_or_404(Jurisdiction, slug=slug))


@login_required
@require_GET
def activity(request):
    """My proposals (drafts included), supports, contributions and comments."""
    return render(
        request, "proposals/activity.html", {"activity": selectors.activity_of(request.user)}
    )
