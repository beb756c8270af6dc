import re

from django.db import migrations, models


def judge_error_lines_again(apps, schema_editor):
    """AI-relevant versions stored before: one whose comparison had a line that reads like an error message is
    drastic and no longer sure (an imported record with a page that did not load once had been a sure removal
    and a sure return), and so are the catalog's changes that link to it."""
    from optout.watch.confirm import error_line

    version_model = apps.get_model("watch", "Version")
    change_model = apps.get_model("catalog", "PolicyChange")
    versions = (version_model.objects.filter(ai_relevant=True, technical=False, changed_from__isnull=False)
                .select_related("changed_from"))
    unsure = []
    for version in versions.iterator(chunk_size=200):
        line = error_line(version.changed_from.text, version.text)
        if line:
            version.error_line, version.drastic, version.ai_sure = line[:200], True, False
            version.save(update_fields=["error_line", "drastic", "ai_sure"])
            unsure.append(version.pk)
    for change in change_model.objects.filter(sure=True):
        found = re.search(r"/versions/(\d+)/?$", change.link)
        if found and int(found[1]) in unsure:
            change.sure = False
            change.save(update_fields=["sure"])


class Migration(migrations.Migration):

    dependencies = [
        ('watch', '0007_document_failing_since'),
        ('catalog', '0002_policychange_sure'),
    ]

    operations = [
        migrations.AddField(
            model_name='version',
            name='error_line',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.RunPython(judge_error_lines_again, migrations.RunPython.noop),
    ]
