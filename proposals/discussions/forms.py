"""Forms of the comment, flag and moderation pages.

They parse and bound the input; the rules (who may, when, how deep, which URLs) live in
``proposals.discussions.services``, whose ``ValidationError`` the views hand back to these
forms (``civic.forms.submit_form``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from proposals.discussions.models import Comment, Flag
from proposals.discussions.services import ACTIONS, DISMISS, HIDE, RESTORE

TEXT_MAX_LENGTH = Comment._meta.get_field("text").max_length


class SourcesField(forms.CharField):
    """One web address per line, given to the service as a list (it validates them)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Sources (optional)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 3000)
        kwargs.setdefault(
            "help_text", _("Web addresses backing what you say, one per line (at most 5).")
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value


def _text_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your comment"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CommentEditForm(forms.Form):
    text = _text_field()
    sources = SourcesField()


class CommentForm(CommentEditForm):
    """A comment on a proposal, a contribution or a chapter's forum, or a reply to a comment
    (``parent``). The target fields are the names of ``Comment``'s foreign keys."""

    TARGETS = ("proposal", "contribution", "chapter")

    proposal = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    contribution = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    chapter = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    field_order = ["proposal", "contribution", "chapter", "parent", "text", "sources"]

    def clean(self):
        data = super().clean()
        named = [data.get(name) for name in (*self.TARGETS, "parent")]
        if not any(named) and not self.has_error(NON_FIELD_ERRORS):
            raise ValidationError(_("Say what you are commenting on."))
        return data


class _ContentForm(forms.Form):
    """Names one comment or one contribution (hidden inputs)."""

    comment = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    contribution = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if bool(data.get("comment")) == bool(data.get("contribution")):
            raise ValidationError(_("Name a comment or a contribution."))
        return data

    def content_named(self) -> tuple[str, int] | None:
        """("comment" or "contribution", id) as posted, even if another field is invalid."""
        for kind in ("comment", "contribution"):
            value = self.cleaned_data.get(kind) if hasattr(self, "cleaned_data") else None
            if value:
                return kind, value
        return None


class FlagForm(_ContentForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=Flag.Reason.choices)
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=Flag._meta.get_field("details").max_length,
    )


ACTION_LABELS = {HIDE: _("Hide"), RESTORE: _("Restore"), DISMISS: _("Dismiss the flags")}


class ModerateForm(_ContentForm):
    action = forms.ChoiceField(choices=[(action, ACTION_LABELS[action]) for action in ACTIONS])
    reason = forms.CharField(label=_("Public reason"), required=False, max_length=300)
