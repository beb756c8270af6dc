import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def failing_since_from_logs(apps, schema_editor):
    """A document failing now: its run of failures starts at the first failed check after the last good one
    that the kept fetch logs show (at worst the last check, when the logs were pruned)."""
    document_model = apps.get_model("watch", "WatchedDocument")
    log_model = apps.get_model("watch", "FetchLog")
    for document in document_model.objects.exclude(last_error="").filter(last_checked_at__isnull=False):
        logs = log_model.objects.filter(document=document)
        good = logs.exclude(outcome="error").order_by("-at").values_list("at", flat=True).first()
        failed = logs.filter(outcome="error")
        if good is not None:
            failed = failed.filter(at__gt=good)
        first = failed.order_by("at").values_list("at", flat=True).first()
        document.failing_since = first or document.last_checked_at
        document.save(update_fields=["failing_since"])


class Migration(migrations.Migration):

    dependencies = [
        ('watch', '0006_snapshots_protected'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='watcheddocument',
            name='failing_since',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='FailingNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('since', models.DateTimeField()),
                ('at', models.DateTimeField(default=django.utils.timezone.now)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='failing_notices', to='watch.watcheddocument')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='watch_failing_notices', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('document', 'owner', 'since'), name='one_failing_notice_per_run')],
            },
        ),
        # Last: rows are written after every change to the tables (PostgreSQL refuses DDL after DML in one
        # transaction on a table with pending trigger events).
        migrations.RunPython(failing_since_from_logs, migrations.RunPython.noop),
    ]
