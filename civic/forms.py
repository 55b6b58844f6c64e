from allauth.account.forms import SignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from civic.models import Citizen


class CitizenSignupForm(SignupForm):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("Shown next to your proposals and comments. You can change it later."),
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


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased."),
        required=True,
    )
