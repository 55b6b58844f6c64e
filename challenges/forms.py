"""Forms of the practice and challenge pages, and the MTR calculator.

They parse and bound the input; the rules (who may, what makes a best practice, which
practice may become a challenge) live in ``challenges.services``, whose ``ValidationError``
the views attach to these forms with ``proposals.forms.add_service_error``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from challenges import mtr
from challenges.models import Assessment, Challenge, Practice
from challenges.services import MAX_EVIDENCE_LINKS
from jurisdictions.forms import SpaceChoiceField, resolve_typed_space
from jurisdictions.models import Topic
from proposals.models import IMPACT_CHOICES

# The three dimensions of a balanced society, as the assessment form and the practice page
# name them (field name, legend).
DIMENSIONS = (
    ("rating_citizens", _("Citizens' development and integration")),
    ("rating_collectivities", _("Functioning of collectivities")),
    ("rating_governments", _("Functioning of governments")),
)


class EvidenceLinksField(forms.CharField):
    """Web addresses, one per line → a list of strings (the service validates each)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_EVIDENCE_LINKS * 520)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


def _domain_choices(empty_label):
    return [("", empty_label), *Topic.Domain.choices]


class PracticeFilterForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain"), required=False)
    best = forms.BooleanField(label=_("Best practices only"), required=False)
    global_only = forms.BooleanField(
        label=_("Global practices only (applicable anywhere)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = _domain_choices(_("All domains"))

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {"domain": "", "best": False, "global_only": False}
        return {
            "domain": self.cleaned_data["domain"],
            "best": self.cleaned_data["best"],
            "global_only": self.cleaned_data["global_only"],
        }


class PracticeForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the practice"),
        max_length=Practice._meta.get_field("title").max_length,
        help_text=_("For example: “Participatory budgeting” or “A Department of Peace”."),
        error_messages={"required": _("Give the practice a title.")},
    )
    domain = forms.ChoiceField(
        label=_("Domain of intervention"),
        error_messages={"required": _("Choose a domain of intervention from the list.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=Practice._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "What is done, by whom, and what it changes. Markdown is allowed: **bold**, "
            "*italic*, [a link](https://example.org), lists starting with “- ”. HTML is not."
        ),
        error_messages={"required": _("Describe the practice: what is done, where and how.")},
    )
    evidence_links = EvidenceLinksField(label=_("Evidence (optional)"))
    place = SpaceChoiceField(label=_("A place where it is implemented (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = _domain_choices(_("Choose a domain"))
        # Set here, not on the class: a lazy string formatted at import time would stay in
        # the language of the import.
        self.fields["evidence_links"].help_text = _(
            "Addresses of studies, evaluations or official reports, one per line (http or "
            "https, at most %(n)d)."
        ) % {"n": MAX_EVIDENCE_LINKS}

    def clean(self):
        cleaned = super().clean()
        if "place" in self.errors:
            return cleaned
        typed = (self.data.get("q") or "").strip()
        if cleaned.get("place") is None and typed:
            try:
                cleaned["place"] = resolve_typed_space(None, typed)
            except ValidationError as error:
                self.add_error("place", error)
        return cleaned


class PlaceForm(forms.Form):
    """Add one implementing place with the autocomplete (its text box is ``q``)."""

    place = SpaceChoiceField(label=_("Place"))

    def clean(self):
        cleaned = super().clean()
        if "place" in self.errors:
            return cleaned
        try:
            cleaned["place"] = resolve_typed_space(cleaned.get("place"), self.data.get("q"))
        except ValidationError as error:
            self.add_error("place", error)
        return cleaned


def _rating_field(label):
    return forms.TypedChoiceField(
        label=label,
        choices=IMPACT_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from −2 to +2.")},
    )


class AssessmentForm(forms.Form):
    rating_citizens = _rating_field(_("Citizens' development and integration"))
    rating_collectivities = _rating_field(_("Functioning of collectivities"))
    rating_governments = _rating_field(_("Functioning of governments"))
    freedom = forms.ChoiceField(
        label=_("Is it compatible with freedom and liberty?"),
        choices=Assessment.Freedom.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether the practice is compatible with freedom and liberty.")
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=Assessment._meta.get_field("comment").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you rate it so: what you have seen, read or lived."),
    )

    def rating_fields(self):
        return [self[name] for name, _legend in DIMENSIONS]


class ChallengeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=Challenge._meta.get_field("title").max_length,
        error_messages={"required": _("Give the challenge a title.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Challenge.Kind.choices)
    goal = forms.IntegerField(
        label=_("Goal: how many community groups"),
        min_value=1,
        max_value=100_000,
        error_messages={"required": _("The goal is a number of community groups: 1 or more.")},
    )
    deadline = forms.DateField(
        label=_("Deadline (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=Challenge._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the community groups will do. Markdown is allowed."),
        error_messages={"required": _("Describe the challenge and what the groups will do.")},
    )


class MTRForm(forms.Form):
    districts = forms.CharField(
        label=_("Districts, one per line: district, gender"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_(
            "For example “Centre-Ville, woman”. Gender of the member sitting today: woman or "
            "man (f/m and femme/homme work too). Districts are paired in the order of the "
            "list; to choose a pair, add a third column naming the partner: “North, man, South”."
        ),
    )
    csv_file = forms.FileField(label=_("Or upload a CSV file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["csv_file"].help_text = _(
            "Columns: district (the district's name), gender (of its sitting member) and, "
            "optionally, pair with. UTF-8, at most %(n)d districts."
        ) % {"n": mtr.MAX_DISTRICTS}

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("csv_file")
        text = cleaned.get("districts") or ""
        if self.errors:
            return cleaned
        try:
            if upload is not None:
                if upload.size > mtr.MAX_UPLOAD_BYTES:
                    # Refused before reading it into memory.
                    raise mtr.MTRError(
                        [
                            _("The file is too large: at most %(kb)d KB (%(max)d districts).")
                            % {"kb": mtr.MAX_UPLOAD_BYTES // 1024, "max": mtr.MAX_DISTRICTS}
                        ]
                    )
                districts = mtr.parse_csv(upload.read())
                source = "csv_file"
            elif text.strip():
                districts = mtr.parse_text(text)
                source = "districts"
            else:
                raise ValidationError(_("Type the districts, or upload a CSV file."))
            cleaned["result"] = mtr.calculate(districts)
        except mtr.MTRError as error:
            target = "csv_file" if upload is not None else "districts"
            for message in error.messages:
                self.add_error(target, message)
        else:
            cleaned["source"] = source
        return cleaned
