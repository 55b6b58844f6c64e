"""Fixtures of the competence tests, on top of ``tests/conftest.py`` (the small world, the
citizen, staff, the Lyon chapter and its organiser)::

    areas       the three areas of the framework (personal, social, societal)
    competence  "levels", a societal competence with its quiz (``test_views.py`` has its own)
"""

from __future__ import annotations

import pytest

from tests.civic.competences import factories as cb


@pytest.fixture(autouse=True)
def _no_wait_between_attempts(settings):
    """Tests submit quizzes back to back; the delay has its own test."""
    settings.QUIZ_RETRY_SECONDS = 0


@pytest.fixture
def areas(db):
    return cb.make_framework()


@pytest.fixture
def competence(areas):
    return cb.make_competence(areas[cb.Kind.SOCIETAL], "levels")
