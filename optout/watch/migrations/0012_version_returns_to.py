"""Version.returns_to: the earlier version whose text a version has again (the page flipped back: A, B, A again).

Versions stored before are given it too, read in each document's order: the latest version before the previous
one with the same text, unless the version is the page back after a cut-down one (compared_with), which its
verdict tells already. Only hashes and ids are read, a document at a time."""

import django.db.models.deletion
from django.db import migrations, models


def fill_returns_to(apps, schema_editor):
    Version = apps.get_model("watch", "Version")
    changed = []
    for document_id in Version.objects.values_list("document_id", flat=True).distinct().order_by():
        seen: dict[str, int] = {}  # the latest version of each text, before the previous version
        previous = None
        for version in (Version.objects.filter(document_id=document_id).order_by("created_at", "id")
                        .only("id", "text_hash", "compared_with_id", "changed_from_id")):
            if (previous is not None and version.changed_from_id and version.compared_with_id is None
                    and version.text_hash != previous.text_hash and version.text_hash in seen):
                version.returns_to_id = seen[version.text_hash]
                changed.append(version)
            if previous is not None:
                seen[previous.text_hash] = previous.id
            previous = version
        if len(changed) >= 500:
            Version.objects.bulk_update(changed, ["returns_to"])
            changed = []
    Version.objects.bulk_update(changed, ["returns_to"])


class Migration(migrations.Migration):

    dependencies = [
        ("watch", "0011_judge_pages_back_again"),
    ]

    operations = [
        migrations.AddField(
            model_name="version",
            name="returns_to",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="watch.version"),
        ),
        migrations.RunPython(fill_returns_to, migrations.RunPython.noop),
    ]
