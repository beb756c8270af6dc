"""The periodic tick: one task that runs every app's due work, then books its own successor.

Background work lives in rows that know when they are due (`recheck_at`, `remind_at`), so the
tick only has to look; django-tasks-db's `run_after` stands in for a scheduler process.

The clock heals itself. A running tick holds a lease (`Clock.lease_until`) and renews it from a
heartbeat thread; `ensure_clock()` — called by every worker at start and then every minute —
books a tick whenever none is booked and no live tick holds the lease. So a worker killed in the
middle of a tick (SIGKILL, a stop timeout, a crash) leaves a RUNNING row that is taken over once
its lease runs out, instead of a clock that never ticks again.

Each worker also says it is alive (`Worker`, renewed on every look at the clock, removed when it stops),
so pages can tell whether a check will come by itself: a booked tick outlives the worker that booked it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
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
        "optout.notify.tasks.notify_tick", "optout.ops.sweep.sweep_files", "optout.ops.prune.prune_old_rows"]


def lease_length() -> dt.timedelta:
    return dt.timedelta(seconds=settings.OPTOUT_TICK_LEASE_SECONDS)


def _ticks(*statuses: str):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=TICK_PATH, status__in=statuses)


def _book(delay: dt.timedelta) -> None:
    tick.using(run_after=timezone.now() + delay).enqueue()


def _book_successor() -> None:
    """Book the next tick on this tick's grid: whole intervals after the time this one was booked for, the first
    still to come. Pages name the minute of their next check by counting intervals from the booked tick
    (`watch.status.first_check_at`); booking from the end of each tick instead would make every tick later than
    that by the time the one before took."""
    now = timezone.now()
    planned = _ticks("RUNNING").order_by("-started_at").values_list("run_after", flat=True).first()
    if planned is None or planned > now:  # run by hand (`tick.call()`), not by a worker: no booked time to keep
        planned = now
    steps = (now - planned) // INTERVAL + 1
    tick.using(run_after=planned + steps * INTERVAL).enqueue()


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
    failed: list[BaseException] = []
    try:
        for path in getattr(settings, "OPTOUT_TICK_JOBS", JOBS):
            # A job that fails (one bad row fails it at every tick) must not keep the jobs after it from running:
            # the others run, and the tick still ends failed, with the error logged, for the health page.
            try:
                results[path] = import_string(path).call()
            except Exception as exc:
                logger.exception("The periodic job %s failed; the other jobs ran", path)
                results[path] = {"failed": f"{type(exc).__name__}: {exc}"}
                failed.append(exc)
        if failed:
            raise failed[0]
    finally:
        heartbeat.stopped.set()
        heartbeat.join(timeout=5)
        _release(holder)
        # Book the successor even when a job failed, so one bad row never stops the clock.
        if not _ticks("READY").exists():
            _book_successor()
    return results


def alive_for(every: float) -> dt.timedelta:
    """How long one heartbeat vouches for a worker: three looks at the clock, so one slow or failed look
    (a locked database) does not make a running worker read as stopped."""
    return max(dt.timedelta(minutes=3), dt.timedelta(seconds=3 * every))


def beat(name: str, every: float, now: dt.datetime | None = None) -> None:
    """Say that the worker `name` runs, for `alive_for(every)` from `now`; forget workers silent for a day."""
    from .models import Worker

    now = now or timezone.now()
    Worker.objects.update_or_create(name=name, defaults={"alive_until": now + alive_for(every)},
                                    create_defaults={"started_at": now, "alive_until": now + alive_for(every)})
    Worker.objects.filter(alive_until__lt=now - dt.timedelta(days=1)).delete()


def workers_running(now: dt.datetime | None = None) -> int:
    from .models import Worker

    return Worker.objects.filter(alive_until__gt=now or timezone.now()).count()


def _look(name: str, every: float) -> None:
    """One look at the clock. The heartbeat comes after `ensure_clock`, so a worker known to be alive has
    booked a tick (or found one booked or running)."""
    try:
        close_old_connections()
        state = ensure_clock()
        if state in ("started", "taken over"):
            logger.info("Clock: %s.", state)
        beat(name, every)
    except Exception:  # a database hiccup must not end the loop; the next round tries again
        logger.exception("Could not check the clock")


def keep_clock(every: float, stop: threading.Event, name: str) -> None:
    """A worker's background loop: check the clock every `every` seconds (the caller made the first look)."""
    try:
        while not stop.wait(every):
            _look(name, every)
            connection.close()  # a minute idle between looks: hold no connection through it
    finally:
        try:
            from .models import Worker

            Worker.objects.filter(name=name).delete()  # stopped cleanly: say so at once, not in three minutes
        except Exception:
            logger.exception("Could not record that this worker stopped")
        connection.close()


@contextlib.contextmanager
def clock_kept(every: float):
    """Keep the clock while the body runs the worker: one look before it takes any task, then one every
    `every` seconds from a thread, which on the way out removes the worker's heartbeat."""
    name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:100]
    _look(name, every)
    stop = threading.Event()
    keeper = threading.Thread(target=keep_clock, args=(every, stop, name), daemon=True, name="optout-clock-keeper")
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        keeper.join(timeout=10)
