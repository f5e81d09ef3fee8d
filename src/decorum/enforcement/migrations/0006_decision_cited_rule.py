"""Decisions name the rule they cite, and the rules left for a moderator to look at, so a
reader's statement is rendered from data in their language. Existing rows keep their cited
rule where it was: first in ``rules`` (screening and moderators put it there)."""

from django.db import migrations, models


def backfill_cited_rule(apps, schema_editor):
    decision_model = apps.get_model("enforcement", "Decision")
    rows = decision_model.objects.filter(cited_rule="").exclude(action="allow").exclude(rules=[])
    for decision in rows.only("pk", "rules").iterator():
        rules = decision.rules if isinstance(decision.rules, list) else []
        if rules and isinstance(rules[0], str):
            decision_model.objects.filter(pk=decision.pk).update(cited_rule=rules[0][:64])


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0005_screening_work"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="cited_rule",
            field=models.CharField(blank=True, max_length=64, verbose_name="cited rule"),
        ),
        migrations.AddField(
            model_name="decision",
            name="review_rules",
            field=models.JSONField(
                blank=True, default=list, verbose_name="rules for a moderator to look at"
            ),
        ),
        migrations.RunPython(backfill_cited_rule, migrations.RunPython.noop),
    ]
