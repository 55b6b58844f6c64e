"""Forms of the inbox: its filters and the digest preference."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.models import InboxState


class InboxFilterForm(forms.Form):
    space = forms.TypedChoiceField(label=_("Place"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    # The cursor of "Older notifications" (an event id); out of range is ignored, not a 500.
    before = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def __init__(self, *args, spaces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [("", _("All places"))] + [(s.pk, s.name) for s in spaces]
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (str(kind), kind.preference) for kind in registry.notifiable()
        ]


class DigestForm(forms.Form):
    digest = forms.ChoiceField(
        label=_("Digest of the places I follow"), choices=InboxState.Digest.choices
    )
