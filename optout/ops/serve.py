"""`optout serve`: the web app and the task worker as one command.

Both run as child processes. Ctrl-C (or SIGTERM) stops both, waiting briefly for a
task in progress to finish; if either child dies, the other is stopped too, so a
half-running app never goes unnoticed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import typer

STOP_TIMEOUT = 10.0


def _commands(host: str, port: int, worker: bool) -> dict[str, list[str]]:
    python = sys.executable
    commands = {
        "web": [python, "-m", "waitress", f"--listen={host}:{port}", "--threads=8", "optout.wsgi:application"],
    }
    if worker:
        commands["worker"] = [python, "-m", "django", "db_worker", "--queue-name", "*", "--no-reload"]
    return commands


def _stop(children: dict[str, subprocess.Popen]) -> None:
    for process in children.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in children.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on. Keep 127.0.0.1 unless you know why not."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    worker: bool = typer.Option(True, help="Also run the background task worker."),
    migrate: bool = typer.Option(True, help="Bring the database up to date first."),
) -> None:
    """Start the web app and its task worker together; Ctrl-C stops both."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optout.settings")
    if migrate:
        from optout.lib.djangosetup import setup

        setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from optout.plans.services import sync_all_plans

        sync_all_plans()  # a new catalog ships with a new version: mark affected steps at once
    if worker:
        from optout.lib.djangosetup import setup
        from optout.ops.ticks import schedule

        setup()
        schedule()
    children = {name: subprocess.Popen(cmd) for name, cmd in _commands(host, port, worker).items()}
    typer.echo(f"optout is running at http://{host}:{port}/ — press Ctrl-C to stop.")

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    exit_code = 0
    try:
        while True:
            for name, process in children.items():
                if process.poll() is not None:
                    typer.echo(f"The {name} process stopped (exit code {process.returncode}); stopping the rest.", err=True)
                    exit_code = process.returncode or 1
                    raise KeyboardInterrupt
            time.sleep(0.5)
    except KeyboardInterrupt:
        typer.echo("Stopping…")
        _stop(children)
    raise typer.Exit(exit_code)
