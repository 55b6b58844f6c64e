"""Authentication backends that load the signed-in citizen with what every page needs.

Each request loads the citizen once (``AuthenticationMiddleware``); annotating whether they
hold a mandate in force today costs nothing more in that query and spares every page a
second one for the navigation's "Dashboard" link (``proposals.templatetags.dashboard_tags``).
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef


class _AnnotatedGetUser:
    def get_user(self, user_id):
        from civic.models import Citizen
        from jurisdictions.models import Mandate

        citizen = (
            Citizen._default_manager.annotate(
                holds_mandate=Exists(Mandate.objects.active().filter(citizen=OuterRef("pk")))
            )
            .filter(pk=user_id)
            .first()
        )
        return citizen if citizen is not None and self.user_can_authenticate(citizen) else None


class CitizenModelBackend(_AnnotatedGetUser, ModelBackend):
    """Django's backend (the admin's login)."""


class CitizenEmailBackend(_AnnotatedGetUser, AuthenticationBackend):
    """allauth's backend (email log-in on the site)."""
