from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from civic.models import Citizen


class CitizenSignupForm(SignupForm):
    """allauth's email + password signup, plus an optional display name.

    ``CitizenAccountAdapter.save_user`` stores the display name and the language the
    visitor was browsing in.
    """

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=Citizen._meta.get_field("display_name").max_length,
        required=False,
        help_text=_("Shown next to your proposals and comments. You can change it later."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Right after the email, before the passwords: the order people expect.
        order = ["email", "display_name"]
        self.order_fields(order + [name for name in self.fields if name not in order])
        if "password1" in self.fields:
            # allauth gives an HTML <ul> here, which cannot sit in the <p> that
            # includes/form_fields.html wraps help texts in (and aria-describedby points to).
            self.fields["password1"].help_text = " ".join(
                password_validation.password_validators_help_texts()
            )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Citizen
        fields = ["display_name", "preferred_language", "gender"]
        help_texts = {
            "gender": _(
                "Optional. Used only to count how balanced assemblies are; never shown "
                "next to your name."
            ),
        }
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}


class DeleteAccountForm(forms.Form):
    """Confirmation and current password, so that an unattended session cannot erase an account.

    The password is checked through allauth's adapter, which counts failures against the
    ``login_failed`` rate limit: guessing it here is as slow as on the login page.
    """

    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased."),
        required=True,
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        citizen = self.request.user
        # Raises a ValidationError ("Too many failed login attempts") once rate limited.
        user = get_adapter(self.request).authenticate(
            self.request, email=citizen.email, password=password
        )
        if user is None or user.pk != citizen.pk:
            raise forms.ValidationError(_("Incorrect password."), code="incorrect_password")
        return password
