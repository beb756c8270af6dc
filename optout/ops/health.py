"""What `optout status` and the staff health page show: is the clock ticking, and is work piling up?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

FAILED_WINDOW = dt.timedelta(days=7)


@dataclass
class FailedTask:
    name: str
    finished_at: dt.datetime | None
    error: str


@dataclass
class Health:
    now: dt.datetime
    last_tick_started: dt.datetime | None
    last_tick_finished: dt.datetime | None
    next_tick: dt.datetime | None
    tick_running: bool
    lease_until: dt.datetime | None
    queue_due: int
    queue_later: int
    running: int
    failed_recent: int
    failed: list[FailedTask] = field(default_factory=list)
    last_takeover_at: dt.datetime | None = None
    last_takeover_reason: str = ""
    workers: int = 0  # task workers whose heartbeat is current: a booked tick runs only if one does

    @property
    def clock_ok(self) -> bool:
        """A tick is running, or one is booked and a worker runs to take it (a stopped or killed worker leaves
        its booked tick behind, which then never runs)."""
        return self.tick_running or (self.next_tick is not None and self.workers > 0)

    @property
    def problems(self) -> list[str]:
        out = []
        if self.next_tick is None and not self.tick_running:
            out.append(_("No tick is booked and none is running: background work is not being done. "
                         "Start a worker (optout worker or optout serve); it restarts the clock."))
        elif not self.clock_ok:
            out.append(_("A tick is booked but no worker is running to take it: background work is not being done. "
                         "Start a worker (optout worker or optout serve)."))
        elif self.next_tick and self.next_tick < self.now - dt.timedelta(minutes=5):
            out.append(_("The next tick is overdue by more than 5 minutes: is a worker running?"))
        return out


def _short_error(row) -> str:
    last = (row.traceback or "").strip().splitlines()[-1:] or [row.exception_class_path]
    return last[0][:200]


def health(now: dt.datetime | None = None) -> Health:
    from django_tasks_db.models import DBTaskResult

    from .models import Clock
    from .ticks import TICK_PATH, workers_running

    now = now or timezone.now()
    clock = Clock.get()
    tasks = DBTaskResult.objects.all()
    ready = tasks.filter(status="READY")
    next_tick = ready.filter(task_path=TICK_PATH).order_by("run_after").values_list("run_after", flat=True).first()
    lease_live = bool(clock.lease_until and clock.lease_until > now)
    failed = tasks.filter(status="FAILED", finished_at__gte=now - FAILED_WINDOW).order_by("-finished_at")
    return Health(
        now=now,
        last_tick_started=clock.last_started_at,
        last_tick_finished=clock.last_finished_at,
        next_tick=next_tick,
        tick_running=lease_live,
        lease_until=clock.lease_until if lease_live else None,
        queue_due=ready.filter(run_after__lte=now).count(),
        queue_later=ready.filter(run_after__gt=now).count(),
        running=tasks.filter(status="RUNNING").count(),
        failed_recent=failed.count(),
        failed=[FailedTask(row.task_path.rsplit(".", 1)[-1], row.finished_at, _short_error(row)) for row in failed[:10]],
        last_takeover_at=clock.last_takeover_at,
        last_takeover_reason=clock.last_takeover_reason,
        workers=workers_running(now),
    )
