"""allauth's account adapter for citizens: the language a new account starts with, where
they land, and the client address its login limits count (``civic.net.client_ip``)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation


def _supported_language(code: str | None) -> str:
    try:
        return translation.get_supported_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


class CitizenAccountAdapter(DefaultAccountAdapter):
    """civic's hooks into allauth: signup language, onboarding redirect, email language."""

    def save_user(self, request, user, form, commit=True):
        """Signs citizens up in the language they were browsing in, with their display name."""
        user = super().save_user(request, user, form, commit=False)
        user.preferred_language = _supported_language(translation.get_language())
        user.display_name = form.cleaned_data.get("display_name", "")
        if commit:
            user.save()
        return user

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits count: the one every other limit counts."""
        from civic.net import client_ip

        return client_ip(request) or super().get_client_ip(request)

    def get_login_redirect_url(self, request):
        # New citizens choose their home first (onboarding), then land on their profile.
        # An explicit ?next= still wins: allauth only asks us when there is none.
        user = request.user
        if user.is_authenticated and user.home_id is None:
            return reverse("jurisdictions:choose_home")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        # Where a fresh signup ends up, also after confirming the email address in the same
        # browser: nobody has a home yet.
        return reverse("jurisdictions:choose_home")

    def send_mail(self, template_prefix, email, context):
        """Write account emails in the recipient's preferred language.

        A password reset asked for from an English page still reaches a French-speaking
        citizen in French. Without a known citizen (an unknown address), the language of the
        current page is kept.
        """
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(_supported_language(language)):
            super().send_mail(template_prefix, email, context)
