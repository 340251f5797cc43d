# Automatic reminder stages once per commune and round; manual reminders once a day (issue 13).

from django.db import migrations, models


def keep_the_first_of_each_automatic_stage(apps, schema_editor):
    """The old constraint let an automatic stage come back on another day (an extended
    deadline): keep the first record of each, so the new constraint can be created."""
    Reminder = apps.get_model("evaluations", "Reminder")
    rows = (
        Reminder.objects.exclude(stage="manual")
        .order_by("sent_at", "pk")
        .values_list("pk", "round_id", "commune_id", "stage")
    )
    seen, repeated = set(), []
    for pk, *key in rows.iterator():
        if tuple(key) in seen:
            repeated.append(pk)
        seen.add(tuple(key))
    Reminder.objects.filter(pk__in=repeated).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0006_agency_leader_quota_max"),
        ("evaluations", "0002_alter_evaluationform_propose_commendation_and_more"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="reminder",
            name="one_reminder_per_stage_and_day",
        ),
        migrations.RunPython(keep_the_first_of_each_automatic_stage, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("stage", "manual"), _negated=True),
                fields=("round", "commune", "stage"),
                name="one_automatic_reminder_per_stage",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("stage", "manual")),
                fields=("round", "commune", "sent_on"),
                name="one_manual_reminder_a_day",
            ),
        ),
    ]
