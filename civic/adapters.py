from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation


class CitizenAccountAdapter(DefaultAccountAdapter):
    """Signs citizens up in the language they were browsing in."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.preferred_language = translation.get_language() or "en"
        user.display_name = form.cleaned_data.get("display_name", "")
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        # New citizens choose their home first (onboarding), then land on their profile.
        user = request.user
        if user.is_authenticated and user.home_id is None:
            return reverse("jurisdictions:choose_home")
        return super().get_login_redirect_url(request)
