"""Forms of the consultation pages: open or edit, close, contribute, "helped shape policy".

They parse and bound the input; the rules live in ``proposals.consultations.services``,
whose ``ValidationError`` the views hand back to these forms (``civic.forms.submit_form``).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.forms import DateTimeLocalInput
from jurisdictions.models import Body, Topic
from proposals.consultations.models import Consultation, Contribution


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class ConsultationForm(forms.Form):
    """Open or edit a consultation. Times are read in the site's time zone."""

    question = forms.CharField(
        label=_("Question"),
        max_length=_max_length(Consultation, "question"),
        help_text=_(
            "The question citizens answer, e.g. “How should we reorganise school timetables?”"
        ),
    )
    context = forms.CharField(
        label=_("Context"),
        max_length=_max_length(Consultation, "context"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What is at stake, what is already decided and what you will do with the "
            "answers. Markdown is allowed."
        ),
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), empty_label=_("Choose a topic")
    )
    body = forms.ModelChoiceField(
        label=_("Body in charge"),
        queryset=Body.objects.none(),
        required=False,
        empty_label=_("The whole space"),
    )
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeLocalInput())

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(space=space).order_by("kind", "name")
        # Body.__str__ names the space (a query per option); every option is of this space.
        self.fields["body"].label_from_instance = lambda body: body.name
        zone = timezone.get_current_timezone_name()
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = _("Date and time in the %(zone)s time zone.") % {
                "zone": zone
            }

    def clean(self):
        data = super().clean()
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at:
            if closes_at <= opens_at:
                self.add_error("closes_at", _("The closing date must come after the opening date."))
            elif closes_at <= timezone.now():
                self.add_error("closes_at", _("The closing date must be in the future."))
        return data


class CloseConsultationForm(forms.Form):
    summary = forms.CharField(
        label=_("What was decided"),
        max_length=_max_length(Consultation, "summary"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Tell participants what you heard and what you decided. Markdown is allowed."),
    )


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=_max_length(Contribution, "text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. Be concrete: what you propose, and why."),
    )


class OutcomeForm(forms.Form):
    outcome_note = forms.CharField(
        label=_("How it helped"),
        max_length=_max_length(Contribution, "outcome_note"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
