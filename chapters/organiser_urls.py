"""The organisers' admin site, mounted by ``civic/urls.py`` at ``/organisers/`` as
``include(("chapters.organiser_urls", "admin"), namespace="organisers")`` — the same
application namespace as Django's admin (its templates reverse ``admin:…`` with the site's
name as current app), under its own instance namespace. See ``chapters.admin``."""

from chapters.admin import organiser_site

urlpatterns = organiser_site.get_urls()
