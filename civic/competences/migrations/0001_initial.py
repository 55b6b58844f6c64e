# Citizen competences move from challenges to civic.competences: the models are taken over
# in the state only here, on the tables challenges created; 0002 renames the tables once
# challenges let them go (civic/migration_ops.py says how).

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('challenges', '0003_competencearea_competence_quizattempt_quizquestion_and_more'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CompetenceArea',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('personal', 'Personal — towards oneself'), ('social', 'Social — towards others'), ('societal', 'Societal — towards society')], max_length=10, unique=True, verbose_name='area')),
                        ('name_en', models.CharField(max_length=120, verbose_name='name (English)')),
                        ('name_fr', models.CharField(max_length=120, verbose_name='name (French)')),
                        ('description_en', models.TextField(blank=True, max_length=2000, verbose_name='description (English)')),
                        ('description_fr', models.TextField(blank=True, max_length=2000, verbose_name='description (French)')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('published', models.BooleanField(default=True, verbose_name='published')),
                    ],
                    options={
                        'db_table': 'challenges_competencearea',
                        'verbose_name': 'competence area',
                        'verbose_name_plural': 'competence areas',
                        'ordering': ['order', 'kind'],
                    },
                ),
                migrations.CreateModel(
                    name='Competence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(max_length=80, unique=True, verbose_name='slug')),
                        ('title_en', models.CharField(max_length=200, verbose_name='title (English)')),
                        ('title_fr', models.CharField(max_length=200, verbose_name='title (French)')),
                        ('summary_en', models.CharField(max_length=400, verbose_name='summary (English)')),
                        ('summary_fr', models.CharField(max_length=400, verbose_name='summary (French)')),
                        ('lesson_en', models.TextField(max_length=20000, verbose_name='lesson (English, Markdown)')),
                        ('lesson_fr', models.TextField(max_length=20000, verbose_name='lesson (French, Markdown)')),
                        ('links', models.JSONField(blank=True, default=list, verbose_name='links')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('published', models.BooleanField(default=True, verbose_name='published')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='competences', to='competences.competencearea', verbose_name='area')),
                    ],
                    options={
                        'db_table': 'challenges_competence',
                        'verbose_name': 'competence',
                        'verbose_name_plural': 'competences',
                        'ordering': ['area__order', 'order', 'slug'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score', models.PositiveSmallIntegerField(verbose_name='score')),
                        ('total', models.PositiveSmallIntegerField(verbose_name='questions')),
                        ('passed', models.BooleanField(default=False, verbose_name='passed')),
                        ('answers', models.JSONField(default=dict)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='quiz_attempts', to=settings.AUTH_USER_MODEL)),
                        ('competence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='competences.competence')),
                    ],
                    options={
                        'db_table': 'challenges_quizattempt',
                        'verbose_name': 'quiz attempt',
                        'verbose_name_plural': 'quiz attempts',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text_en', models.CharField(max_length=500, verbose_name='question (English)')),
                        ('text_fr', models.CharField(max_length=500, verbose_name='question (French)')),
                        ('explanation_en', models.TextField(max_length=2000, verbose_name='explanation (English)')),
                        ('explanation_fr', models.TextField(max_length=2000, verbose_name='explanation (French)')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('competence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='competences.competence')),
                    ],
                    options={
                        'db_table': 'challenges_quizquestion',
                        'verbose_name': 'quiz question',
                        'verbose_name_plural': 'quiz questions',
                        'ordering': ['order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizChoice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text_en', models.CharField(max_length=300, verbose_name='choice (English)')),
                        ('text_fr', models.CharField(max_length=300, verbose_name='choice (French)')),
                        ('is_correct', models.BooleanField(default=False, verbose_name='correct')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='choices', to='competences.quizquestion')),
                    ],
                    options={
                        'db_table': 'challenges_quizchoice',
                        'verbose_name': 'quiz choice',
                        'verbose_name_plural': 'quiz choices',
                        'ordering': ['order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='LessonRead',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('read_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lessons_read', to=settings.AUTH_USER_MODEL)),
                        ('competence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reads', to='competences.competence')),
                    ],
                    options={
                        'db_table': 'challenges_lessonread',
                        'constraints': [models.UniqueConstraint(fields=('citizen', 'competence'), name='read_lesson_once')],
                    },
                ),
                migrations.CreateModel(
                    name='SelfAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(4)], verbose_name='how competent I feel (1–4)')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='self_assessments', to=settings.AUTH_USER_MODEL)),
                        ('competence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='self_assessments', to='competences.competence')),
                    ],
                    options={
                        'db_table': 'challenges_selfassessment',
                        'constraints': [models.UniqueConstraint(fields=('citizen', 'competence'), name='self_assess_once'), models.CheckConstraint(condition=models.Q(('level__gte', 1), ('level__lte', 4)), name='self_assessment_1_to_4')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
