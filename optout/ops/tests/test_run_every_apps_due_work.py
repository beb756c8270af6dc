"""One tick runs every app's due work (here: a plan's due re-check) and books the next tick."""

import datetime as dt

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from optout.ops.ticks import tick
from optout.plans import services
from optout.plans.models import Status
from optout.watch.models import WatchedDocument
from optout.watch.services import sync_documents


def test_the_tick_task_runs_the_plan_jobs_and_books_the_next_tick(alice, alice_plan):
    services.set_status(alice_plan[0], Status.DONE)
    alice_plan[0].__class__.objects.filter(pk=alice_plan[0].pk).update(recheck_at=timezone.now() - dt.timedelta(days=1))
    sync_documents()  # no document is due, so the watcher's share of the tick stays off the network
    WatchedDocument.objects.update(next_check_at=timezone.now() + dt.timedelta(hours=1))
    result = tick.call()
    assert result["optout.plans.tasks.plans_tick"]["recheck"] == 1
    assert result["optout.watch.tasks.watch_tick"] == {}
    booked = DBTaskResult.objects.filter(task_path="optout.ops.ticks.tick", status="READY")
    assert booked.count() == 1 and booked.get().run_after > timezone.now()
