"""`optout status`: the clock, the queue and recent failures, for a person or a monitoring script."""

from __future__ import annotations

import typer


def _when(value, now) -> str:
    if value is None:
        return "never"
    seconds = (value - now).total_seconds()
    span = abs(seconds)
    amount = f"{span:.0f} s" if span < 120 else (f"{span / 60:.0f} min" if span < 7200 else f"{span / 3600:.1f} h")
    relative = f"in {amount}" if seconds > 0 else f"{amount} ago"
    return f"{value:%Y-%m-%d %H:%M:%S} UTC ({relative})"


def status() -> None:
    """Show the background clock (last and next tick), the task queue and recent failed tasks.

    Exits with code 1 when the clock is stopped (no tick booked or running, or no worker running to take the
    booked one), so a monitoring script can alert on it.
    """
    from optout.lib.djangosetup import setup

    setup()
    from .health import health

    state = health()
    now = state.now
    typer.echo(f"Last tick started:  {_when(state.last_tick_started, now)}")
    typer.echo(f"Last tick finished: {_when(state.last_tick_finished, now)}")
    typer.echo("Tick running now:   " + (f"yes (lease until {state.lease_until:%H:%M:%S} UTC)" if state.tick_running else "no"))
    typer.echo(f"Next tick:          {_when(state.next_tick, now) if state.next_tick else 'none booked'}")
    typer.echo(f"Queue:              {state.queue_due} due now, {state.queue_later} later, {state.running} running")
    typer.echo(f"Workers running:    {state.workers}" + ("" if state.workers else
                                                         " (nothing runs the next tick: start 'optout worker' or 'optout serve')"))
    typer.echo(f"Failed (7 days):    {state.failed_recent}")
    for item in state.failed:
        typer.echo(f"  {item.finished_at:%Y-%m-%d %H:%M} {item.name}: {item.error}")
    if state.last_takeover_at:
        typer.echo(f"Last clock takeover: {_when(state.last_takeover_at, now)} — {state.last_takeover_reason}")
    for problem in state.problems:
        typer.echo(f"Problem: {problem}", err=True)
    if not state.clock_ok:
        raise typer.Exit(1)
