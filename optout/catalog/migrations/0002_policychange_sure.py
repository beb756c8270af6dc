import re

from django.db import migrations, models


def sure_from_versions(apps, schema_editor):
    """Changes recorded before: as sure as the watcher's version they link to says (its alert said so); a
    change whose version is gone stays unsure, so no page claims more than optout knew."""
    change_model = apps.get_model("catalog", "PolicyChange")
    version_model = apps.get_model("watch", "Version")
    for change in change_model.objects.all():
        found = re.search(r"/versions/(\d+)/?$", change.link)
        if found and version_model.objects.filter(pk=int(found[1]), ai_sure=True).exists():
            change.sure = True
            change.save(update_fields=["sure"])


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
        ('watch', '0007_document_failing_since'),
    ]

    operations = [
        migrations.AddField(
            model_name='policychange',
            name='sure',
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(sure_from_versions, migrations.RunPython.noop),
    ]
