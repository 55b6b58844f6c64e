"""Shapes of the citizen competences API (``civic/competences/api.py``).

Texts come in the language of the request (``Accept-Language``; English by default): each
model keeps English and French fields and ``tr()`` picks one. ``lesson`` is Markdown as
written; ``lesson_html`` is that Markdown rendered and sanitised as the web page shows it.

Security: ``QuizChoiceSerializer`` has no ``is_correct`` and questions have no
``explanation`` — a quiz is sent without its answers. They come back only in
``QuizResultSerializer``, after the answers were scored on the server.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from civic.api.fields import markdown_html
from civic.competences.models import Competence, CompetenceArea
from civic.competences.services import SELF_ASSESSMENT_LEVELS


def _web_url(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class CompetenceSerializer(serializers.ModelSerializer):
    area = serializers.IntegerField(source="area_id", read_only=True)
    area_kind = serializers.ChoiceField(
        source="area.kind", choices=CompetenceArea.Kind.choices, read_only=True
    )
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(view_name="api:competence-detail")
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Competence
        fields = ["id", "slug", "area", "area_kind", "order", "title", "summary", "url", "web_url"]
        read_only_fields = fields

    def get_title(self, competence: Competence) -> str:
        return competence.tr("title")

    def get_summary(self, competence: Competence) -> str:
        return competence.tr("summary")

    def get_web_url(self, competence: Competence) -> str:
        return _web_url(self, competence.get_absolute_url())


class LinkSerializer(serializers.Serializer):
    url = serializers.URLField()
    label = serializers.CharField()


class CompetenceDetailSerializer(CompetenceSerializer):
    lesson = serializers.SerializerMethodField()
    lesson_html = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    question_count = serializers.IntegerField(read_only=True)

    class Meta(CompetenceSerializer.Meta):
        fields = [
            *CompetenceSerializer.Meta.fields,
            "lesson",
            "lesson_html",
            "links",
            "question_count",
        ]
        read_only_fields = fields

    def get_lesson(self, competence: Competence) -> str:
        return competence.tr("lesson")

    def get_lesson_html(self, competence: Competence) -> str:
        return markdown_html(competence.tr("lesson"))

    @staticmethod
    def _label(link: dict) -> str:
        from civic.competences.templatetags.competence_tags import link_label

        return link_label(link)

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, competence: Competence) -> list[dict]:
        links = [link for link in competence.links or [] if isinstance(link, dict)]
        return LinkSerializer(
            [{"url": link.get("url", ""), "label": self._label(link)} for link in links],
            many=True,
        ).data


class CompetenceAreaSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=CompetenceArea.Kind.choices, read_only=True)
    name = serializers.SerializerMethodField()
    description = serializers.SerializerMethodField()
    competences = CompetenceSerializer(source="competence_list", many=True, read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:competence-area-detail")

    class Meta:
        model = CompetenceArea
        fields = ["id", "kind", "order", "name", "description", "competences", "url"]
        read_only_fields = fields

    def get_name(self, area: CompetenceArea) -> str:
        return area.tr("name")

    def get_description(self, area: CompetenceArea) -> str:
        return area.tr("description")


# --- The quiz ----------------------------------------------------------------------------------


class QuizChoiceSerializer(serializers.Serializer):
    """A choice as offered: never whether it is right."""

    id = serializers.IntegerField()
    text = serializers.SerializerMethodField()

    def get_text(self, choice) -> str:
        return choice.tr("text")


class QuizQuestionSerializer(serializers.Serializer):
    """A question as asked: its choices, never its explanation nor its right answers."""

    id = serializers.IntegerField()
    number = serializers.IntegerField()
    text = serializers.SerializerMethodField()
    choices = QuizChoiceSerializer(many=True, source="choices.all")

    def get_text(self, question) -> str:
        return question.tr("text")


class QuizSerializer(serializers.Serializer):
    competence = serializers.IntegerField()
    pass_percent = serializers.IntegerField(
        help_text="The quiz is passed with at least this share of right answers."
    )
    questions = QuizQuestionSerializer(many=True)


class QuizAnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="A question id of this quiz.")
    choices = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=50,
        help_text="The ids of every choice you think is right (one or more).",
    )


class QuizSubmissionSerializer(serializers.Serializer):
    answers = QuizAnswerSerializer(
        many=True,
        max_length=100,
        help_text="One entry per question of the quiz, each question once.",
    )


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    correct = serializers.BooleanField()
    chosen = serializers.ListField(child=serializers.IntegerField())
    right_choices = serializers.ListField(
        child=serializers.IntegerField(), allow_null=True,
        help_text="null until the quiz is passed or attempted three times.",
    )  # fmt: skip
    explanation = serializers.CharField(
        allow_null=True, help_text="null until the quiz is passed or attempted three times."
    )


class QuizResultSerializer(serializers.Serializer):
    attempt = serializers.IntegerField()
    score = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    passed = serializers.BooleanField()
    pass_percent = serializers.IntegerField()
    answers_revealed = serializers.BooleanField(
        help_text="Whether the right answers and explanations are given: once the quiz is "
        "passed, or after three attempts."
    )
    competence_completed = serializers.BooleanField(
        help_text="Whether the competence is now completed (lesson read or study circle "
        "attended, and quiz passed)."
    )
    questions = QuestionResultSerializer(many=True)


# --- Progress and self-assessment ---------------------------------------------------------------


class SelfAssessmentSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=[(n, str(n)) for n in SELF_ASSESSMENT_LEVELS],
        help_text="How competent you feel: 1 (discovering it) to 4 (could explain it).",
    )
    updated_at = serializers.DateTimeField(read_only=True)


class LessonReadSerializer(serializers.Serializer):
    read = serializers.BooleanField()
    first_time = serializers.BooleanField()


class CompetenceProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    title = serializers.SerializerMethodField()
    read = serializers.BooleanField()
    attended = serializers.BooleanField(help_text="Attended a study circle on it.")
    passed = serializers.BooleanField()
    completed = serializers.BooleanField()
    started = serializers.BooleanField()
    best_score = serializers.IntegerField(allow_null=True)
    best_total = serializers.IntegerField(allow_null=True)
    self_level = serializers.IntegerField(allow_null=True)

    def get_title(self, competence) -> str:
        return competence.tr("title")


class AreaProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="area.pk")
    kind = serializers.ChoiceField(source="area.kind", choices=CompetenceArea.Kind.choices)
    name = serializers.SerializerMethodField()
    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    is_completed = serializers.BooleanField()
    competences = CompetenceProgressSerializer(many=True)

    def get_name(self, progress) -> str:
        return progress.area.tr("name")


class ProgressSerializer(serializers.Serializer):
    pass_percent = serializers.IntegerField()
    show_competences = serializers.BooleanField(
        help_text="Whether your completed areas show on your public profile."
    )
    completed = serializers.IntegerField()
    total = serializers.IntegerField()
    areas = AreaProgressSerializer(many=True)
