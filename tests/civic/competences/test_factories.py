"""The factories build valid rows: each passes the model's validation, and the builders give
the quiz the other tests rely on."""

from __future__ import annotations

import pytest

from civic.competences import services
from civic.competences.models import CompetenceArea
from tests.civic.competences import factories as cb

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory",
    [
        cb.CompetenceAreaFactory,
        cb.CompetenceFactory,
        cb.QuizQuestionFactory,
        cb.QuizChoiceFactory,
        cb.LessonReadFactory,
        cb.QuizAttemptFactory,
        cb.SelfAssessmentFactory,
    ],
)
def test_every_factory_builds_a_valid_row(factory):
    row = factory()

    row.full_clean()
    assert type(row).objects.filter(pk=row.pk).exists()


def test_areas_are_one_per_kind():
    first = cb.CompetenceAreaFactory(kind="social")
    again = cb.CompetenceAreaFactory(kind="social")

    assert first.pk == again.pk
    assert CompetenceArea.objects.count() == 1


def test_a_built_competence_is_ready_to_publish_and_passes_with_the_right_answers():
    competence = cb.make_competence(cb.make_framework()[cb.Kind.SOCIAL], "listening")
    citizen = cb.CitizenFactory()

    assert services.competence_problems(competence) == []
    cb.complete(citizen, competence)
    assert competence.attempts.get(citizen=citizen).passed
    assert cb.QuizAttemptFactory(score=1, total=2).passed is False
