"""Template context shared by every page: the site's name and address."""

from django.conf import settings


def site(request):
    return {"SITE_URL": settings.SITE_URL, "DEBUG": settings.DEBUG}
