"""One tick runs every app's due work (here: a plan's due re-check) and books the next tick."""

import datetime as dt

import pytest
from django.tasks import task
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


@task
def broken_job():
    raise RuntimeError("a row this job cannot handle")


def test_a_failing_job_does_not_keep_the_others_from_running(alice, alice_plan, settings, caplog):
    """One bad row fails its app's job at every tick: the jobs listed after it never ran, so re-checks (or letters'
    deadlines, or the watcher) stopped for good. They run; the tick still fails, with the error logged."""
    settings.OPTOUT_TICK_JOBS = ["optout.ops.tests.test_run_every_apps_due_work.broken_job",
                                 "optout.plans.tasks.plans_tick"]
    services.set_status(alice_plan[0], Status.DONE)
    alice_plan[0].__class__.objects.filter(pk=alice_plan[0].pk).update(recheck_at=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(RuntimeError, match="a row this job cannot handle"):
        tick.call()
    alice_plan[0].refresh_from_db()
    assert alice_plan[0].status == Status.NEEDS_RECHECK
    assert "broken_job failed; the other jobs ran" in caplog.text
    assert DBTaskResult.objects.filter(task_path="optout.ops.ticks.tick", status="READY").count() == 1
