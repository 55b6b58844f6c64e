from django import forms
from django.utils.translation import gettext_lazy as _

from jurisdictions.models import Jurisdiction, Topic


class PlaceChoiceField(forms.ModelChoiceField):
    """A place picked with the autocomplete: the hidden input carries its id."""

    def __init__(self, *, kinds=Jurisdiction.PLACE_KINDS, **kwargs):
        super().__init__(
            queryset=Jurisdiction.objects.filter(kind__in=kinds),
            widget=forms.HiddenInput,
            error_messages={
                "required": _("Pick a place from the suggestions."),
                "invalid_choice": _("That place does not exist. Pick one from the suggestions."),
            },
            **kwargs,
        )


class HomeForm(forms.Form):
    city = PlaceChoiceField(kinds=[Jurisdiction.Kind.CITY], label=_("Your city"))


class ResponsibleForm(forms.Form):
    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        label=_("Topic"),
        empty_label=_("Choose a topic"),
        error_messages={"invalid_choice": _("Unknown topic. Pick one from the list.")},
    )
    place = PlaceChoiceField(label=_("Where"), required=False)
