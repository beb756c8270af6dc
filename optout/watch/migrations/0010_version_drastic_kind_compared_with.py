"""A version's `drastic` says which kind ("shorter", "different", "error", "restored"; "" when none) instead of yes or
no, so each kind is told in its own words; `compared_with` names the version a page back after a cut-down page was
judged against. A version marked drastic before gets its kind from its texts, as `pipeline.judge_stage` gives it."""

import django.db.models.deletion
from django.db import migrations, models


def kinds(apps, schema_editor):
    from optout.watch.confirm import ERROR, RESTORED, SHORTER, drastic, restored

    Version = apps.get_model("watch", "Version")
    for version in Version.objects.filter(drastic=True).select_related("changed_from").iterator():
        previous = version.changed_from.text if version.changed_from else None
        kind = drastic(previous, version.text)
        if not kind:
            kind = ERROR if version.error_line else RESTORED if restored(previous, version.text) else SHORTER
        version.drastic_kind = kind
        version.save(update_fields=["drastic_kind"])


class Migration(migrations.Migration):

    dependencies = [
        ('watch', '0009_read_at_moved_to'),
    ]

    operations = [
        migrations.AddField(
            model_name='version',
            name='drastic_kind',
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.RunPython(kinds, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='version',
            name='drastic',
        ),
        migrations.RenameField(
            model_name='version',
            old_name='drastic_kind',
            new_name='drastic',
        ),
        migrations.AddField(
            model_name='version',
            name='compared_with',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name='+', to='watch.version'),
        ),
    ]
