"""allauth's account adapter for citizens: the language a new account starts with, where
they land, and its login limits.

Failed logins are limited per (address, account) pair (``login_failed`` in
``ACCOUNT_RATE_LIMITS``: five in five minutes) and per account from every address
(``LOGIN_FAILED_PER_ACCOUNT``), never per address alone: a school, a library or a city office
shares one address, and one citizen's typos must not lock the others out. The address is
``civic.net.client_ip``, as for every other limit. (The hooks overridden here are allauth's
own, pinned with it in pyproject.toml.)
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation


def _supported_language(code: str | None) -> str:
    try:
        return translation.get_supported_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


# Failed logins to one account from every address together (an attacker spreading guesses).
LOGIN_FAILED_PER_ACCOUNT = {"login_failed_account": "20/15m/key"}


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

    def _account_key(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth's per-"key" limit, made per (account, address) pair.
        from civic.net import client_ip

        return f"{self._account_key(request, **credentials)}:{client_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        from allauth.core.internal import ratelimit

        self._account_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action="login_failed_account",
            config=LOGIN_FAILED_PER_ACCOUNT,
            key=self._account_key(request, **credentials),
        )
        if not self._account_usage:
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def _rollback_login_failed_rl_usage(self) -> None:
        # A successful login gives back what it consumed, on both limits.
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # A password reset lifts the account's lock too, not only this address's.
        from allauth.core.internal import ratelimit

        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(
            request, app="allauth.account", action="login_failed_account",
            config=LOGIN_FAILED_PER_ACCOUNT, key=self._account_key(request, **credentials),
        )  # fmt: skip

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
