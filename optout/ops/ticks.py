"""The periodic tick: one task that runs every app's due work, then books its own successor.

Background work lives in rows that know when they are due (`recheck_at`, `remind_at`), so the
tick only has to look; django-tasks-db's `run_after` stands in for a scheduler process.
"""

from __future__ import annotations

import datetime as dt
import random

from django.tasks import task
from django.utils import timezone

INTERVAL = dt.timedelta(minutes=15)
TICK_PATH = "optout.ops.ticks.tick"
JOBS = ["optout.plans.tasks.plans_tick", "optout.letters.tasks.letters_tick", "optout.watch.tasks.watch_tick"]


def _pending(statuses=("READY", "RUNNING")) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TICK_PATH, status__in=statuses).exists()


def schedule(delay: dt.timedelta = dt.timedelta(0)) -> bool:
    """Book the next tick unless one is already booked. Returns whether one was booked."""
    if _pending():
        return False
    jitter = dt.timedelta(seconds=random.uniform(0, 30))  # noqa: S311 — spreading load, not security
    tick.using(run_after=timezone.now() + delay + jitter).enqueue()
    return True


@task
def tick() -> dict[str, object]:
    from django.utils.module_loading import import_string

    results = {}
    try:
        for path in JOBS:
            results[path] = import_string(path).call()
    finally:
        # Book the successor even when a job failed, so one bad row never stops the clock.
        if not _pending(("READY",)):
            tick.using(run_after=timezone.now() + INTERVAL).enqueue()
    return results
