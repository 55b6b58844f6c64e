"""Pages of citizen competences: the framework, a lesson and its quiz, "My competences",
the public profile, the aggregates of a place and of a chapter, and the attendance of a
study circle.

Views parse the input, check the permission, call one service
(``civic.competences.services``) or selector (``civic.competences.selectors``)
and render. Write views are POST-only (or GET and POST for forms), need a signed-in citizen
and count against the write budget (``ratelimit_write``). Opening a lesson while signed in
records it as read (``lesson_mark_read``, idempotent): that is what "read" means here.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civic.competences import selectors, services
from civic.competences.forms import (
    AttendanceForm,
    QuizForm,
    SelfAssessmentForm,
    VisibilityForm,
)
from civic.competences.models import Competence, QuizAttempt
from civic.forms import add_service_error
from civic.models import Citizen
from civic.ratelimit import ratelimit_write

SELF_IDS = {"auto_id": "self_%s"}


def _competence(request, slug: str) -> Competence:
    try:
        return selectors.competence_for_page(slug, user=request.user)
    except Competence.DoesNotExist:
        raise Http404(_("No such competence.")) from None


# --- The framework and the lessons ------------------------------------------------------------


@require_GET
def competence_list(request):
    """The three areas and their competences; a signed-in citizen sees their progress."""
    if request.user.is_authenticated:
        areas = selectors.citizen_progress(request.user)
    else:
        areas = [
            selectors.AreaProgress(area, area.competence_list)
            for area in selectors.areas_with_competences()
            if area.competence_list
        ]
    return render(
        request,
        "competences/list.html",
        {"areas": areas, "pass_percent": selectors.PASS_PERCENT},
    )


def _lesson_context(request, competence: Competence, *, self_form=None) -> dict:
    progress = selectors.competence_progress(competence, request.user)
    if self_form is None and progress is not None:
        initial = {"level": str(progress.self_level)} if progress.self_level else {}
        self_form = SelfAssessmentForm(initial=initial, **SELF_IDS)
    return {
        "competence": competence,
        "area": competence.area,
        "progress": progress,
        "self_form": self_form,
        "circles": selectors.study_circles(competence),
        "question_count": competence.questions.count(),
        "pass_percent": selectors.PASS_PERCENT,
    }


@require_GET
def competence_detail(request, slug):
    """The lesson. Opening it signed in records it as read."""
    competence = _competence(request, slug)
    if request.user.is_authenticated and competence.published and competence.area.published:
        services.lesson_mark_read(citizen=request.user, competence=competence)
    return render(request, "competences/detail.html", _lesson_context(request, competence))


@login_required
@require_POST
@ratelimit_write
def competence_self_assess(request, slug):
    competence = _competence(request, slug)
    form = SelfAssessmentForm(request.POST, **SELF_IDS)
    if form.is_valid():
        try:
            services.self_assessment_save(
                citizen=request.user, competence=competence, level=form.cleaned_data["level"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your self-assessment is saved."))
            return redirect(f"{competence.get_absolute_url()}#self-title")
    context = _lesson_context(request, competence, self_form=form)
    return render(request, "competences/detail.html", context, status=400)


# --- The quiz ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ratelimit_write
def competence_quiz(request, slug):
    """The self-check quiz. Answers are scored on the server; the right ones and the
    explanations are shown only after answering (``quiz_result``)."""
    competence = _competence(request, slug)
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    questions = selectors.quiz_questions(competence)
    if not questions:
        raise Http404(_("This competence has no quiz yet."))
    status = 200
    if request.method == "POST":
        form = QuizForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                result = services.quiz_submit(
                    citizen=request.user, competence=competence, answers=form.answers()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return redirect(
                    "competences:quiz_result", slug=competence.slug, pk=result.attempt.pk
                )
        status = 400
    else:
        form = QuizForm(questions=questions)
    context = {
        "competence": competence,
        "area": competence.area,
        "form": form,
        "pass_percent": selectors.PASS_PERCENT,
    }
    return render(request, "competences/quiz.html", context, status=status)


@login_required
@require_GET
def quiz_result(request, slug, pk):
    """One's own attempt: the score, each question right or not, and what was right and why
    once the answers may be shown (``selectors.answers_revealed``)."""
    competence = _competence(request, slug)
    attempt = get_object_or_404(QuizAttempt, pk=pk, competence=competence, citizen=request.user)
    questions = selectors.quiz_questions(competence)
    chosen = {
        int(key): frozenset(value)
        for key, value in attempt.answers.items()
        if str(key).isdigit() and isinstance(value, list)
    }
    # Questions added after the attempt have no answer in it: they are left out.
    answered = [question for question in questions if question.pk in chosen]
    result = services.QuizResult(
        attempt=attempt,
        questions=services.quiz_score(answered, chosen),
        reveal=selectors.answers_revealed(attempt),
    )
    context = {
        "competence": competence,
        "area": competence.area,
        "result": result,
        "progress": selectors.competence_progress(competence, request.user),
        "pass_percent": selectors.PASS_PERCENT,
    }
    return render(request, "competences/result.html", context)


# --- My competences and the public profile -----------------------------------------------------


@login_required
@require_GET
def my_competences(request):
    areas = selectors.citizen_progress(request.user)
    context = {
        "areas": areas,
        "completed_total": sum(area.completed for area in areas),
        "competence_total": sum(area.total for area in areas),
        "visibility_form": VisibilityForm(
            initial={"show": request.user.show_competences}, auto_id="visibility_%s"
        ),
        "pass_percent": selectors.PASS_PERCENT,
    }
    return render(request, "competences/mine.html", context)


@login_required
@require_POST
@ratelimit_write
def competences_visibility(request):
    form = VisibilityForm(request.POST)
    show = form.is_valid() and form.cleaned_data["show"]
    services.competences_visibility_set(citizen=request.user, show=show)
    if show:
        messages.success(request, _("Your public profile now shows the areas you completed."))
    else:
        messages.success(request, _("Your public profile no longer shows your competences."))
    return redirect(f"{reverse('competences:mine')}#visibility-title")


@require_GET
def citizen_profile(request, pk):
    """A citizen's public page: their public name and, if they chose so, completed areas."""
    citizen = get_object_or_404(Citizen, pk=pk, is_active=True, deleted_at__isnull=True)
    context = {
        "citizen": citizen,
        "areas": selectors.public_completed_areas(citizen),
        "is_self": request.user.is_authenticated and request.user.pk == citizen.pk,
    }
    return render(request, "competences/profile.html", context)


