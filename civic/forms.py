"""Forms of the citizen's account, and what every app's forms share.

Shared: ``add_service_error`` and ``submit_form`` (how a view hands a form's input to a
service and a service's refusal back to the form: one behaviour on every page), and the
``DateTimeLocalInput`` widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from civic.models import Citizen

# What <input type="datetime-local"> sends and shows (minutes; seconds are accepted too).
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to ``form``.

    Messages keyed on a field the page shows go under that field: a visible field, or a
    hidden one whose widget renders its errors (``shows_errors``: the place pickers). The
    others (keys the form does not have, such as ``status``, a hidden ``parent``, or no key
    at all) become form-wide messages, so no service message is ever lost or turned into a
    500.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = form.fields.get(name)
        shown = field is not None and (
            not field.widget.is_hidden or getattr(field, "shows_errors", False)
        )
        form.add_error(name if shown else None, errors)


def submit_form(form: forms.Form, call: Callable[[dict], Any]) -> tuple[bool, Any]:
    """Validate ``form``, then hand its ``cleaned_data`` to ``call`` (one service call).

    Returns ``(True, what call returned)``, or ``(False, None)`` with the form's own errors
    or the service's ``ValidationError`` attached to the form (``add_service_error``). A
    ``PermissionDenied`` from the service is not caught: it is the 403 page.
    """
    if not form.is_valid():
        return False, None
    try:
        return True, call(form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return False, None


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
