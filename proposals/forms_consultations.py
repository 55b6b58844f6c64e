"""Forms of the consultation, contribution, comment, flag and moderation pages.

They parse and bound the input; the rules (who may, when, how deep, which URLs) live in
``proposals.services``, whose ``ValidationError`` the views hand back to these forms with
``add_service_error``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jurisdictions.models import Body, Topic
from proposals.models import Comment, Consultation, Contribution, Flag

# What <input type="datetime-local"> sends and shows (minutes; seconds are accepted too).
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to ``form``.

    Messages keyed on a field the form shows go under that field; the others (keys the
    form does not have, such as ``parent`` on a hidden input, or no key at all) become
    form-wide messages, so no service message is ever lost or turned into a 500.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        visible = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if visible else None, errors)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


class ConsultationForm(forms.Form):
    """Open or edit a consultation. Times are read in the site's time zone."""

    question = forms.CharField(
        label=_("Question"),
        max_length=Consultation._meta.get_field("question").max_length,
        help_text=_(
            "The question citizens answer, e.g. “How should we reorganise school timetables?”"
        ),
    )
    context = forms.CharField(
        label=_("Context"),
        max_length=Consultation._meta.get_field("context").max_length,
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
        max_length=Consultation._meta.get_field("summary").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Tell participants what you heard and what you decided. Markdown is allowed."),
    )


class ConsultationFilterForm(forms.Form):
    """The filters of a consultation list (all optional; bad values are ignored)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    open = forms.BooleanField(label=_("Open consultations only"), required=False)
    within = forms.BooleanField(label=_("Include the places within"), required=False)

    def __init__(self, *args, topics=(), descendants_option: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("All topics"))] + [
            (topic.slug, topic.name) for topic in topics
        ]
        if not descendants_option:
            del self.fields["within"]

    def filters(self) -> dict:
        """Arguments for ``selectors.consultation_list`` (empty when the input is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"],
            "topic": data["topic"],
            "state": "open" if data["open"] else "",
            "descendants": bool(data.get("within")),
        }


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=Contribution._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. Be concrete: what you propose, and why."),
    )


class OutcomeForm(forms.Form):
    outcome_note = forms.CharField(
        label=_("How it helped"),
        max_length=Contribution._meta.get_field("outcome_note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SourcesField(forms.CharField):
    """One web address per line, given to the service as a list (it validates them)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value


class CommentForm(forms.Form):
    """A comment on a proposal, a contribution or a chapter's forum, or a reply to a comment
    (``parent``)."""

    proposal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    contribution = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    chapter = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your comment"),
        max_length=Comment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sources = SourcesField(
        label=_("Sources (optional)"),
        required=False,
        max_length=3000,
        help_text=_("Web addresses backing what you say, one per line (at most 5)."),
    )

    def clean(self):
        data = super().clean()
        targets = [
            data.get("proposal"),
            data.get("contribution"),
            data.get("chapter"),
            data.get("parent"),
        ]
        if not any(targets) and not self.has_error(NON_FIELD_ERRORS):
            raise ValidationError(_("Say what you are commenting on."))
        return data


class CommentEditForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=Comment._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sources = SourcesField(
        label=_("Sources (optional)"),
        required=False,
        max_length=3000,
        help_text=_("Web addresses backing what you say, one per line (at most 5)."),
    )


class FlagForm(forms.Form):
    comment = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    contribution = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=_("Reason"), choices=Flag.Reason.choices)
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=Flag._meta.get_field("details").max_length,
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("comment")) == bool(data.get("contribution")):
            raise ValidationError(_("Name a comment or a contribution."))
        return data


class ModerateForm(forms.Form):
    ACTIONS = [
        ("hide", _("Hide")),
        ("restore", _("Restore")),
        ("dismiss", _("Dismiss the flags")),
    ]

    comment = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    contribution = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(label=_("Public reason"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if bool(data.get("comment")) == bool(data.get("contribution")):
            raise ValidationError(_("Name a comment or a contribution."))
        return data
