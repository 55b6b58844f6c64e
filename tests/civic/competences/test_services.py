"""Writes of citizen competences: lessons read, quiz scoring (server-side, tamper-proof),
self-assessments, study-circle attendance and publishing the framework."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chapters.models import RSVP, Meeting
from civic.audit.models import AuditEntry
from civic.competences import services
from civic.competences.models import (
    CompetenceArea,
    LessonRead,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    SelfAssessment,
)
from tests.civic.competences import factories as cb
from tests.civic.factories import CitizenFactory


@pytest.fixture
def other(areas):
    return cb.make_competence(areas[cb.Kind.SOCIAL], "dialogue")


def answers(competence, first: str, second: list[str]):
    q1, q2 = cb.questions(competence)
    return [
        (q1.pk, [cb.choice(competence, first).pk]),
        (q2.pk, [cb.choice(competence, letter).pk for letter in second]),
    ]


# --- Lessons --------------------------------------------------------------------------------------


def test_reading_a_lesson_is_recorded_once(citizen, competence):
    assert services.lesson_mark_read(citizen=citizen, competence=competence) is True
    assert services.lesson_mark_read(citizen=citizen, competence=competence) is False

    assert LessonRead.objects.filter(citizen=citizen, competence=competence).count() == 1


def test_a_visitor_cannot_record_a_lesson(competence):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.lesson_mark_read(citizen=AnonymousUser(), competence=competence)


def test_an_unpublished_competence_records_nothing(citizen, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)

    with pytest.raises(ValidationError):
        services.lesson_mark_read(citizen=citizen, competence=draft)
    with pytest.raises(ValidationError):
        services.quiz_submit(citizen=citizen, competence=draft, answers=cb.right_answers(draft))
    assert not LessonRead.objects.exists() and not QuizAttempt.objects.exists()


# --- Quiz scoring ---------------------------------------------------------------------------------


def test_all_right_answers_pass_with_full_score(citizen, competence):
    result = services.quiz_submit(
        citizen=citizen, competence=competence, answers=answers(competence, "A", ["D", "E"])
    )

    assert (result.score, result.total, result.passed, result.percent) == (2, 2, True, 100)
    assert [item.correct for item in result.questions] == [True, True]
    attempt = QuizAttempt.objects.get(citizen=citizen, competence=competence)
    assert (attempt.score, attempt.total, attempt.passed) == (2, 2, True)
    q1, q2 = cb.questions(competence)
    assert attempt.answers == {
        str(q1.pk): [cb.choice(competence, "A").pk],
        str(q2.pk): sorted([cb.choice(competence, "D").pk, cb.choice(competence, "E").pk]),
    }


def test_a_multi_answer_question_needs_every_right_choice(citizen, competence):
    result = services.quiz_submit(
        citizen=citizen, competence=competence, answers=answers(competence, "A", ["D"])
    )

    assert [item.correct for item in result.questions] == [True, False]
    assert (result.score, result.passed) == (1, False)


def test_a_multi_answer_question_with_a_wrong_choice_added_is_wrong(citizen, competence):
    result = services.quiz_submit(
        citizen=citizen, competence=competence, answers=answers(competence, "A", ["D", "E", "F"])
    )

    assert [item.correct for item in result.questions] == [True, False]
    assert not result.passed


def test_the_result_names_the_right_choices_and_the_explanation(citizen, competence):
    result = services.quiz_submit(
        citizen=citizen, competence=competence, answers=answers(competence, "B", ["D", "E"])
    )

    first = result.questions[0]
    assert not first.correct
    assert first.right == {cb.choice(competence, "A").pk}
    assert first.chosen == {cb.choice(competence, "B").pk}
    assert first.question.explanation_en == "Because one. (levels)"


@pytest.mark.parametrize(
    ("score", "total", "passed"),
    [(2, 2, True), (1, 2, False), (4, 5, True), (3, 5, False), (8, 10, True), (7, 10, False)],
)
def test_a_quiz_is_passed_at_80_percent(score, total, passed):
    assert services.is_passing(score, total) is passed


def test_four_right_answers_of_five_pass(citizen, areas):
    competence = cb.make_competence(areas[cb.Kind.PERSONAL], "five")
    for n in range(3):
        question = QuizQuestion.objects.create(
            competence=competence,
            order=10 + n,
            text_en=f"Extra {n}?",
            text_fr=f"En plus {n} ?",
            explanation_en="x",
            explanation_fr="x",
        )
        QuizChoice.objects.create(question=question, text_en="yes", text_fr="oui", is_correct=True)
        QuizChoice.objects.create(question=question, text_en="no", text_fr="non")
    given = cb.right_answers(competence)
    q1 = cb.questions(competence)[0]
    given[0] = (q1.pk, [cb.choice(competence, "B").pk])  # one wrong

    result = services.quiz_submit(citizen=citizen, competence=competence, answers=given)

    assert (result.score, result.total, result.passed) == (4, 5, True)


def test_every_attempt_is_kept_and_one_pass_is_enough(citizen, competence):
    services.quiz_submit(
        citizen=citizen, competence=competence, answers=cb.right_answers(competence)
    )
    services.quiz_submit(
        citizen=citizen, competence=competence, answers=cb.wrong_answers(competence)
    )

    assert QuizAttempt.objects.filter(citizen=citizen).count() == 2
    assert QuizAttempt.objects.filter(citizen=citizen, passed=True).count() == 1


# --- Tampered and incomplete submissions: a clear error, nothing recorded -------------------------


def _refused(citizen, competence, given) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        services.quiz_submit(citizen=citizen, competence=competence, answers=given)
    assert not QuizAttempt.objects.exists()
    return caught.value.message_dict["answers"]


def test_an_unknown_choice_is_refused(citizen, competence):
    q1, q2 = cb.questions(competence)
    given = [(q1.pk, [999_999]), (q2.pk, [cb.choice(competence, "D").pk])]

    messages = _refused(citizen, competence, given)

    assert messages == ["Question 1 was answered with a choice that is not one of its own."]


def test_a_choice_of_another_question_is_refused(citizen, competence):
    q1, q2 = cb.questions(competence)
    given = [(q1.pk, [cb.choice(competence, "D").pk]), (q2.pk, [cb.choice(competence, "E").pk])]

    assert _refused(citizen, competence, given) == [
        "Question 1 was answered with a choice that is not one of its own."
    ]


def test_a_choice_of_another_competence_is_refused(citizen, competence, other):
    q1, q2 = cb.questions(competence)
    given = [(q1.pk, [cb.choice(other, "A").pk]), (q2.pk, [cb.choice(competence, "D").pk])]

    assert "Question 1 was answered with a choice that is not one of its own." in _refused(
        citizen, competence, given
    )


def test_answering_the_same_question_twice_is_refused(citizen, competence):
    q1, q2 = cb.questions(competence)
    given = [
        (q1.pk, [cb.choice(competence, "B").pk]),
        (q1.pk, [cb.choice(competence, "A").pk]),
        (q2.pk, [cb.choice(competence, "D").pk, cb.choice(competence, "E").pk]),
    ]

    assert _refused(citizen, competence, given) == ["Question 1 is answered more than once."]


def test_the_same_choice_twice_is_refused(citizen, competence):
    q1, q2 = cb.questions(competence)
    d = cb.choice(competence, "D").pk
    given = [(q1.pk, [cb.choice(competence, "A").pk]), (q2.pk, [d, d])]

    assert _refused(citizen, competence, given) == ["An answer to question 2 is given twice."]


def test_a_missing_question_is_refused(citizen, competence):
    q1, _q2 = cb.questions(competence)
    given = [(q1.pk, [cb.choice(competence, "A").pk])]

    assert _refused(citizen, competence, given) == [
        "Answer every question: question 2 has no answer."
    ]


def test_a_question_of_another_quiz_is_refused(citizen, competence, other):
    given = [*cb.right_answers(competence), cb.right_answers(other)[0]]

    messages = _refused(citizen, competence, given)

    assert messages == [f"“{cb.questions(other)[0].pk}” is not a question of this quiz."]


def test_an_empty_answer_and_garbage_ids_are_refused(citizen, competence):
    q1, q2 = cb.questions(competence)
    given = [(q1.pk, []), (q2.pk, ["D", None]), ("one", [1])]

    messages = _refused(citizen, competence, given)

    assert "Choose at least one answer to question 1." in messages
    assert "Question 2 was answered with a choice that is not one of its own." in messages
    assert "“one” is not a question of this quiz." in messages


# --- Self-assessment ------------------------------------------------------------------------------


def test_a_self_assessment_is_saved_then_replaced(citizen, competence):
    first, created = services.self_assessment_save(citizen=citizen, competence=competence, level=2)
    again, created_again = services.self_assessment_save(
        citizen=citizen, competence=competence, level="4"
    )

    assert (created, created_again) == (True, False)
    assert SelfAssessment.objects.get(citizen=citizen, competence=competence).level == 4
    assert first.pk == again.pk


@pytest.mark.parametrize("level", [0, 5, "x", None, True])
def test_a_self_assessment_outside_1_to_4_is_refused(citizen, competence, level):
    with pytest.raises(ValidationError) as caught:
        services.self_assessment_save(citizen=citizen, competence=competence, level=level)

    assert caught.value.message_dict == {"level": ["Choose a level from 1 to 4."]}
    assert not SelfAssessment.objects.exists()


# --- The public-profile opt-in and erasure --------------------------------------------------------


def test_the_opt_in_is_off_by_default_and_goes_through_the_profile_service(citizen):
    assert citizen.show_competences is False

    services.competences_visibility_set(citizen=citizen, show=True)
    citizen.refresh_from_db()
    assert citizen.show_competences is True

    services.competences_visibility_set(citizen=citizen, show=False)
    citizen.refresh_from_db()
    assert citizen.show_competences is False


def test_erasing_an_account_erases_its_learning_records(citizen, competence):
    from civic.services import citizen_erase

    cb.complete(citizen, competence)
    services.self_assessment_save(citizen=citizen, competence=competence, level=3)
    services.competences_visibility_set(citizen=citizen, show=True)

    citizen_erase(citizen=citizen)

    assert not LessonRead.objects.exists()
    assert not QuizAttempt.objects.exists()
    assert not SelfAssessment.objects.exists()
    citizen.refresh_from_db()
    assert citizen.show_competences is False


# --- Study circles --------------------------------------------------------------------------------


@pytest.fixture
def circle(chapter, competence, organiser, outsider):
    start = timezone.now() - timedelta(hours=3)
    meeting = Meeting.objects.create(
        chapter=chapter,
        title="Study circle: who decides what",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Maison des associations",
        competence=competence,
        created_by=organiser,
    )
    RSVP.objects.create(meeting=meeting, citizen=outsider)
    return meeting


def test_organisers_record_who_came(circle, organiser, outsider):
    absent = CitizenFactory()
    RSVP.objects.create(meeting=circle, citizen=absent)

    count = services.study_circle_attendance_set(
        actor=organiser, meeting=circle, attended=[str(outsider.pk)]
    )

    assert count == 1
    assert RSVP.objects.get(meeting=circle, citizen=outsider).attended is True
    assert RSVP.objects.get(meeting=circle, citizen=absent).attended is False


def test_a_member_cannot_record_attendance(circle, outsider):
    with pytest.raises(PermissionDenied):
        services.study_circle_attendance_set(actor=outsider, meeting=circle, attended=[outsider.pk])

    assert RSVP.objects.get(meeting=circle, citizen=outsider).attended is None


def test_attendance_waits_for_the_meeting_to_begin(circle, organiser, outsider):
    Meeting.objects.filter(pk=circle.pk).update(
        starts_at=timezone.now() + timedelta(days=1), ends_at=timezone.now() + timedelta(days=2)
    )
    circle.refresh_from_db()

    with pytest.raises(ValidationError, match="once the meeting has begun"):
        services.study_circle_attendance_set(
            actor=organiser, meeting=circle, attended=[outsider.pk]
        )


def test_only_those_who_said_they_would_come_can_be_marked(circle, organiser, citizen):
    with pytest.raises(ValidationError) as caught:
        services.study_circle_attendance_set(actor=organiser, meeting=circle, attended=[citizen.pk])

    assert "attended" in caught.value.message_dict
    assert not RSVP.objects.filter(attended=True).exists()


# --- Publishing the framework (staff) -------------------------------------------------------------


@pytest.fixture
def editor(db):
    return CitizenFactory(is_staff=True, is_superuser=True)


def test_staff_without_the_permission_cannot_publish(staff, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)

    with pytest.raises(PermissionDenied):
        services.competence_publish(actor=staff, competence=draft)


def test_a_complete_competence_is_published(editor, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)

    assert services.competence_publish(actor=editor, competence=draft) is True
    draft.refresh_from_db()
    assert draft.published
    assert services.competence_publish(actor=editor, competence=draft) is False


def test_a_competence_without_french_or_a_full_quiz_is_not_published(editor, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)
    draft.lesson_fr = ""
    draft.save()
    q1, q2 = cb.questions(draft)
    q2.delete()
    q1.choices.update(is_correct=False)
    QuizChoice.objects.filter(question=q1, text_en="Choice C").update(text_fr="")

    with pytest.raises(ValidationError) as caught:
        services.competence_publish(actor=editor, competence=draft)

    assert caught.value.messages == [
        "Its title, summary and lesson need a French text.",
        "Its quiz needs at least 2 questions.",
        "Question 1 and its choices need a French text.",
        "Question 1 needs at least one right answer.",
    ]
    draft.refresh_from_db()
    assert not draft.published


def test_unpublishing_keeps_the_progress(editor, citizen, competence):
    cb.complete(citizen, competence)

    services.competence_unpublish(actor=editor, competence=competence)

    competence.refresh_from_db()
    assert not competence.published
    assert QuizAttempt.objects.filter(citizen=citizen).exists()


def test_an_area_needs_its_french_name_to_be_published(editor, areas):
    area = areas[cb.Kind.SOCIAL]
    services.area_unpublish(actor=editor, area=area)
    area.name_fr = ""
    area.save()

    with pytest.raises(ValidationError):
        services.area_publish(actor=editor, area=area)
    area.name_fr = "Sociales"
    area.save()
    assert services.area_publish(actor=editor, area=area) is True


# --- The audit log: what staff and organisers decided -------------------------------------------


def audit_rows(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_publishing_and_unpublishing_a_competence_is_audited_once(editor, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)

    services.competence_publish(actor=editor, competence=draft)
    services.competence_publish(actor=editor, competence=draft)  # already published
    services.competence_unpublish(actor=editor, competence=draft)

    [published] = audit_rows("competence.publish")
    assert (published.actor, published.object_type, published.object_id) == (
        editor,
        "competence",
        draft.pk,
    )
    assert (published.before, published.after, published.note) == (
        "unpublished",
        "published",
        "draft",
    )
    [unpublished] = audit_rows("competence.unpublish")
    assert (unpublished.actor, unpublished.after) == (editor, "unpublished")
    assert AuditEntry.objects.count() == 2


def test_publishing_and_unpublishing_an_area_is_audited(editor, areas):
    area = areas[cb.Kind.SOCIAL]

    services.area_unpublish(actor=editor, area=area)
    services.area_publish(actor=editor, area=area)

    [withdrawn] = audit_rows("competence_area.unpublish")
    [published] = audit_rows("competence_area.publish")
    assert (withdrawn.object_type, withdrawn.object_id, withdrawn.note) == (
        "competencearea",
        area.pk,
        "social",
    )
    assert published.actor == editor


def test_a_refused_publication_writes_no_audit_row(staff, editor, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)
    draft.lesson_fr = ""
    draft.save()

    with pytest.raises(ValidationError):
        services.competence_publish(actor=editor, competence=draft)
    with pytest.raises(PermissionDenied):
        services.competence_unpublish(
            actor=staff, competence=cb.make_competence(areas[cb.Kind.SOCIAL], "x")
        )

    assert not AuditEntry.objects.exists()


def test_recording_who_came_is_audited_in_the_chapter_s_space(circle, organiser, outsider):
    absent = CitizenFactory()
    RSVP.objects.create(meeting=circle, citizen=absent)

    services.study_circle_attendance_set(actor=organiser, meeting=circle, attended=[outsider.pk])
    # The same answer again (a second click, a retried request) changes nothing: no row.
    services.study_circle_attendance_set(actor=organiser, meeting=circle, attended=[outsider.pk])

    [row] = audit_rows("meeting.attendance")
    assert (row.actor, row.object_type, row.object_id) == (organiser, "meeting", circle.pk)
    assert row.space == circle.chapter.space
    assert (row.after, row.note) == ("1/2", str(outsider.pk))

    services.study_circle_attendance_set(actor=organiser, meeting=circle, attended=[])

    assert [r.after for r in audit_rows("meeting.attendance")] == ["0/2", "1/2"]
    assert RSVP.objects.get(meeting=circle, citizen=outsider).attended is False


def test_a_member_refused_attendance_writes_no_audit_row(circle, outsider):
    with pytest.raises(PermissionDenied):
        services.study_circle_attendance_set(actor=outsider, meeting=circle, attended=[outsider.pk])

    assert not AuditEntry.objects.exists()


def test_staff_writing_the_framework_through_the_ensure_services_is_audited(editor, areas):
    area = areas[cb.Kind.SOCIAL]

    made = services.competence_ensure(
        slug="listening",
        area=area,
        actor=editor,
        order=5,
        title_en="Listening",
        title_fr="Écouter",
        summary_en="Summary",
        summary_fr="Résumé",
        lesson_en="Lesson",
        lesson_fr="Leçon",
    )
    again = services.competence_ensure(slug="listening", area=area, actor=editor, order=5)
    services.area_ensure(kind="social", actor=editor, name_fr="Sociales !")

    assert made.created and not again.created and not again.changed
    [created] = audit_rows("competence.create")
    assert (created.actor, created.object_id, created.after) == (editor, made.item.pk, "listening")
    [updated] = audit_rows("competence_area.update")
    assert (updated.object_id, updated.note) == (area.pk, "name_fr")
    assert AuditEntry.objects.count() == 2


def test_the_ensure_services_refuse_someone_who_does_not_edit_the_framework(staff, areas):
    with pytest.raises(PermissionDenied):
        services.area_ensure(kind="social", actor=staff, name_fr="Piratées")

    assert CompetenceArea.objects.get(kind="social").name_fr == "Sociales"
    assert not AuditEntry.objects.exists()
