"""Practice and challenge pages, and the MTR calculator of the 50/50 challenge.

Views parse the input, check the permission (``challenges.rules``), call one service or
selector and render. A service's ``ValidationError`` comes back as a form message (status
400), its ``PermissionDenied`` as the 403 page. Write views are ``login_required``,
``require_POST`` (or GET and POST for forms) and ``ratelimit_write``.
"""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from challenges import mtr, selectors, services
from challenges.forms import (
    DIMENSIONS,
    AssessmentForm,
    ChallengeForm,
    MTRForm,
    PlaceForm,
    PracticeFilterForm,
    PracticeForm,
)
from challenges.models import Challenge, Practice
from civic.forms import add_service_error
from civic.ratelimit import ratelimit_write

PER_PAGE = 20
# The practice page holds two forms: distinct ids keep every label tied to its field.
ASSESS_IDS = {"auto_id": "assess_%s"}
PLACE_IDS = {"auto_id": "place_%s"}


def _require(user, perm: str, obj=None) -> None:
    """403 before reading the form: an outsider learns nothing from validation messages."""
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


# --- Practices -------------------------------------------------------------------------------


@require_GET
def practice_list(request):
    form = PracticeFilterForm(request.GET or None)
    filters = form.filters()
    page = Paginator(selectors.practice_list(**filters), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "counts": selectors.practice_counts(),
        "min_assessments": settings.BEST_PRACTICE_MIN_ASSESSMENTS,
        "global_min_nations": services.GLOBAL_MIN_NATIONS,
    }
    return render(request, "challenges/practice_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def practice_create(request):
    _require(request.user, "challenges.propose_practice")
    status = 200
    if request.method == "POST":
        form = PracticeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            place = data.get("place")
            try:
                practice = services.practice_create(
                    author=request.user,
                    title=data["title"],
                    domain=data["domain"],
                    description=data["description"],
                    evidence_links=data["evidence_links"],
                    implemented_in=[place] if place else [],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you: the practice is published. Citizens can now assess its impacts."),
                )
                return redirect(practice)
        status = 400
    else:
        form = PracticeForm()
    # A place already chosen stays in the picker when other fields need fixing.
    chosen = getattr(form, "cleaned_data", {}).get("place")
    return render(
        request,
        "challenges/practice_form.html",
        {"form": form, "chosen_place": chosen},
        status=status,
    )


def _practice_context(request, practice: Practice, *, assess_form=None, place_form=None) -> dict:
    user = request.user
    own = selectors.assessment_of(user, practice)
    if assess_form is None and rules.has_perm("challenges.assess_practice", user, practice):
        initial = {}
        if own is not None:
            initial = {
                name: getattr(own, name)
                for name in (*(n for n, _l in DIMENSIONS), "freedom", "comment")
            }
        assess_form = AssessmentForm(initial=initial, **ASSESS_IDS)
    can_add_place = rules.has_perm("challenges.add_practice_place", user, practice)
    if place_form is None and can_add_place:
        place_form = PlaceForm(**PLACE_IDS)
    return {
        "practice": practice,
        "places": list(practice.implemented_in.all()),
        "challenges": list(practice.challenges.all()),
        "own_assessment": own,
        "assess_form": assess_form,
        "place_form": place_form,
        "can_add_place": can_add_place,
        "can_create_challenge": rules.has_perm("challenges.create_challenge", user, practice)
        and services.practice_can_become_challenge(practice),
        "comments": selectors.recent_comments(practice),
        "adoptions": selectors.adoption_proposals(practice),
        "min_assessments": settings.BEST_PRACTICE_MIN_ASSESSMENTS,
        "global_min_nations": services.GLOBAL_MIN_NATIONS,
    }


def _practice(slug: str) -> Practice:
    try:
        return selectors.practice_for_page(slug=slug)
    except Practice.DoesNotExist:
        raise Http404(_("No such practice.")) from None


@require_GET
def practice_detail(request, slug):
    practice = _practice(slug)
    return render(request, "challenges/practice_detail.html", _practice_context(request, practice))


@login_required
@require_POST
@ratelimit_write
def practice_assess(request, slug):
    practice = _practice(slug)
    _require(request.user, "challenges.assess_practice", practice)
    form = AssessmentForm(request.POST, **ASSESS_IDS)
    if form.is_valid():
        try:
            _assessment, created = services.assessment_save(
                practice=practice, citizen=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Your assessment is counted. Thank you.")
                if created
                else _("Your assessment is updated."),
            )
            return redirect(f"{practice.get_absolute_url()}#assessment-title")
    context = _practice_context(request, practice, assess_form=form)
    return render(request, "challenges/practice_detail.html", context, status=400)


@login_required
@require_POST
@ratelimit_write
def practice_add_place(request, slug):
    practice = _practice(slug)
    _require(request.user, "challenges.add_practice_place", practice)
    form = PlaceForm(request.POST, **PLACE_IDS)
    if form.is_valid():
        place = form.cleaned_data["place"]
        try:
            added = services.practice_add_place(practice=practice, place=place, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if added:
                messages.success(
                    request, _("%(place)s is now listed as implementing it.") % {"place": place}
                )
            else:
                messages.info(request, _("%(place)s was already listed.") % {"place": place})
            return redirect(f"{practice.get_absolute_url()}#places-title")
    context = _practice_context(request, practice, place_form=form)
    return render(request, "challenges/practice_detail.html", context, status=400)


# --- Challenges ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit_write
def challenge_create(request, slug):
    """Staff turn a global best practice into a challenge."""
    practice = _practice(slug)
    _require(request.user, "challenges.create_challenge", practice)
    status = 200
    if request.method == "POST":
        form = ChallengeForm(request.POST)
        if form.is_valid():
            try:
                challenge = services.challenge_create(
                    practice=practice, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The challenge is open."))
                return redirect(challenge)
        status = 400
    else:
        form = ChallengeForm(initial={"title": practice.title})
    context = {
        "form": form,
        "practice": practice,
        "eligible": services.practice_can_become_challenge(practice),
    }
    return render(request, "challenges/challenge_form.html", context, status=status)


@require_GET
def challenge_list(request):
    challenges = selectors.challenge_list(user=request.user)
    return render(request, "challenges/challenge_list.html", {"challenges": challenges})


def _challenge(slug: str) -> Challenge:
    try:
        return Challenge.objects.select_related("practice").get(slug=slug)
    except Challenge.DoesNotExist:
        raise Http404(_("No such challenge.")) from None


def _challenge_context(request, challenge: Challenge, **extra) -> dict:
    user = request.user
    context = {
        "challenge": challenge,
        "practice": challenge.practice,
        "participations": list(selectors.participations_of(challenge)),
        "following": selectors.is_following(user, challenge),
        "join": None,
        "join_error": "",
    }
    if rules.has_perm("challenges.offer_join", user, challenge):
        context["join"] = selectors.join_choices(user, challenge)
    if challenge.kind == Challenge.Kind.GENDER_BALANCE:
        context["assemblies"] = selectors.legislative_balance()
        context["min_declared"] = selectors.MIN_DECLARED_FOR_SHARE
        if "mtr_form" not in extra:
            initial = {}
            if request.GET.get("example") == "gatineau":
                initial["districts"] = mtr.GATINEAU_EXAMPLE
            context["mtr_form"] = MTRForm(initial=initial, auto_id="mtr_%s")
            context["example_loaded"] = bool(initial)
    elif challenge.kind == Challenge.Kind.PEACE:
        nations = selectors.peace_nations(challenge)
        context["nations"] = nations
        context["nations_joined"] = sum(row.joined for row in nations)
        context["nations_with_chapter"] = sum(row.chapter is not None for row in nations)
    context.update(extra)
    return context


@require_GET
def challenge_detail(request, slug):
    challenge = _challenge(slug)
    return render(
        request, "challenges/challenge_detail.html", _challenge_context(request, challenge)
    )


@require_POST
def challenge_mtr(request, slug):
    """Run the MTR calculator on the 50/50 page (reads only: anyone may use it)."""
    challenge = _challenge(slug)
    if challenge.kind != Challenge.Kind.GENDER_BALANCE:
        raise Http404(_("This challenge has no calculator."))
    form = MTRForm(request.POST, request.FILES, auto_id="mtr_%s")
    result = form.cleaned_data.get("result") if form.is_valid() else None
    context = _challenge_context(request, challenge, mtr_form=form, mtr_result=result)
    return render(
        request, "challenges/challenge_detail.html", context, status=200 if result else 400
    )


@login_required
@require_POST
@ratelimit_write
def challenge_follow(request, slug):
    challenge = _challenge(slug)
    _require(request.user, "challenges.follow_challenge", challenge)
    if request.POST.get("action") == "unfollow":
        services.challenge_unfollow(challenge=challenge, citizen=request.user)
        messages.success(request, _("You no longer follow this challenge."))
    else:
        services.challenge_follow(challenge=challenge, citizen=request.user)
        messages.success(
            request,
            _("You follow this challenge: you will be told when it reaches 25, 50, 75 and 100 %."),
        )
    return redirect(challenge)


def _join_or_leave(request, slug, *, leave: bool):
    from chapters.models import Chapter

    challenge = _challenge(slug)
    raw = (request.POST.get("chapter") or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        raise Http404(_("No such chapter."))
    chapter = get_object_or_404(Chapter.objects.select_related("space"), pk=int(raw))
    _require(request.user, "challenges.join_challenge", chapter)
    try:
        if leave:
            left = services.challenge_leave(
                chapter=chapter, challenge=challenge, actor=request.user
            )
        else:
            services.challenge_join(chapter=chapter, challenge=challenge, actor=request.user)
    except ValidationError as error:
        context = _challenge_context(request, challenge, join_error=" ".join(error.messages))
        return render(request, "challenges/challenge_detail.html", context, status=400)
    if leave:
        if left:
            messages.success(
                request,
                _("%(chapter)s no longer takes part in this challenge.") % {"chapter": chapter},
            )
        else:
            messages.info(
                request, _("%(chapter)s was not taking part in it.") % {"chapter": chapter}
            )
    else:
        messages.success(
            request,
            _("%(chapter)s takes part in this challenge. Thank you!") % {"chapter": chapter},
        )
    return redirect(f"{challenge.get_absolute_url()}#participants-title")


@login_required
@require_POST
@ratelimit_write
def challenge_join(request, slug):
    return _join_or_leave(request, slug, leave=False)


@login_required
@require_POST
@ratelimit_write
def challenge_leave(request, slug):
    return _join_or_leave(request, slug, leave=True)
