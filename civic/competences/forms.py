"""Forms of the competence pages: the quiz, the self-assessment, the profile opt-in and the
attendance of a study circle.

They parse and bound the input; the rules (scoring, what a tampered submission is, who may
record attendance) live in ``civic.competences.services``, whose ``ValidationError``
the views attach with ``civic.forms.add_service_error``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from civic.competences.models import QuizQuestion

SELF_ASSESSMENT_CHOICES = [
    ("1", _("1 — I am discovering it")),
    ("2", _("2 — I know the basics")),
    ("3", _("3 — I am at ease with it")),
    ("4", _("4 — I could explain it to others")),
]


def question_field_name(question: QuizQuestion) -> str:
    return f"q{question.pk}"


class QuizForm(forms.Form):
    """One group of checkboxes per question, named ``q<question id>``.

    Every question offers checkboxes, whether it has one right answer or several, so that
    the form never tells how many answers are right. Choices are the question's own: a
    choice of another question, or an unknown one, is refused here and again, with the
    same rules, by ``quiz_submit``.
    """

    def __init__(self, *args, questions: list[QuizQuestion], **kwargs):
        kwargs.setdefault("auto_id", "quiz_%s")
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question_field_name(question)] = forms.MultipleChoiceField(
                label=question.tr("text"),
                choices=[(str(choice.pk), choice.tr("text")) for choice in question.choices.all()],
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": _("Choose at least one answer."),
                    "invalid_choice": _("This is not one of the answers offered."),
                },
            )

    def rows(self):
        """(number, question, bound field) for the template."""
        return [
            (number, question, self[question_field_name(question)])
            for number, question in enumerate(self.questions, 1)
        ]

    def answers(self) -> list[tuple[int, list[str]]]:
        """The answers for ``quiz_submit``: (question id, chosen choice ids), in order."""
        return [
            (question.pk, self.cleaned_data[question_field_name(question)])
            for question in self.questions
        ]


class SelfAssessmentForm(forms.Form):
    level = forms.ChoiceField(
        label=_("How competent do you feel?"),
        choices=SELF_ASSESSMENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a level from 1 to 4.")},
    )


class VisibilityForm(forms.Form):
    show = forms.BooleanField(
        label=_("Show the areas I completed on my public profile"), required=False
    )


class AttendanceForm(forms.Form):
    """Who came to a meeting, among those who said they would come."""

    attended = forms.MultipleChoiceField(
        label=_("Who came"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Only people who said they would come can be marked.")},
    )

    def __init__(self, *args, rsvps, **kwargs):
        kwargs.setdefault("auto_id", "attendance_%s")
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(rsvp.citizen_id), rsvp.citizen.public_name) for rsvp in rsvps
        ]
