"""`optout worker`: the background task worker, with the clock keeper that restarts a stopped clock."""

from __future__ import annotations

import typer


def worker(
    migrate: bool = typer.Option(False, help="Bring the database up to date first."),
    interval: float = typer.Option(1.0, min=0.1, help="Seconds to wait between looks at an empty queue."),
) -> None:
    """Run background tasks (reminders, deadlines, the policy watcher). Run as many as you like."""
    from optout.lib.djangosetup import setup

    setup(migrate=migrate)
    from django.core.management import call_command

    # optout's db_worker (ops/management/commands) keeps the clock, as every worker started as such does.
    call_command("db_worker", queue_name="*", interval=interval, reload=False)
