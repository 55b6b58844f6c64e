"""Pages of consultations, contributions, comments, flags and moderation.

Views parse the input, check the permission (``proposals.rules``), call one service
(``proposals.services``) and render. A service's ``ValidationError`` becomes a form error or
a message, its ``PermissionDenied`` a 403, an unknown id a 404. Every POST is
``@login_required``, ``@require_POST`` (or GET/POST for form pages) and ``@ratelimit_write``.

Moderated content: templates never print the text of a hidden comment or contribution, and
a deleted comment has no text left (``comment_delete`` empties it), so neither reaches any
visitor's HTML, moderators included.
"""

from __future__ import annotations

from datetime import timedelta

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from civic.ratelimit import ratelimit_write
from jurisdictions.models import Jurisdiction, Topic
from proposals import services
from proposals.forms_consultations import (
    CloseConsultationForm,
    CommentEditForm,
    CommentForm,
    ConsultationFilterForm,
    ConsultationForm,
    ContributionForm,
    FlagForm,
    ModerateForm,
    OutcomeForm,
    add_service_error,
)
from proposals.models import Agreement, Comment, Consultation, Contribution, Flag, Proposal
from proposals.selectors import consultation_list, contributions_of

CONSULTATIONS_PER_PAGE = 20
CONTRIBUTIONS_PER_PAGE = 20


# --- Addresses ------------------------------------------------------------------------------


def contribution_url(contribution: Contribution, anchor: str = "") -> str:
    """The consultation page focused on one contribution (it may sit on any page of the list).

    ``Contribution.get_absolute_url`` points at the first page only; after acting on a
    contribution the citizen comes back here, where it is sure to be shown.
    """
    url = reverse("proposals:consultation", kwargs={"pk": contribution.consultation_id})
    return f"{url}?contribution={contribution.pk}#{anchor or f'contribution-{contribution.pk}'}"


def comment_url(comment: Comment) -> str:
    if comment.contribution_id:
        return contribution_url(comment.contribution, f"comment-{comment.pk}")
    return comment.get_absolute_url()


def content_url(content) -> str:
    return comment_url(content) if isinstance(content, Comment) else contribution_url(content)


def _comments():
    """Comments with what their space, address and permissions read, in the same query."""
    return Comment.objects.select_related(
        "author", "proposal__space", "contribution__consultation__space", "chapter__space"
    )


def _contributions():
    return Contribution.objects.select_related("author", "consultation__space")


# --- Page reads -----------------------------------------------------------------------------
# Reads that only these pages need; each is one query whatever the number of rows.


def _attach_threads(contributions: list[Contribution]) -> list[Comment]:
    """Give each contribution its ``thread`` (roots with ``children``), in one query.

    The same tree as ``selectors.comment_thread``, for a whole page of contributions at
    once instead of one query per contribution. Returns every comment, flat.
    """
    by_id = {contribution.pk: contribution for contribution in contributions}
    for contribution in contributions:
        contribution.thread = []
    if not by_id:
        return []
    comments = list(
        Comment.objects.filter(contribution_id__in=by_id)
        .select_related("author", "hidden_by")
        .order_by("created_at", "id")
    )
    nodes = {comment.pk: comment for comment in comments}
    for comment in comments:
        comment.children = []
        comment.contribution = by_id[comment.contribution_id]
    for comment in comments:
        parent = nodes.get(comment.parent_id)
        (parent.children if parent else by_id[comment.contribution_id].thread).append(comment)
    return comments


def _attach_open_flags(contributions, comments) -> None:
    """Set ``open_flags`` (flags not dismissed yet) on each item, for moderators."""
    for item in (*contributions, *comments):
        item.open_flags = 0
    if not contributions and not comments:
        return
    rows = (
        Flag.objects.filter(dismissed_at__isnull=True)
        .filter(
            Q(contribution__in=[c.pk for c in contributions])
            | Q(comment__in=[c.pk for c in comments])
        )
        .values("contribution_id", "comment_id")
        .annotate(n=Count("id"))
    )
    contribution_by_id = {c.pk: c for c in contributions}
    comment_by_id = {c.pk: c for c in comments}
    for row in rows:
        if row["comment_id"]:
            comment_by_id[row["comment_id"]].open_flags = row["n"]
        else:
            contribution_by_id[row["contribution_id"]].open_flags = row["n"]


