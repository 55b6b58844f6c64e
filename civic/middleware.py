"""Request middleware of every page: NUL bytes refused before anything reads them, and the
signed-in citizen's preferred language activated."""

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.defaults import bad_request


class CitizenLanguageMiddleware:
    """Signed-in citizens see the site in their preferred language, on every device.

    Runs after ``LocaleMiddleware`` (which handles the cookie and Accept-Language for
    visitors) and after authentication. The switcher stores the choice on the citizen
    (``civic.services.citizen_set_language``), so it follows them across browsers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def is_api(request) -> bool:
    """Whether ``request`` is for the REST API (its errors are JSON)."""
    return request.path_info.startswith("/api/")


class RejectNulMiddleware:
    """A NUL byte in the path, the query or a form field is a 400, on every page and endpoint.

    No text column of PostgreSQL can hold one (the driver refuses the query), and no citizen
    ever types one: refusing it once, here, spares every view, converter and filter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._carries_nul(request):
            message = _("The request contains a NUL character.")
            if is_api(request):
                return JsonResponse({"detail": message}, status=400)
            return bad_request(request, ValueError(message))
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request) -> bool:
        if "\x00" in request.path_info:
            return True
        for query in (request.GET, request.POST if request.method == "POST" else None):
            if query is None:
                continue
            for key, values in query.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
        return False
