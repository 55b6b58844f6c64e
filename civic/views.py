"""Pages of the project itself: home, health check, profile, language, data export and
account erasure."""

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET, require_POST

from civic.forms import DeleteAccountForm, ProfileForm
from civic.middleware import is_api
from civic.models import Citizen
from civic.ratelimit import ratelimit_write
from civic.selectors import citizen_export_data, data_export_from_token, data_exports_of
from civic.services import (
    citizen_erase,
    citizen_set_language,
    citizen_update_profile,
    data_export_request,
    export_json,
)


def home(request):
    return render(request, "home.html")


def healthz(request):
    return JsonResponse({"status": "ok"})


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )


@login_required
def profile(request):
    # The form works on its own copy: a ModelForm writes valid fields onto its instance while
    # validating, and an invalid submission must not show a half-applied name in the header.
    form = ProfileForm(request.POST or None, instance=Citizen.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        try:
            citizen_update_profile(
                citizen=request.user, **{f: form.cleaned_data[f] for f in form.Meta.fields}
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile was saved."))
            response = redirect("profile")
            _set_language_cookie(response, request.user.preferred_language)
            return response
    return render(request, "account/profile.html", {"form": form})


@login_required
def delete_account(request):
    """Erase the account (GDPR art. 17) once the citizen confirms with their password."""
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        citizen_erase(citizen=request.user, actor=request.user)
        logout(request)
        messages.success(request, _("Your account was deleted and your personal data erased."))
        return redirect("home")
    return render(request, "account/delete.html", {"form": form})


@login_required
@require_GET
def export_data(request):
    """Everything civic holds about the citizen, as a JSON download (GDPR art. 15 and 20)."""
    response = HttpResponse(
        export_json(citizen_export_data(citizen=request.user)),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="civic-my-data-{stamp}.json"'
    return response


@login_required
@ratelimit_write
def export_archive(request):
    """The citizen's zip archives: ask for one (a task builds it), download a ready one."""
    if request.method == "POST":
        try:
            data_export_request(citizen=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your archive is being prepared. You will be notified when it is ready."),
            )
        return redirect("export_archive")
    return render(
        request,
        "account/export.html",
        {"exports": data_exports_of(request.user), "hours": settings.DATA_EXPORT_HOURS},
    )


@login_required
@require_GET
def export_download(request, token: str):
    """Stream a ready archive through its signed, expiring link (its owner only)."""
    export = data_export_from_token(citizen=request.user, token=token)
    if export is None or not export.file:
        raise Http404(_("This link expired or does not exist."))
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1]
    )


@require_POST
def set_language(request):
    """Switch language; remembered on the citizen when signed in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("Unknown language."))
        return HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        citizen_set_language(citizen=request.user, language=language)
    response = HttpResponseRedirect(next_url)
    _set_language_cookie(response, language)
    return response


def ratelimited(request, exception=None):
    return render(request, "429.html", status=429)


def page_not_found(request, exception=None):
    """404: JSON under ``/api/`` (an address no route matches, too), the page elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON under ``/api/``, the page elsewhere."""
    if is_api(request):
        return JsonResponse({"detail": _("Server error: it has been logged.")}, status=500)
    return defaults.server_error(request)


class LoginView(allauth_views.LoginView):
    """allauth's login page; a login locked after too many failures is a 429 with its message."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        locked = any(
            error.code == "too_many_login_attempts" for error in form.non_field_errors().as_data()
        )
        if locked:
            response.status_code = 429
        return response


login = LoginView.as_view()
