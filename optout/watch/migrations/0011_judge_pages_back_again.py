"""The page back after a cut-down, error or other page, stored before the watcher judged it against the version before
that page (0010): judged again, once, as `services.versions._judged` judges it now.

Imported history and checks stored before then judged such a return against the stub: the whole policy "added", a sure
AI change on the platform's page, in `watch changes` and the feeds. For each document, in version order, an
AI-relevant version whose previous version was itself cut down (`confirm.cut_down`, from the stored kind, error line
and text) is judged by `pipeline.judge_stage` against the last version before the cut-down ones, and its verdict
fields are written as `_judged` writes them (`compared_with` names that version). A version is judged after the ones
before it are, so a return once stored as "different" (itself taken for cut down) no longer sends the next version
past it. Only AI-relevant versions are read: judging against the earlier version never makes a change AI-relevant,
so a technical one among them was stored where a technical change may alert, and is judged so again.

What it reuses and what it keeps: the judgement itself (`pipeline.judge_stage`, `confirm.cut_down`, pure modules
with no Django in them, as 0008 and 0010 import `confirm`) is imported, never copied, so the return is judged exactly
as a new one is. `services.versions` is not imported: it works on today's models and stores today's fields, which
later migrations may change, while this migration must keep writing the fields of its own state. The look back past
cut-down versions (`_before_cut_down`, `LOOK_BACK` of them) and the mapping of the verdict to fields are the few
lines kept here; a test checks that they give what `_judged` gives.

What a sure return had already set in motion:
- the catalog's change (`PolicyChange`, which marks steps verified before it as possibly outdated): gone when the
  return is no AI change now, as the watcher would never have recorded it (the cut-down version's own, unsure, change
  stays); no longer sure when the return is still AI-relevant;
- alerts not yet delivered: closed untold when the return is no AI change now (as `deliver_alerts` closes the alert
  of someone who left the platform); others stay, and tell the new verdict's words when they are delivered;
- alerts delivered, people's notifications and the steps they reopened: kept. They are people's records; their link
  opens the version's page, which now tells the new verdict (for a return that is no AI change, that its alert was
  a false alarm: `alerts.back_in_words`)."""

from django.db import migrations
from django.utils import timezone

LOOK_BACK = 5  # as services.versions.LOOK_BACK: cut-down versions in a row that are looked past


def judge_pages_back_again(apps, schema_editor):
    from optout.watch.confirm import DIFFERENT, ERROR, SHORTER, cut_down
    from optout.watch.pipeline import judge_stage

    version_model = apps.get_model("watch", "Version")
    change_model = apps.get_model("catalog", "PolicyChange")
    alert_model = apps.get_model("watch", "Alert")
    documents = (version_model.objects.filter(drastic__in=[SHORTER, DIFFERENT, ERROR])
                 .values_list("document_id", flat=True).distinct())
    for document_id in sorted(set(documents)):
        versions = list(version_model.objects.filter(document_id=document_id).select_related("document")
                        .order_by("created_at", "id"))
        by_id = {version.pk: version for version in versions}
        for version in versions:
            previous = by_id.get(version.changed_from_id)
            if not (version.ai_relevant and previous and cut_down(previous.drastic, previous.error_line, previous.text)):
                continue
            earlier = previous
            for _step in range(LOOK_BACK):
                if earlier is None or not cut_down(earlier.drastic, earlier.error_line, earlier.text):
                    break
                earlier = by_id.get(earlier.changed_from_id)
            # None when no version is known before the cut-down ones: then judged against `previous` alone
            result, cut, line, back = judge_stage(previous.text, version.text, earlier.text if earlier else None)
            relevant = bool(result and result.ai_relevant)
            version.ai_relevant = relevant
            version.drastic = cut if relevant else ""
            version.error_line = line[:200] if relevant else ""
            version.ai_sure = relevant and result.sure and not version.technical and not version.moved_to
            version.languages = " ".join(result.languages) if result and result.languages and not version.technical else ""
            version.score = result.score if result else 0.0
            version.reasons = [reason.as_dict() for reason in result.reasons] if result else []
            version.compared_with = earlier if back else None
            version.save(update_fields=["ai_relevant", "drastic", "error_line", "ai_sure", "languages", "score",
                                        "reasons", "compared_with"])
            change = change_model.objects.filter(platform=version.document.platform, document=version.document.doc_id,
                                                 changed_at=version.created_at)
            if not relevant:
                change.delete()
                alert_model.objects.filter(version=version, delivered_at__isnull=True).update(delivered_at=timezone.now())
            elif not version.ai_sure:
                change.update(sure=False)


class Migration(migrations.Migration):

    dependencies = [
        ('watch', '0010_version_drastic_kind_compared_with'),
        ('catalog', '0002_policychange_sure'),
    ]

    operations = [
        migrations.RunPython(judge_pages_back_again, migrations.RunPython.noop),
    ]
