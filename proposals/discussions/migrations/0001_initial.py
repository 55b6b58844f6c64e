# Comment and Flag move from proposals to proposals.discussions.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('chapters', '0002_meeting_competence_rsvp_attended'),
        ('consultations', '0001_initial'),
        ('proposals', '0005_move_auditentry_to_audit'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The models already exist, on the tables proposals created: take them over in the
        # state only; 0002 renames the tables once proposals let them go
        # (civic/migration_ops.py).
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Comment',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('hidden_at', models.DateTimeField(blank=True, null=True, verbose_name='hidden at')),
                    ('hidden_reason', models.CharField(blank=True, max_length=300, verbose_name='public reason')),
                    ('flag_count', models.PositiveIntegerField(default=0)),
                    ('depth', models.PositiveSmallIntegerField(default=1)),
                    ('text', models.TextField(max_length=5000, verbose_name='comment')),
                    ('sources', models.JSONField(blank=True, default=list, verbose_name='sources')),
                    ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                    ('edited_at', models.DateTimeField(blank=True, null=True)),
                    ('deleted_at', models.DateTimeField(blank=True, null=True)),
                    ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='comments', to=settings.AUTH_USER_MODEL)),
                    ('chapter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='chapters.chapter')),
                    ('contribution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='consultations.contribution')),
                    ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='discussions.comment')),
                    ('proposal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='proposals.proposal')),
                ],
                options={
                    'db_table': 'proposals_comment',
                    'verbose_name': 'comment',
                    'verbose_name_plural': 'comments',
                    'ordering': ['created_at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='Flag',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('reason', models.CharField(choices=[('personal_attack', 'Personal attack or harassment'), ('hate', 'Hate speech or discrimination'), ('misinformation', 'False or misleading information'), ('spam', 'Spam or advertising'), ('off_topic', 'Off topic'), ('other', 'Something else')], max_length=20, verbose_name='reason')),
                    ('details', models.CharField(blank=True, max_length=500, verbose_name='details')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('dismissed_at', models.DateTimeField(blank=True, null=True)),
                    ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flags', to=settings.AUTH_USER_MODEL)),
                    ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='discussions.comment')),
                    ('contribution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='consultations.contribution')),
                    ('dismissed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'proposals_flag',
                    'verbose_name': 'flag',
                    'verbose_name_plural': 'flags',
                },
            ),
            migrations.AddConstraint(
                model_name='comment',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('chapter__isnull', True), ('contribution__isnull', True), ('proposal__isnull', False)), models.Q(('chapter__isnull', True), ('contribution__isnull', False), ('proposal__isnull', True)), models.Q(('chapter__isnull', False), ('contribution__isnull', True), ('proposal__isnull', True)), _connector='OR'), name='comment_on_exactly_one_target'),
            ),
            migrations.AddConstraint(
                model_name='comment',
                constraint=models.CheckConstraint(condition=models.Q(('depth__gte', 1), ('depth__lte', 3)), name='comment_depth_1_to_3'),
            ),
            migrations.AddConstraint(
                model_name='flag',
                constraint=models.UniqueConstraint(condition=models.Q(('comment__isnull', False)), fields=('comment', 'citizen'), name='flag_comment_once_per_citizen'),
            ),
            migrations.AddConstraint(
                model_name='flag',
                constraint=models.UniqueConstraint(condition=models.Q(('contribution__isnull', False)), fields=('contribution', 'citizen'), name='flag_contribution_once_per_citizen'),
            ),
            migrations.AddConstraint(
                model_name='flag',
                constraint=models.CheckConstraint(condition=models.Q(models.Q(('comment__isnull', False), ('contribution__isnull', True)), models.Q(('comment__isnull', True), ('contribution__isnull', False)), _connector='OR'), name='flag_on_exactly_one_target'),
            ),
            ],
            database_operations=[],
        ),
    ]
