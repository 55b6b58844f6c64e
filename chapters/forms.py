"""Forms of the chapter pages. They parse and bound the input; the rules (population, one
chapter per place, capacity, who may) live in ``chapters.services``, whose
``ValidationError``s the views attach with ``add_service_error``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chapters.models import Chapter, Meeting, Membership
from civic.competences.selectors import published_competences
from civic.forms import DateTimeLocalInput, add_service_error

__all__ = [
    "ChapterFilterForm",
    "ChapterForm",
    "DecisionForm",
    "LeaveForm",
    "MeetingForm",
    "ShareEmailForm",
    "add_service_error",
]


class ChapterForm(forms.Form):
    """Start a chapter (its place and kind come from the page) or edit one."""

    name = forms.CharField(
        label=_("Name"),
        max_length=Chapter._meta.get_field("name").max_length,
        help_text=_("For example “Citizens & Societies — Paris”."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=Chapter._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the chapter works on, and how to take part. Markdown is allowed."),
    )
    policy = forms.ChoiceField(
        label=_("Who can join"),
        choices=Chapter.Policy.choices,
        initial=Chapter.Policy.OPEN,
    )


class MeetingForm(forms.Form):
    """Schedule or edit a meeting. Times are read in the site's time zone."""

    title = forms.CharField(
        label=_("Title"), max_length=Meeting._meta.get_field("title").max_length
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=Meeting._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The agenda, what to bring. Markdown is allowed."),
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeLocalInput())
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=Meeting._meta.get_field("place").max_length,
        help_text=_("An address, or leave empty for an online meeting."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        max_length=Meeting._meta.get_field("online_url").max_length,
        help_text=_("A video-call address, or leave empty for a meeting in person."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        help_text=_("How many people can come. Leave empty for no limit."),
    )
    competence = forms.ModelChoiceField(
        label=_("Study circle on"),
        queryset=published_competences(),
        required=False,
        empty_label=_("None: not a study circle"),
        help_text=_("Members who attend learn this citizen competence together."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].label_from_instance = lambda c: c.tr("title")
        zone = timezone.get_current_timezone_name()
        for name in ("starts_at", "ends_at"):
            self.fields[name].help_text = _("Date and time in the %(zone)s time zone.") % {
                "zone": zone
            }


class ShareEmailForm(forms.Form):
    share = forms.BooleanField(required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Decline"))])


class LeaveForm(forms.Form):
    """Leave a chapter; the last organiser names who takes over (``successor``)."""

    successor = forms.ModelChoiceField(
        label=_("Who organises the chapter after you?"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("Choose a member"),
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["successor"].queryset = candidates
            self.fields["successor"].label_from_instance = lambda m: m.citizen.public_name


class ChapterFilterForm(forms.Form):
    """The filters of the chapter list (all optional; bad values are ignored)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All chapters")), *Chapter.Kind.choices]
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"search": self.cleaned_data["q"], "kind": self.cleaned_data["kind"]}
