"""Pages of the discussions: post, edit and delete comments, flag, moderate; the code of
conduct.

Views parse the input, check the permission, call one service
(``proposals.discussions.services``) and render or redirect. A service's
``ValidationError`` becomes a form error or a message, its ``PermissionDenied`` a 403, an
unknown id a 404. Every POST is ``@login_required``, ``@require_POST`` (or GET/POST for
form pages) and ``@ratelimit_write``.

Moderated content: templates never print the text of a hidden comment or contribution, and
a deleted comment has no text left (``comment_delete`` empties it), so neither reaches any
visitor's HTML, moderators included.
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from civic.forms import submit_form
from civic.ratelimit import ratelimit_write
from proposals.discussions import selectors, services
from proposals.discussions.forms import CommentEditForm, CommentForm, FlagForm, ModerateForm
from proposals.discussions.models import Comment


def thread_url(target) -> str:
    """Where the thread of ``target`` (a proposal, a contribution, a chapter) is shown."""
    name = target._meta.model_name
    return f"{target.get_absolute_url().split('#')[0]}#comments-{name}-{target.pk}"


def edit_window_message() -> str:
    minutes = int(settings.COMMENT_EDIT_WINDOW.total_seconds() // 60)
    return ngettext(
        "A comment can only be edited during the %(minutes)d minute after it was posted.",
        "A comment can only be edited during the %(minutes)d minutes after it was posted.",
        minutes,
    ) % {"minutes": minutes}


# --- Comments -------------------------------------------------------------------------------


def _named(target) -> dict:
    """``{"proposal": …}``, ``{"contribution": …}`` or ``{"chapter": …}`` for the templates."""
    return {target._meta.model_name: target} if target is not None else {}


def _comment_target(form: CommentForm, user):
    """The parent comment or the target the form names, as (parent, target); 404 for an
    unknown id or a proposal the citizen may not see (someone else's draft)."""
    data = getattr(form, "cleaned_data", {})
    if data.get("parent"):
        parent = get_object_or_404(selectors.comments(), pk=data["parent"])
        return parent, parent.target
    for name in CommentForm.TARGETS:
        if data.get(name):
            model = Comment._meta.get_field(name).related_model
            related = {"contribution": ["consultation__space"]}.get(name, ["space"])
            target = get_object_or_404(model.objects.select_related(*related), pk=data[name])
            if name == "proposal" and not rules.has_perm("proposals.see_proposal", user, target):
                raise Http404
            return None, target
    return None, None


@login_required
@require_POST
@ratelimit_write
def comment_post(request):
    """Post a comment on a proposal, a contribution or a chapter's forum, or a reply
    (``parent``). Posting in a forum one is not a member of is a 403 (the service says so)."""
    form = CommentForm(request.POST)
    valid = form.is_valid()
    parent, target = _comment_target(form, request.user)
    if valid:
        where = {} if parent or target is None else {target._meta.model_name: target}
        done, comment = submit_form(
            form,
            lambda data: services.comment_post(
                author=request.user,
                text=data["text"],
                parent=parent,
                sources=data["sources"],
                **where,
            ),
        )
        if done:
            messages.success(request, _("Your comment is published."))
            return redirect(comment.get_absolute_url())
    return render(
        request,
        "discussions/comment_form.html",
        {
            "form": form,
            "parent": parent,
            **_named(target),
            "back_url": thread_url(target) if target else reverse("consultations:list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def comment_edit(request, pk):
    comment = get_object_or_404(selectors.comments(), pk=pk)
    own_live_comment = (
        comment.author_id == request.user.pk and not comment.is_deleted and not comment.is_hidden
    )
    if not own_live_comment:
        raise PermissionDenied
    allowed = rules.has_perm("discussions.edit_comment", request.user, comment)
    if not allowed and request.method == "GET":
        messages.error(request, edit_window_message())
        return redirect(comment.get_absolute_url())
    form = CommentEditForm(
        request.POST or None, initial={"text": comment.text, "sources": comment.sources}
    )
    if request.method == "POST":
        try:
            done, _comment = submit_form(
                form,
                lambda data: services.comment_edit(
                    comment=comment, actor=request.user, text=data["text"], sources=data["sources"]
                ),
            )
        except PermissionDenied:
            # The window closed while they were typing: keep their text on the page.
            form.add_error(None, edit_window_message())
            done = False
        if done:
            messages.success(request, _("Your comment was updated."))
            return redirect(comment.get_absolute_url())
    return render(
        request,
        "discussions/comment_form.html",
        {
            "form": form,
            "comment": comment,
            "edit_window": edit_window_message(),
            **_named(comment.target),
            "back_url": comment.get_absolute_url(),
        },
    )


@login_required
@require_POST
@ratelimit_write
def comment_delete(request, pk):
    comment = get_object_or_404(selectors.comments(), pk=pk)
    services.comment_delete(comment=comment, actor=request.user)
    messages.success(request, _("Your comment was deleted. Replies to it stay readable."))
    return redirect(comment.get_absolute_url())


# --- Flags and moderation -------------------------------------------------------------------


def content_from(form) -> object:
    """The comment or contribution a flag or moderation form names: 400 if it names none
    (no page sends that), 404 if unknown."""
    named = form.content_named()
    if named is None:
        raise BadRequest(_("Name a comment or a contribution."))
    content = selectors.moderated_content(*named)
    if content is None:
        raise Http404
    return content


@login_required
@require_POST
@ratelimit_write
def flag(request):
    """Report a comment or a contribution to the moderators of its space (once)."""
    form = FlagForm(request.POST)
    valid = form.is_valid()
    content = content_from(form)
    if not rules.has_perm("discussions.flag_content", request.user, content):
        raise PermissionDenied
    if not valid:
        messages.error(request, _("Choose the reason for flagging it."))
        return redirect(content.get_absolute_url())
    done, _flag = submit_form(
        form,
        lambda data: services.flag_add(
            citizen=request.user, content=content, reason=data["reason"], details=data["details"]
        ),
    )
    if done:
        # A chapter's forum is moderated by its organisers: name the chapter, not its city.
        chapter = getattr(content, "chapter", None)
        messages.success(
            request,
            _("Thank you. The moderators of %(space)s will review it.")
            % {"space": chapter.name if chapter is not None else content.space.name},
        )
    else:
        messages.error(request, " ".join(form.non_field_errors()))
    return redirect(content.get_absolute_url())


@dataclass
class Moderation:
    """A moderation posted from a page: the content, the bound form, and either the
    service's ``result`` or the ``error`` to show."""

    content: object
    form: ModerateForm
    result: services.ModerationResult | None = None
    error: str = ""


def moderation_posted(request) -> Moderation:
    """What every moderation door on a page shares (the page of the content, the dashboard's
    queue): the content the form names, the permission (403 before reading the form), then
    ``content_moderate``."""
    form = ModerateForm(request.POST)
    valid = form.is_valid()
    content = content_from(form)
    if not rules.has_perm("discussions.moderate_content", request.user, content):
        raise PermissionDenied
    if not valid:
        return Moderation(content, form, error=_("Choose hide, restore or dismiss."))
    done, result = submit_form(
        form,
        lambda data: services.content_moderate(
            actor=request.user, content=content, action=data["action"], reason=data["reason"]
        ),
    )
    if not done:
        errors = [message for field_errors in form.errors.values() for message in field_errors]
        return Moderation(content, form, error=" ".join(errors))
    return Moderation(content, form, result=result)


@login_required
@require_POST
@ratelimit_write
def moderate(request):
    """Hide or restore content with a public reason, or dismiss its flags (from the page
    that shows it; the dashboard's queue is another door onto the same service)."""
    moderation = moderation_posted(request)
    if moderation.error:
        messages.error(request, moderation.error)
    elif moderation.result.changed:
        messages.success(request, moderation.result.message)
    else:
        messages.info(request, moderation.result.message)
    return redirect(moderation.content.get_absolute_url())


def code_of_conduct(request):
    return render(request, "discussions/code_of_conduct.html")