# --- Aggregates of a place and of a chapter ---------------------------------------------------


@require_GET
def place_competences(request, slug):
    from jurisdictions.models import Jurisdiction

    place = get_object_or_404(Jurisdiction, slug=slug)
    if not place.is_place:
        raise Http404(_("Competence statistics are kept for places."))
    stats = selectors.group_competence_stats(selectors.place_citizens(place))
    return render(
        request,
        "competences/stats.html",
        {"stats": stats, "place": place, "group_name": place.label},
    )


@require_GET
def chapter_competences(request, slug):
    from chapters.models import Chapter

    chapter = get_object_or_404(Chapter.objects.select_related("space"), slug=slug)
    stats = selectors.group_competence_stats(selectors.chapter_citizens(chapter))
    return render(
        request,
        "competences/stats.html",
        {"stats": stats, "chapter": chapter, "group_name": chapter.name},
    )


# --- Study circles: who came -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def meeting_attendance(request, slug, pk):
    """Organisers record who came to a meeting; on a study circle it counts as learning."""
    from chapters.models import RSVP, Meeting

    meeting = get_object_or_404(
        Meeting.objects.select_related("chapter__space", "competence"), chapter__slug=slug, pk=pk
    )
    if not rules.has_perm("chapters.manage_chapter", request.user, meeting.chapter):
        raise PermissionDenied(_("Only the organisers of the chapter record who came."))
    rsvps = list(
        RSVP.objects.filter(meeting=meeting).select_related("citizen").order_by("created_at", "pk")
    )
    begun = meeting.starts_at <= timezone.now()
    status = 200
    if request.method == "POST":
        form = AttendanceForm(request.POST, rsvps=rsvps)
        if form.is_valid():
            try:
                count = services.study_circle_attendance_set(
                    actor=request.user,
                    meeting=meeting,
                    attended=form.cleaned_data["attended"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Attendance recorded: %(count)d of %(total)d came.")
                    % {"count": count, "total": len(rsvps)},
                )
                return redirect(meeting)
        status = 400
    else:
        form = AttendanceForm(
            initial={"attended": [str(r.citizen_id) for r in rsvps if r.attended]}, rsvps=rsvps
        )
    context = {"meeting": meeting, "chapter": meeting.chapter, "form": form, "begun": begun}
    return render(request, "competences/attendance.html", context, status=status)
