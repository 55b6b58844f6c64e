"""Pages of places: search (htmx autocomplete), a space's page, follow, home and who is
responsible."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic.ratelimit import ratelimit_write
from jurisdictions import selectors, services
from jurisdictions.forms import HomeForm, ResponsibleForm
from jurisdictions.models import Follow, Jurisdiction, Topic

SUGGESTIONS = 10


def search(request):
    """Find a place or organisation; with ``HX-Request`` returns the autocomplete options."""
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    results = Jurisdiction.objects.search(query) if query else Jurisdiction.objects.none()
    if kind in Jurisdiction.Kind.values:
        results = results.filter(kind=kind)
    results = results.only("id", "name", "slug", "label", "kind", "population")
    if request.htmx:
        return render(
            request,
            "jurisdictions/_suggestions.html",
            {
                "results": results[:SUGGESTIONS],
                "query": query,
                "listbox": request.GET.get("listbox", ""),
            },
        )
    page = Paginator(results, 25).get_page(request.GET.get("page"))
    organisations = Jurisdiction.objects.organisations().order_by("name") if not query else []
    return render(
        request,
        "jurisdictions/search.html",
        {"query": query, "page": page, "organisations": organisations},
    )


def detail(request, slug):
    space = get_object_or_404(Jurisdiction, slug=slug)
    child_query = request.GET.get("children", "").strip()[:100]
    data = selectors.space_page(space, children_query=child_query)
    children = Paginator(data.pop("children"), 30).get_page(request.GET.get("page"))
    following = (
        request.user.is_authenticated
        and Follow.objects.filter(citizen=request.user, space=space).exists()
    )
    context = {
        "space": space,
        "children": children,
        "child_query": child_query,
        "following": following,
        **data,
    }
    if request.htmx and request.htmx.target == "children":
        return render(request, "jurisdictions/_children.html", context)
    return render(request, "jurisdictions/detail.html", context)


@login_required
@require_POST
@ratelimit_write
def follow(request, slug):
    space = get_object_or_404(Jurisdiction, slug=slug)
    if request.POST.get("action") == "unfollow":
        services.follow_remove(citizen=request.user, space=space)
        following = False
    else:
        services.follow_add(citizen=request.user, space=space)
        following = True
    space.refresh_from_db(fields=["follower_count"])
    if request.htmx:
        return render(
            request, "jurisdictions/_follow.html", {"space": space, "following": following}
        )
    if following:
        messages.success(request, _("You now follow %(space)s.") % {"space": space.name})
    else:
        messages.success(request, _("You no longer follow %(space)s.") % {"space": space.name})
    return redirect(space)


@login_required
def choose_home(request):
    form = HomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.home_set(citizen=request.user, city=form.cleaned_data["city"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Welcome to %(city)s! You now follow every level that decides for you.")
                % {"city": form.cleaned_data["city"].name},
            )
            return redirect("jurisdictions:following")
    return render(request, "jurisdictions/choose_home.html", {"form": form})


@login_required
def following(request):
    return render(
        request, "jurisdictions/following.html", {"view": selectors.following_of(request.user)}
    )


def responsible(request):
    """Who is responsible for <topic> where I live (or where the visitor picked)?"""
    form = ResponsibleForm(request.GET if "topic" in request.GET else None)
    home = request.user.home if request.user.is_authenticated else None
    answer = None
    place = home
    if form.is_valid():
        place = form.cleaned_data["place"] or home
        if place is None:
            form.add_error("place", _("Pick a place, or set your home city."))
        else:
            try:
                answer = selectors.responsible_for(topic=form.cleaned_data["topic"], place=place)
            except ValidationError as error:
                form.add_error(None, error)
    return render(
        request,
        "jurisdictions/responsible.html",
        {"form": form, "answer": answer, "place": place, "topics": Topic.objects.all()},
    )
