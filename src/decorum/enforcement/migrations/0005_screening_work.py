"""Screening work on record, one automatic decision per check, and a backfill: comments left
pending "awaiting the automatic check" with no decision get work the reconciler picks up."""

import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def backfill_undecided(apps, schema_editor):
    comment_model = apps.get_model("community", "Comment")
    work_model = apps.get_model("enforcement", "ScreeningWork")
    now = django.utils.timezone.now()
    undecided = comment_model.objects.filter(
        status="pending",
        decisions__isnull=True,
        status_changes__note="awaiting the automatic check",
    ).distinct()
    work_model.objects.bulk_create(
        work_model(
            comment_id=comment.pk,
            digest=hashlib.sha256(comment.text.encode("utf-8")).hexdigest()[:16],
            attempts=0,
            scheduled_at=comment.updated_at,
            next_attempt_at=now,
        )
        for comment in undecided.iterator()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0002_moderators_can_moderate_comments'),
        ('enforcement', '0004_sanctions_and_appeals'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ScreeningWork',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('revision', models.PositiveIntegerField(default=1, verbose_name='revision')),
                ('digest', models.CharField(max_length=16, verbose_name='text digest')),
                ('attempts', models.PositiveSmallIntegerField(default=1, verbose_name='attempts')),
                ('scheduled_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='scheduled at')),
                ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='next attempt at')),
                ('done_at', models.DateTimeField(blank=True, null=True, verbose_name='done at')),
                ('outcome', models.CharField(blank=True, choices=[('decided', 'decided automatically'), ('handed_to_people', 'handed to a moderator after failed checks'), ('decided_by_person', 'decided by a person first'), ('superseded', 'the text changed without a new check'), ('removed', 'the comment was removed')], max_length=32, verbose_name='outcome')),
                ('last_error', models.TextField(blank=True, verbose_name='last error')),
            ],
            options={
                'verbose_name': 'screening work',
                'verbose_name_plural': 'screening work',
            },
        ),
        migrations.AddField(
            model_name='decision',
            name='screening_revision',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='screening revision'),
        ),
        migrations.AddConstraint(
            model_name='decision',
            constraint=models.UniqueConstraint(condition=models.Q(('screening_revision__isnull', False)), fields=('comment', 'screening_revision'), name='one_automatic_decision_per_check'),
        ),
        migrations.AddField(
            model_name='screeningwork',
            name='comment',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='screening_work', to='community.comment', verbose_name='comment'),
        ),
        migrations.AddIndex(
            model_name='screeningwork',
            index=models.Index(condition=models.Q(('done_at__isnull', True)), fields=['next_attempt_at'], name='screeningwork_due'),
        ),
        migrations.RunPython(backfill_undecided, migrations.RunPython.noop),
    ]
