import uuid

from django.db import migrations, models


def give_each_profile_its_own(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    for profile in Profile.objects.filter(calendar_id__isnull=True).only("pk"):
        profile.calendar_id = uuid.uuid4()
        profile.save(update_fields=["calendar_id"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_profile_policy_news"),
    ]

    # A callable default is evaluated once for existing rows: add the column empty, fill it row by row, then
    # make it required and unique.
    operations = [
        migrations.AddField(
            model_name="profile",
            name="calendar_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_profile_its_own, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="profile",
            name="calendar_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