def _int_or_none(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


# --- Lists ----------------------------------------------------------------------------------


def _list_page(request, *, space: Jurisdiction | None):
    topics = list(Topic.objects.all())
    # "Include the places within" only where there are places within (treebeard's numchild).
    form = ConsultationFilterForm(
        request.GET,
        topics=topics,
        descendants_option=bool(space and space.is_place and space.numchild),
    )
    consultations = consultation_list(space=space, **form.filters())
    page = Paginator(consultations, CONSULTATIONS_PER_PAGE).get_page(request.GET.get("page"))
    can_open = space is not None and rules.has_perm(
        "proposals.open_consultation", request.user, space
    )
    return render(
        request,
        "consultations/list.html",
        {"space": space, "form": form, "page": page, "can_open": can_open},
    )


def consultations(request):
    """Every consultation, newest first, with search, topic and open-only filters."""
    return _list_page(request, space=None)


def space_consultations(request, slug):
    """The consultations of one space (optionally with the places within it)."""
    space = get_object_or_404(Jurisdiction, slug=slug)
    return _list_page(request, space=space)


# --- One consultation -----------------------------------------------------------------------


def _consultation(pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("space", "topic", "body", "created_by", "closed_by"),
        pk=pk,
    )


def consultation(request, pk):
    return _render_consultation(request, _consultation(pk))


def _render_consultation(request, consultation: Consultation, *, contribution_form=None):
    """The consultation page; ``?contribution=<id>`` shows that one contribution only."""
    user = request.user
    contributions = contributions_of(consultation, user=user)
    focus = _int_or_none(request.GET.get("contribution"))
    page = None
    if focus:
        contributions = list(contributions.filter(pk=focus))
    else:
        page = Paginator(contributions, CONTRIBUTIONS_PER_PAGE).get_page(request.GET.get("page"))
        contributions = list(page.object_list)
    comments = _attach_threads(contributions)

    # Reviewing and moderating depend only on the space, which every contribution of the
    # page shares: one check each per page, not one mandate query per row.
    sample = contributions[0] if contributions else None
    can_review = sample is not None and rules.has_perm(
        "proposals.review_contribution", user, sample
    )
    can_moderate = sample is not None and rules.has_perm("proposals.moderate_content", user, sample)
    if can_moderate:
        _attach_open_flags(contributions, comments)

    can_contribute = consultation.is_open and rules.has_perm("proposals.post_contribution", user)
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
            "can_manage": rules.has_perm("proposals.manage_consultation", user, consultation),
            "can_review": can_review,
            "can_moderate": can_moderate,
            "can_contribute": can_contribute,
            "contribution_form": contribution_form,
        },
    )


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
    if not rules.has_perm("proposals.open_consultation", request.user, space):
        raise PermissionDenied
    start = timezone.now().replace(second=0, microsecond=0)
    form = ConsultationForm(
        request.POST or None,
        space=space,
        initial={"opens_at": start, "closes_at": start + timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_open(
                actor=request.user, space=space, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The consultation is published."))
            return redirect(consultation)
    return _consultation_form_page(request, form, space=space)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def consultation_edit(request, pk):
    consultation = _consultation(pk)
    if not rules.has_perm("proposals.manage_consultation", request.user, consultation):
        raise PermissionDenied
    if consultation.closed_at is not None:
        messages.error(request, _("A closed consultation cannot be edited."))
        return redirect(consultation)
    fields = services.CONSULTATION_FIELDS
    form = ConsultationForm(
        request.POST or None,
        space=consultation.space,
        initial={name: getattr(consultation, name) for name in fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(
                consultation=consultation, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The consultation was updated."))
            return redirect(consultation)
    return _consultation_form_page(
        request, form, space=consultation.space, consultation=consultation
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def consultation_close(request, pk):
    consultation = _consultation(pk)
    if not rules.has_perm("proposals.manage_consultation", request.user, consultation):
        raise PermissionDenied
    if consultation.closed_at is not None:
        messages.error(request, _("This consultation is already closed."))
        return redirect(consultation)
    form = CloseConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_close(
                consultation=consultation, actor=request.user, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The consultation is closed. Participants can read what was decided.")
            )
            return redirect(consultation)
    return render(request, "consultations/close.html", {"form": form, "consultation": consultation})


# --- Contributions --------------------------------------------------------------------------


@login_required
@require_POST
@ratelimit_write
def contribute(request, pk):
    consultation = _consultation(pk)
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
            return redirect(contribution_url(contribution))
    return _render_consultation(request, consultation, contribution_form=form)


@login_required
@require_POST
@ratelimit_write
def agree(request, pk):
    """Agree with a contribution, or withdraw one's agreement (``action=withdraw``)."""
    contribution = get_object_or_404(_contributions(), pk=pk)
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
    return redirect(contribution_url(contribution))


@login_required
@require_POST
@ratelimit_write
def contribution_read(request, pk):
    contribution = get_object_or_404(_contributions(), pk=pk)
    if services.contribution_mark_read(contribution=contribution, actor=request.user):
        messages.success(request, _("Marked as read. Its author can see it."))
    else:
        messages.info(request, _("This contribution was already marked as read."))
    return redirect(contribution_url(contribution))


@login_required
@require_POST
@ratelimit_write
def contribution_helped(request, pk):
    contribution = get_object_or_404(_contributions(), pk=pk)
    if not rules.has_perm("proposals.review_contribution", request.user, contribution):
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how this contribution helped."))
        return redirect(contribution_url(contribution))
    try:
        changed = services.contribution_mark_helped(
            contribution=contribution,
            actor=request.user,
            outcome_note=form.cleaned_data["outcome_note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if changed:
            messages.success(
                request, _("Its author will see that this contribution helped shape policy.")
            )
        else:
            messages.info(request, _("This contribution was already marked as helpful."))
    return redirect(contribution_url(contribution))


# --- Comments -------------------------------------------------------------------------------


def _comment_targets(form: CommentForm, user):
    """The parent, proposal, contribution and chapter the form names (404 for unknown ids)."""
    from chapters.models import Chapter

    data = getattr(form, "cleaned_data", {})
    parent = proposal = contribution = chapter = None
    if data.get("parent"):
        parent = get_object_or_404(_comments(), pk=data["parent"])
        proposal, contribution, chapter = parent.proposal, parent.contribution, parent.chapter
    else:
        if data.get("proposal"):
            proposal = get_object_or_404(
                Proposal.objects.select_related("space"), pk=data["proposal"]
            )
        if data.get("contribution"):
            contribution = get_object_or_404(
                _contributions().select_related("consultation"), pk=data["contribution"]
            )
        if data.get("chapter"):
            chapter = get_object_or_404(Chapter.objects.select_related("space"), pk=data["chapter"])
    if proposal is not None and not rules.has_perm("proposals.see_proposal", user, proposal):
        raise Http404
    return parent, proposal, contribution, chapter


def _target_url(proposal, contribution, chapter=None) -> str:
    if contribution is not None:
        return contribution_url(contribution, f"comments-contribution-{contribution.pk}")
    if proposal is not None:
        return f"{proposal.get_absolute_url()}#comments-proposal-{proposal.pk}"
    if chapter is not None:
        return f"{chapter.get_absolute_url()}#comments-chapter-{chapter.pk}"
    return reverse("proposals:consultations")


@login_required
@require_POST
@ratelimit_write
def comment_post(request):
    """Post a comment on a proposal, a contribution or a chapter's forum, or a reply
    (``parent``). Posting in a forum one is not a member of is a 403 (the service says so)."""
    form = CommentForm(request.POST)
    valid = form.is_valid()
    parent, proposal, contribution, chapter = _comment_targets(form, request.user)
    if valid:
        data = form.cleaned_data
        try:
            comment = services.comment_post(
                author=request.user,
                text=data["text"],
                proposal=None if parent else proposal,
                contribution=None if parent else contribution,
                chapter=None if parent else chapter,
                parent=parent,
                sources=data["sources"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(comment_url(comment))
    return render(
        request,
        "consultations/comment_form.html",
        {
            "form": form,
            "parent": parent,
            "proposal": proposal,
            "contribution": contribution,
            "chapter": chapter,
            "back_url": _target_url(proposal, contribution, chapter),
        },
    )


def _edit_window_message() -> str:
    minutes = int(settings.COMMENT_EDIT_WINDOW.total_seconds() // 60)
    return ngettext(
        "A comment can only be edited during the %(minutes)d minute after it was posted.",
        "A comment can only be edited during the %(minutes)d minutes after it was posted.",
        minutes,
    ) % {"minutes": minutes}


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def comment_edit(request, pk):
    comment = get_object_or_404(_comments(), pk=pk)
    own_live_comment = (
        comment.author_id == request.user.pk and not comment.is_deleted and not comment.is_hidden
    )
    if not own_live_comment:
        raise PermissionDenied
    allowed = rules.has_perm("proposals.edit_comment", request.user, comment)
    if not allowed and request.method == "GET":
        messages.error(request, _edit_window_message())
        return redirect(comment_url(comment))
    form = CommentEditForm(
        request.POST or None, initial={"text": comment.text, "sources": comment.sources}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment,
                actor=request.user,
                text=form.cleaned_data["text"],
                sources=form.cleaned_data["sources"],
            )
        except PermissionDenied:
            # The window closed while they were typing: keep their text on the page.
            form.add_error(None, _edit_window_message())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your comment was updated."))
            return redirect(comment_url(comment))
    return render(
        request,
        "consultations/comment_form.html",
        {
            "form": form,
            "comment": comment,
            "edit_window": _edit_window_message(),
            "proposal": comment.proposal,
            "contribution": comment.contribution,
            "chapter": comment.chapter,
            "back_url": comment_url(comment),
        },
    )


@login_required
@require_POST
@ratelimit_write
def comment_delete(request, pk):
    comment = get_object_or_404(_comments(), pk=pk)
    services.comment_delete(comment=comment, actor=request.user)
    messages.success(request, _("Your comment was deleted. Replies to it stay readable."))
    return redirect(comment_url(comment))


# --- Flags and moderation -------------------------------------------------------------------


def _content(form) -> Comment | Contribution | None:
    """The comment or contribution a flag or moderation form names (404 if unknown)."""
    data = getattr(form, "cleaned_data", {})
    if data.get("comment"):
        return get_object_or_404(_comments(), pk=data["comment"])
    if data.get("contribution"):
        return get_object_or_404(_contributions(), pk=data["contribution"])
    return None


@login_required
@require_POST
@ratelimit_write
def flag(request):
    """Report a comment or a contribution to the moderators of its space (once)."""
    form = FlagForm(request.POST)
    valid = form.is_valid()
    content = _content(form)
    if content is None:
        return HttpResponseBadRequest(_("Name a comment or a contribution."))
    if not rules.has_perm("proposals.flag_content", request.user, content):
        raise PermissionDenied
    if not valid:
        messages.error(request, _("Choose the reason for flagging it."))
        return redirect(content_url(content))
    kind = "comment" if isinstance(content, Comment) else "contribution"
    try:
        services.flag_add(
            citizen=request.user,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
            **{kind: content},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        # A chapter's forum is moderated by its organisers: name the chapter, not its city.
        chapter = getattr(content, "chapter", None)
        messages.success(
            request,
            _("Thank you. The moderators of %(space)s will review it.")
            % {"space": chapter.name if chapter is not None else content.space.name},
        )
    return redirect(content_url(content))


@login_required
@require_POST
@ratelimit_write
def moderate(request):
    """Hide or restore content with a public reason, or dismiss its flags."""
    form = ModerateForm(request.POST)
    valid = form.is_valid()
    content = _content(form)
    if content is None:
        return HttpResponseBadRequest(_("Name a comment or a contribution."))
    if not rules.has_perm("proposals.moderate_content", request.user, content):
        raise PermissionDenied
    if not valid:
        messages.error(request, _("Choose hide, restore or dismiss."))
        return redirect(content_url(content))
    kind = "comment" if isinstance(content, Comment) else "contribution"
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    try:
        if action == "hide":
            changed = services.content_hide(actor=request.user, reason=reason, **{kind: content})
            done = _("Hidden. Everyone now sees the public reason instead of the text.")
            already = _("This was already hidden.")
        elif action == "restore":
            changed = services.content_restore(actor=request.user, reason=reason, **{kind: content})
            done, already = _("Restored."), _("This was not hidden.")
        else:
            changed = services.flags_dismiss(actor=request.user, **{kind: content})
            done = ngettext("%(count)d flag dismissed.", "%(count)d flags dismissed.", changed) % {
                "count": changed
            }
            already = _("There were no open flags.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if changed:
            messages.success(request, done)
        else:
            messages.info(request, already)
    return redirect(content_url(content))


# --- Pages ----------------------------------------------------------------------------------


def code_of_conduct(request):
    return render(request, "pages/code_of_conduct.html")
