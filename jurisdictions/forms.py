"""Forms and fields for places, organisations and topics, used by every app's forms.

``SpaceChoiceField`` + ``resolve_typed_space``: a place or organisation picked with the
accessible autocomplete, or typed without JavaScript. ``TopicChoiceField`` and
``grouped_topic_choices``: a topic from the list grouped by domain.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
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


class SpaceChoiceField(forms.ModelChoiceField):
    """A place or organisation picked with the autocomplete (its hidden input carries the id).

    Without JavaScript the picker's text box (``q``) is all the browser sends: the owning
    form resolves it with ``resolve_typed_space`` when it names exactly one space.
    """

    # Its picker (jurisdictions/_place_picker.html) renders this field's errors.
    shows_errors = True

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
