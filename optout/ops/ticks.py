"""The periodic tick: one task that runs every app's due work, then books its own successor.

Background work lives in rows that know when they are due (`recheck_at`, `remind_at`), so the
tick only has to look; django-tasks-db's `run_after` stands in for a scheduler process.

The clock heals itself. A running tick holds a lease (`Clock.lease_until`) and renews it from a
heartbeat thread; `ensure_clock()` — called by every worker at start and then every minute —
books a tick whenever none is booked and no live tick holds the lease. So a worker killed in the
middle of a tick (SIGKILL, a stop timeout, a crash) leaves a RUNNING row that is taken over once
its lease runs out, instead of a clock that never ticks again.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import uuid

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger("optout.clock")

INTERVAL = dt.timedelta(minutes=15)
TICK_PATH = "optout.ops.ticks.tick"
JOBS = ["optout.plans.tasks.plans_tick", "optout.letters.tasks.letters_tick", "optout.watch.tasks.watch_tick",
        "optout.ops.sweep.sweep_files", "optout.ops.prune.prune_old_rows"]


def lease_length() -> dt.timedelta:
    return dt.timedelta(seconds=settings.OPTOUT_TICK_LEASE_SECONDS)


def _ticks(*statuses: str):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TICK_PATH, status__in=statuses)


def _book(delay: dt.timedelta) -> None:
    jitter = dt.timedelta(seconds=random.uniform(0, 30)) if delay else dt.timedelta(0)  # noqa: S311 — load spreading
    tick.using(run_after=timezone.now() + delay + jitter).enqueue()


def schedule(delay: dt.timedelta = dt.timedelta(0)) -> bool:
    """Book the next tick unless one is already booked or running. Returns whether one was booked."""
    if _ticks("READY", "RUNNING").exists():
        return False
    _book(delay)
    return True


def ensure_clock(now: dt.datetime | None = None) -> str:
    """Make sure a tick is booked or alive; take over a dead one. Returns what it found or did."""
    from .models import Clock

    now = now or timezone.now()
    if _ticks("READY").exists():
        return "booked"
    clock = Clock.get()
    if clock.lease_until and clock.lease_until > now:
        return "running"
    # A RUNNING row younger than one lease is left alone: its tick may not have taken the lease yet.
    stale = _ticks("RUNNING").filter(Q(started_at__isnull=True) | Q(started_at__lt=now - lease_length()))
    if _ticks("RUNNING").exclude(pk__in=stale.values("pk")).exists():
        return "starting"
    reason = ""
    for row in stale:
        # The worker that claimed this tick stopped renewing its lease: it is gone. Record why, and move on.
        row.status = "FAILED"
        row.finished_at = now
        row.exception_class_path = "optout.ops.ticks.LeaseExpired"
        row.traceback = (f"The worker running this tick stopped renewing its lease (last renewed until "
                         f"{clock.lease_until}); the clock was taken over at {now}.")
        row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
        reason = f"a tick started at {row.started_at} stopped without finishing (its worker was stopped or killed)"
    if reason:
        Clock.objects.filter(pk=clock.pk).update(last_takeover_at=now, last_takeover_reason=reason[:300])
        logger.warning("Clock taken over: %s. Booking a new tick now.", reason)
    _book(dt.timedelta(0))
    return "taken over" if reason else "started"


class _Heartbeat(threading.Thread):
    """Renews the lease while a tick runs, so only a dead tick ever loses it."""

    def __init__(self, holder: str):
        super().__init__(daemon=True, name="optout-clock-heartbeat")
        self.holder = holder
        self.stopped = threading.Event()

    def run(self) -> None:
        from .models import Clock

        every = max(1.0, settings.OPTOUT_TICK_LEASE_SECONDS / 3)
        try:
            while not self.stopped.wait(every):
                Clock.objects.filter(pk=1, holder=self.holder).update(lease_until=timezone.now() + lease_length())
        finally:
            connection.close()


def _take_lease(holder: str) -> bool:
    from .models import Clock

    Clock.get()
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    return bool(Clock.objects.filter(free, pk=1).update(lease_until=now + lease_length(), holder=holder,
                                                         last_started_at=now))


def _release(holder: str) -> None:
    from .models import Clock

    Clock.objects.filter(pk=1, holder=holder).update(lease_until=None, holder="", last_finished_at=timezone.now())


@task
def tick() -> dict[str, object]:
    from django.utils.module_loading import import_string

    holder = uuid.uuid4().hex
    if not _take_lease(holder):
        return {"skipped": "another tick holds the clock's lease"}
    heartbeat = _Heartbeat(holder)
    heartbeat.start()
    results = {}
    try:
        for path in getattr(settings, "OPTOUT_TICK_JOBS", JOBS):
            results[path] = import_string(path).call()
    finally:
        heartbeat.stopped.set()
        heartbeat.join(timeout=5)
        _release(holder)
        # Book the successor even when a job failed, so one bad row never stops the clock.
        if not _ticks("READY").exists():
            _book(INTERVAL)
    return results


def keep_clock(every: float, stop: threading.Event) -> None:
    """A worker's background loop: check the clock at start and then every `every` seconds."""
    while True:
        try:
            close_old_connections()
            state = ensure_clock()
            if state in ("started", "taken over"):
                logger.info("Clock: %s.", state)
        except Exception:  # a database hiccup must not end the loop; the next round tries again
            logger.exception("Could not check the clock")
        finally:
            connection.close()
        if stop.wait(every):
            return
