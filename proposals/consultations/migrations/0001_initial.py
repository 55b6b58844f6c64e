# Consultation, Contribution and Agreement move from proposals to proposals.consultations.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('jurisdictions', '0001_initial'),
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
                name='Consultation',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('question', models.CharField(max_length=300, verbose_name='question')),
                    ('context', models.TextField(help_text='Markdown is allowed.', max_length=10000, verbose_name='context')),
                    ('opens_at', models.DateTimeField(verbose_name='opens at')),
                    ('closes_at', models.DateTimeField(verbose_name='closes at')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                    ('summary', models.TextField(blank=True, max_length=10000, verbose_name='what was decided')),
                    ('contribution_count', models.PositiveIntegerField(default=0)),
                    ('closing_reminder_sent_at', models.DateTimeField(blank=True, null=True)),
                    ('body', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='%(class)ss', to='jurisdictions.body', verbose_name='body')),
                    ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consultations_opened', to=settings.AUTH_USER_MODEL, verbose_name='opened by')),
                    ('space', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='jurisdictions.jurisdiction', verbose_name='space')),
                    ('topic', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='jurisdictions.topic', verbose_name='topic')),
                ],
                options={
                    'db_table': 'proposals_consultation',
                    'verbose_name': 'consultation',
                    'verbose_name_plural': 'consultations',
                    'ordering': ['-opens_at', '-id'],
                },
            ),
            migrations.CreateModel(
                name='Contribution',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('hidden_at', models.DateTimeField(blank=True, null=True, verbose_name='hidden at')),
                    ('hidden_reason', models.CharField(blank=True, max_length=300, verbose_name='public reason')),
                    ('flag_count', models.PositiveIntegerField(default=0)),
                    ('text', models.TextField(max_length=5000, verbose_name='your contribution')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                    ('helped_shape_policy', models.BooleanField(default=False, verbose_name='helped shape policy')),
                    ('outcome_note', models.TextField(blank=True, max_length=2000, verbose_name='how it helped')),
                    ('agree_count', models.PositiveIntegerField(default=0)),
                    ('comment_count', models.PositiveIntegerField(default=0)),
                    ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contributions', to=settings.AUTH_USER_MODEL)),
                    ('consultation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contributions', to='consultations.consultation')),
                    ('hidden_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('read_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'db_table': 'proposals_contribution',
                    'verbose_name': 'contribution',
                    'verbose_name_plural': 'contributions',
                    'ordering': ['-agree_count', 'created_at'],
                },
            ),
            migrations.CreateModel(
                name='Agreement',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                    ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agreements', to=settings.AUTH_USER_MODEL)),
                    ('contribution', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agreements', to='consultations.contribution')),
                ],
                options={
                    'db_table': 'proposals_agreement',
                },
            ),
            migrations.AddConstraint(
                model_name='consultation',
                constraint=models.CheckConstraint(condition=models.Q(('closes_at__gt', models.F('opens_at'))), name='consultation_closes_after_it_opens'),
            ),
            migrations.AddConstraint(
                model_name='agreement',
                constraint=models.UniqueConstraint(fields=('contribution', 'citizen'), name='agree_once_per_citizen'),
            ),
            ],
            database_operations=[],
        ),
    ]
