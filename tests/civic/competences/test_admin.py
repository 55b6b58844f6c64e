"""Only staff edit the competence framework, in the admin: ordering, both languages,
publishing (checked by the services), questions and their choices inline."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from civic.competences.models import Competence, CompetenceArea, QuizChoice, QuizQuestion
from tests.civic.competences import factories as cb
from tests.civic.factories import CitizenFactory
from tests.pages import admin_url

pytestmark = pytest.mark.django_db


# --- Who gets in ----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [CompetenceArea, Competence, QuizQuestion])
def test_a_citizen_cannot_reach_the_framework(client, model, competence):
    client.force_login(CitizenFactory())

    for url in (admin_url(model, "changelist"), admin_url(model, "add")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_a_citizen_cannot_change_a_competence_by_posting(client, competence):
    client.force_login(CitizenFactory())

    response = client.post(admin_url(Competence, "change", competence.pk), {"title_en": "Hacked"})

    assert response.status_code == 302
    competence.refresh_from_db()
    assert competence.title_en == "Title levels"


def test_staff_without_the_permission_cannot_edit_it(client, competence):
    # Decision makers are staff too (their dashboard): is_staff alone opens nothing here.
    client.force_login(CitizenFactory(is_staff=True))

    assert client.get(admin_url(Competence, "changelist")).status_code == 403
    assert client.get(admin_url(Competence, "change", competence.pk)).status_code == 403


def test_staff_given_the_permissions_edit_it(client, competence):
    editor = CitizenFactory(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="competences",
            codename__in=["view_competence", "change_competence"],
        )
    )
    client.force_login(editor)

    assert client.get(admin_url(Competence, "changelist")).status_code == 200


def test_every_list_and_change_page_opens(admin_client, competence):
    question = competence.questions.first()
    for model, obj in (
        (CompetenceArea, competence.area),
        (Competence, competence),
        (QuizQuestion, question),
    ):
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200
        assert admin_client.get(admin_url(model, "add")).status_code == 200


# --- Editing --------------------------------------------------------------------------------------


QUESTIONS_INLINE = {
    "questions-TOTAL_FORMS": "0",
    "questions-INITIAL_FORMS": "0",
    "questions-MIN_NUM_FORMS": "0",
    "questions-MAX_NUM_FORMS": "1000",
}


def test_a_new_competence_starts_unpublished_with_both_languages(admin_client, areas):
    response = admin_client.post(
        admin_url(Competence, "add"),
        {
            "area": areas[cb.Kind.SOCIAL].pk,
            "slug": "listening",
            "order": "3",
            "title_en": "Listening",
            "title_fr": "Écouter",
            "summary_en": "Hear before answering.",
            "summary_fr": "Entendre avant de répondre.",
            "lesson_en": "## Listen",
            "lesson_fr": "## Écouter",
            "links": "https://example.org/listen | Listening well | Bien écouter",
            **QUESTIONS_INLINE,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    competence = Competence.objects.get(slug="listening")
    assert not competence.published
    assert competence.title_fr == "Écouter"
    assert competence.links == [
        {"url": "https://example.org/listen", "label": "Listening well", "label_fr": "Bien écouter"}
    ]


def test_a_link_must_be_a_web_address(admin_client, areas):
    response = admin_client.post(
        admin_url(Competence, "add"),
        {
            "area": areas[cb.Kind.SOCIAL].pk,
            "slug": "listening",
            "order": "3",
            "title_en": "Listening",
            "title_fr": "Écouter",
            "summary_en": "x",
            "summary_fr": "x",
            "lesson_en": "x",
            "lesson_fr": "x",
            "links": "javascript:alert(1) | Click",
            **QUESTIONS_INLINE,
        },
    )

    assert response.status_code == 200
    assert "is not a web address" in response.content.decode()
    assert not Competence.objects.filter(slug="listening").exists()


def test_the_french_title_is_required(admin_client, competence):
    data = {
        "area": competence.area_id,
        "slug": competence.slug,
        "order": "1",
        "title_en": "Levels",
        "title_fr": "",
        "summary_en": "x",
        "summary_fr": "x",
        "lesson_en": "x",
        "lesson_fr": "x",
        "links": "",
        **QUESTIONS_INLINE,
    }

    response = admin_client.post(admin_url(Competence, "change", competence.pk), data)

    assert response.status_code == 200
    competence.refresh_from_db()
    assert competence.title_fr == "Titre levels"


def test_staff_reorder_competences_from_the_list(admin_client, competence):
    response = admin_client.post(
        admin_url(Competence, "changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(competence.pk),
            "form-0-order": "7",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    competence.refresh_from_db()
    assert competence.order == 7


# --- Publishing -----------------------------------------------------------------------------------


def test_the_publish_action_refuses_an_incomplete_competence(admin_client, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)
    cb.questions(draft)[1].delete()

    response = admin_client.post(
        admin_url(Competence, "changelist"),
        {"action": "publish", "_selected_action": [str(draft.pk)]},
        follow=True,
    )

    assert "Its quiz needs at least 2 questions." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.published


def test_the_publish_and_unpublish_actions(admin_client, areas):
    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)
    url = admin_url(Competence, "changelist")

    admin_client.post(url, {"action": "publish", "_selected_action": [str(draft.pk)]})
    draft.refresh_from_db()
    assert draft.published

    admin_client.post(url, {"action": "unpublish", "_selected_action": [str(draft.pk)]})
    draft.refresh_from_db()
    assert not draft.published


def test_the_admin_actions_are_audited_as_the_services_are(admin_client, areas):
    from civic.audit.models import AuditEntry

    draft = cb.make_competence(areas[cb.Kind.PERSONAL], "draft", published=False)
    area = areas[cb.Kind.SOCIAL]

    admin_client.post(
        admin_url(Competence, "changelist"),
        {"action": "publish", "_selected_action": [str(draft.pk)]},
    )
    admin_client.post(
        admin_url(CompetenceArea, "changelist"),
        {"action": "unpublish", "_selected_action": [str(area.pk)]},
    )

    assert list(AuditEntry.objects.order_by("id").values_list("action", "object_id")) == [
        ("competence.publish", draft.pk),
        ("competence_area.unpublish", area.pk),
    ]


def test_a_question_needs_a_right_choice(admin_client, competence):
    question = cb.questions(competence)[0]
    choices = list(question.choices.order_by("order"))
    data = {
        "competence": competence.pk,
        "order": "1",
        "text_en": question.text_en,
        "text_fr": question.text_fr,
        "explanation_en": question.explanation_en,
        "explanation_fr": question.explanation_fr,
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": str(len(choices)),
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    for n, choice in enumerate(choices):
        data.update(
            {
                f"choices-{n}-id": str(choice.pk),
                f"choices-{n}-question": str(question.pk),
                f"choices-{n}-order": str(choice.order),
                f"choices-{n}-text_en": choice.text_en,
                f"choices-{n}-text_fr": choice.text_fr,
            }
        )  # no is_correct: every box unticked

    response = admin_client.post(admin_url(QuizQuestion, "change", question.pk), data)

    assert response.status_code == 200
    assert "Mark at least one choice as right." in response.content.decode()
    assert QuizChoice.objects.filter(question=question, is_correct=True).count() == 1


def test_learning_records_are_not_in_the_admin(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()

    assert "Quiz attempts" not in index and "Lesson reads" not in index
    assert "Competences" in index
