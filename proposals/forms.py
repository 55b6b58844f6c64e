"""Forms of the proposal pages: write, decide (answer, status, transfer), withdraw.

They parse and bound the input and nothing more: the lifecycle, the permissions and the
cross-field rules (a body belongs to the chosen space, an answer needs a text…) live in
``proposals.services``, whose limits and messages these forms reuse, and whose
``ValidationError`` the views hand back to them (``civic.forms.submit_form``) so that every
refusal reads as a message next to the right field. The decision forms serve the proposal
page and the dashboard alike. The list filters are ``proposals.filters``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from challenges.models import Practice
from jurisdictions.forms import (
    SpaceChoiceField,
    TopicChoiceField,
    grouped_topic_choices,
    resolve_typed_space,
)
from jurisdictions.models import Body, Jurisdiction
from proposals.models import IMPACT_CHOICES, Proposal
from proposals.services import (
    ANSWER_MAX_LENGTH,
    ANSWER_TOO_LONG,
    LINK_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    NOTE_TOO_LONG,
    PROPOSAL_FIELDS,
)

S = Proposal.Status


def _max_length(name: str) -> int:
    return Proposal._meta.get_field(name).max_length


def _rating_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=IMPACT_CHOICES,
        coerce=int,
        initial=0,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from −2 to +2.")},
    )


def _impact_text_field(name, label):
    return forms.CharField(
        label=label,
        max_length=_max_length(name),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say in a few words how your proposal affects this.")},
    )


# The three dimensions every proposal is assessed on (form legends and page headings).
IMPACT_DIMENSIONS = (
    ("impact_citizens", _("Citizens' development and integration")),
    ("impact_collectivities", _("Functioning of collectivities")),
    ("impact_governments", _("Functioning of governments")),
)


class ProposalForm(forms.Form):
    """Write or edit a proposal. ``space`` may be any place or organisation."""

    space = SpaceChoiceField(label=_("Addressed to"))
    body = forms.ModelChoiceField(
        label=_("Body (optional)"),
        queryset=Body.objects.all(),
        required=False,
        help_text=_("The office of that space your proposal is meant for, if you know it."),
        error_messages={"invalid_choice": _("This body does not exist.")},
    )
    topic = TopicChoiceField(label=_("Topic"))
    title = forms.CharField(
        label=_("Title"),
        max_length=_max_length("title"),
        help_text=_("One sentence that says what you propose."),
        error_messages={"required": _("Give your proposal a title.")},
    )
    text = forms.CharField(
        label=_("Your proposal"),
        max_length=Proposal._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Explain the problem and what should be done. Markdown is allowed: **bold**, "
            "*italic*, [a link](https://example.org), lists starting with “- ”. HTML is not."
        ),
        error_messages={"required": _("Describe your proposal.")},
    )
    impact_citizens_text = _impact_text_field(
        "impact_citizens_text", _("How does it affect citizens' development and integration?")
    )
    impact_citizens = _rating_field(_("Rating for citizens' development and integration"))
    impact_collectivities_text = _impact_text_field(
        "impact_collectivities_text", _("How does it affect the functioning of collectivities?")
    )
    impact_collectivities = _rating_field(_("Rating for the functioning of collectivities"))
    impact_governments_text = _impact_text_field(
        "impact_governments_text", _("How does it affect the functioning of governments?")
    )
    impact_governments = _rating_field(_("Rating for the functioning of governments"))
    freedom_statement = forms.CharField(
        label=_("Compatibility with freedom and liberty"),
        max_length=_max_length("freedom_statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Explain how your proposal respects the freedom and liberties of everyone."),
        error_messages={"required": _("Say how your proposal respects freedom and liberty.")},
    )

    practice = forms.ModelChoiceField(
        label=_("Adopt a practice here (optional)"),
        queryset=Practice.objects.order_by("-is_best_practice", "title"),
        required=False,
        empty_label=_("No particular practice"),
        help_text=_("If your proposal brings a practice that works elsewhere, name it."),
        error_messages={"invalid_choice": _("This practice does not exist.")},
    )

    def __init__(self, *args, space: Jurisdiction | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].widget.choices = grouped_topic_choices(_("Choose a topic"))
        self.set_space(space)

    def set_space(self, space: Jurisdiction | None) -> None:
        """Offer the bodies of ``space`` (validation accepts any body: the service checks)."""
        self.chosen_space = space
        bodies = list(Body.objects.filter(space=space).order_by("kind", "name")) if space else []
        self.fields["body"].widget.choices = [("", _("The space as a whole"))] + [
            (body.pk, body.name) for body in bodies
        ]

    def clean(self):
        cleaned = super().clean()
        if "space" in self.errors:
            return cleaned
        try:
            cleaned["space"] = resolve_typed_space(cleaned.get("space"), self.data.get("q"))
        except ValidationError as error:
            self.add_error("space", error)
        return cleaned

    def impact_groups(self):
        """(legend, text field, rating field) for each of the three impact dimensions."""
        return [(legend, self[f"{name}_text"], self[name]) for name, legend in IMPACT_DIMENSIONS]

    def proposal_fields(self) -> dict:
        """The cleaned values, named as ``services.proposal_create`` expects them."""
        return {name: self.cleaned_data[name] for name in PROPOSAL_FIELDS}


def _note_field(label, **kwargs) -> forms.CharField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
    return forms.CharField(
        label=label,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": NOTE_TOO_LONG, **kwargs.pop("error_messages", {})},
        **kwargs,
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Citizens will read it on the proposal page. Markdown is allowed."),
        error_messages={
            "required": _("Write the answer citizens will read."),
            "max_length": ANSWER_TOO_LONG,
        },
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        # Starts on no decision: a decision maker chooses one, nothing is chosen for them.
        choices=[("", _("Choose the decision…"))]
        + [(status.value, status.label) for status in map(S, Proposal.ANSWER_OUTCOMES)],
        error_messages={"required": _("Choose accepted, declined or implemented.")},
    )
    link = forms.URLField(
        label=_("Link (optional)"),
        required=False,
        max_length=LINK_MAX_LENGTH,
        assume_scheme="https",
        help_text=_("A decision, a report or a page with more details."),
    )

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what the lifecycle allows now, but let the service refuse anything
        # else with its own message (a stale page must read "cannot become …").
        if outcomes:
            self.fields["outcome"].widget.choices = [
                ("", _("Choose the decision…")),
                *((s, S(s).label) for s in outcomes),
            ]


class StatusForm(forms.Form):
    CHOICES = (S.UNDER_CONSIDERATION, S.IMPLEMENTED)

    status = forms.ChoiceField(label=_("New status"), choices=[(s.value, s.label) for s in CHOICES])
    note = _note_field(_("Note (optional)"), help_text=_("Shown in the proposal's history."))

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses:
            self.fields["status"].widget.choices = [(s, S(s).label) for s in statuses]


class TransferForm(forms.Form):
    to_space = SpaceChoiceField(label=_("Send it to"))
    reason = _note_field(
        _("Why it belongs there"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author and the supporters will read it."),
        error_messages={"required": _("Explain why it belongs elsewhere.")},
    )

    def clean(self):
        cleaned = super().clean()
        if "to_space" in self.errors:
            return cleaned
        try:
            cleaned["to_space"] = resolve_typed_space(cleaned.get("to_space"), self.data.get("q"))
        except ValidationError as error:
            self.add_error("to_space", error)
        return cleaned


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that a withdrawn proposal cannot be reopened."),
        error_messages={"required": _("Tick the box to confirm that you want to withdraw it.")},
    )
    note = _note_field(_("Why are you withdrawing it? (optional)"))
