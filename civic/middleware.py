"""Activates the signed-in citizen's preferred language for each request."""

from django.utils import translation


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
