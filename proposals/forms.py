"""Forms of the proposal pages: write, decide (answer, status, transfer), withdraw, filter.

They parse and bound the input and nothing more: the lifecycle, the permissions and the
cross-field rules (a body belongs to the chosen space, an answer needs a text…) live in
``proposals.services``, whose ``ValidationError`` the views hand back to these forms with
``add_service_error`` so that every refusal reads as a message next to the right field.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from challenges.models import Practice
from jurisdictions.models import Body, Jurisdiction, Topic
from proposals.models import IMPACT_CHOICES, Proposal
from proposals.selectors import SORTS
from proposals.services import PROPOSAL_FIELDS

S = Proposal.Status


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to ``form``.

    Messages keyed on a field the form has go under that field (the space pickers render
    the errors of their hidden field); other keys (``status``, or none at all) become
    form-wide messages — so no service message is lost or turned into a 500.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _max_length(name: str) -> int:
    return Proposal._meta.get_field(name).max_length


class SpaceChoiceField(forms.ModelChoiceField):
    """A place or organisation picked with the autocomplete (its hidden input carries the id).

    Without JavaScript the picker's text box (``q``) is all the browser sends: the owning
    form resolves it with ``resolve_typed_space`` when it names exactly one space.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)  # enforced by resolve_typed_space
        super().__init__(
            queryset=Jurisdiction.objects.all(),
            widget=forms.HiddenInput,
            error_messages={
                "invalid_choice": _(
                    "That place or organisation does not exist. Pick one from the suggestions."
                ),
            },
            **kwargs,
        )


def resolve_typed_space(space: Jurisdiction | None, typed: str | None) -> Jurisdiction:
    """``space`` if the picker chose one, else the only space matching what was typed.

    ``typed`` is the picker's text box (``q``): all a browser without JavaScript sends.
    Raises ``ValidationError`` (for the picker's field) when nothing or several match.
    """
    if space is not None:
        return space
    typed = (typed or "").strip()[:100]
    if typed:
        exact = list(Jurisdiction.objects.filter(label__iexact=typed)[:2])
        matches = exact or list(Jurisdiction.objects.search(typed)[:2])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                _("Several places match “%(typed)s”: pick one from the suggestions.")
                % {"typed": typed},
                code="ambiguous",
            )
        raise ValidationError(
            _("No place or organisation matches “%(typed)s”.") % {"typed": typed},
            code="invalid_choice",
        )
    raise ValidationError(_("Pick a place or organisation from the suggestions."), code="required")


def grouped_topic_choices(empty_label) -> list:
    """Topics grouped by domain for a ``<select>`` with ``<optgroup>`` (one query)."""
    groups: dict[str, list] = {}
    labels = dict(Topic.Domain.choices)
    for topic in Topic.objects.order_by("domain", "name_en"):
        groups.setdefault(topic.domain, []).append((topic.slug, topic.name))
    choices = [("", empty_label)]
    choices += [(labels.get(domain, domain), options) for domain, options in groups.items()]
    return choices


class TopicChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Topic.objects.all(),
            to_field_name="slug",
            error_messages={
                "required": _("Choose the topic of your proposal."),
                "invalid_choice": _("Unknown topic. Pick one from the list."),
            },
            **kwargs,
        )


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


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer"),
        max_length=Proposal._meta.get_field("answer_text").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Citizens will read it on the proposal page. Markdown is allowed."),
        error_messages={"required": _("Write the answer citizens will read.")},
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(status.value, status.label) for status in map(S, Proposal.ANSWER_OUTCOMES)],
    )
    link = forms.URLField(
        label=_("Link (optional)"),
        required=False,
        assume_scheme="https",
        help_text=_("A decision, a report or a page with more details."),
    )

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only what the lifecycle allows now, but let the service refuse anything
        # else with its own message (a stale page must read "cannot become …").
        if outcomes:
            self.fields["outcome"].widget.choices = [(s, S(s).label) for s in outcomes]


class StatusForm(forms.Form):
    CHOICES = (S.UNDER_CONSIDERATION, S.IMPLEMENTED)

    status = forms.ChoiceField(label=_("New status"), choices=[(s.value, s.label) for s in CHOICES])
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown in the proposal's history."),
    )

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if statuses:
            self.fields["status"].widget.choices = [(s, S(s).label) for s in statuses]


class TransferForm(forms.Form):
    to_space = SpaceChoiceField(label=_("Send it to"))
    reason = forms.CharField(
        label=_("Why it belongs there"),
        max_length=2000,
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
    note = forms.CharField(
        label=_("Why are you withdrawing it? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


SORT_LABELS = {
    "newest": _("Newest"),
    "supported": _("Most supported"),
    "discussed": _("Most discussed"),
}


class ProposalFilterForm(forms.Form):
    """The filters of a list page (GET). Invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status"))]
        + [(value, label) for value, label in S.choices if value != S.DRAFT],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in SORTS],
    )
    within = forms.BooleanField(label=_("Include places within"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = grouped_topic_choices(_("Any topic"))

    def filters(self) -> dict:
        """Keyword arguments for ``selectors.proposal_list`` (valid values only)."""
        data = {}
        if self.is_bound:
            # Validation keeps the valid fields in cleaned_data even when another one is
            # not (a stale bookmark naming a removed topic): those filters still apply.
            self.is_valid()
            data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "topic": data.get("topic") or "",
            "status": data.get("status") or "",
            "sort": data.get("sort") or "newest",
            "descendants": bool(data.get("within")),
        }
