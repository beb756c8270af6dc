"""`optout serve`: the web app and the task worker as one command.

Both run as child processes. Ctrl-C (or SIGTERM) stops both, waiting briefly for a task in
progress to finish. A child that crashes is restarted after a pause that doubles with each
quick crash (1 s, 2 s, 4 s … at most a minute) and the reason is logged, so one bad input or a
killed worker never takes the whole service down. The worker keeps the background clock
running (see ops/ticks.py), so a tick that was cut short is taken over after its lease.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import typer

STOP_TIMEOUT = 10.0
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 60.0
HEALTHY_AFTER = 60.0  # a child that ran this long is healthy again: its next crash waits FIRST_BACKOFF
# The largest request a page accepts (an image batch: 300 MB of files, plus the form around them). Waitress would
# otherwise take in up to 1 GB before the page can refuse it. docs/deploy runs waitress with the same limit.
MAX_REQUEST_BYTES = 310 * 1024 * 1024
WAITRESS_OPTIONS = ["--threads=8", f"--max-request-body-size={MAX_REQUEST_BYTES}"]

logger = logging.getLogger("optout.serve")


def local_site_url(host: str, port: int) -> str:
    """The address people open when OPTOUT_SITE_URL is not set: e-mail links and the calendar page use it."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"  # listening everywhere: this computer still answers on loopback
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def record_site_url(data_dir: Path, url: str) -> None:
    """Keep the address served in the data folder: commands run outside serve (`optout watch run` in another
    terminal) link e-mails to it when OPTOUT_SITE_URL is not set (settings.py reads it). Not being able to write
    it stops nothing: those links then name the default port."""
    from django.conf import settings

    from optout.lib.files import atomic_write

    try:
        atomic_write(Path(data_dir) / settings.SERVED_AT_FILE, f"{url}\n".encode(), overwrite=True)
    except OSError as exc:
        logger.warning("Could not record the address served in %s: %s", data_dir, exc)


def _commands(host: str, port: int, worker: bool) -> dict[str, list[str]]:
    python = sys.executable
    commands = {
        "web": [python, "-m", "waitress", f"--listen={host}:{port}", *WAITRESS_OPTIONS, "optout.wsgi:application"],
    }
    if worker:
        commands["worker"] = [python, "-m", "optout.cli", "worker"]
    return commands


def describe_exit(returncode: int) -> str:
    """Why a child stopped, in words: an exit code, or the signal that killed it."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        hint = " — out of memory or killed by someone" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exit code {returncode}"


@dataclass
class Child:
    name: str
    command: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = FIRST_BACKOFF
    restart_at: float | None = None
    restarts: int = 0

    def start(self) -> None:
        self.process = subprocess.Popen(self.command)
        self.started_at = time.monotonic()
        self.restart_at = None

    def check(self, now: float, say) -> None:
        """Restart a crashed child when its pause is over; note the crash and the reason once."""
        if self.restart_at is not None:
            if now >= self.restart_at:
                self.restarts += 1
                say(f"Restarting the {self.name} process (restart {self.restarts}).")
                self.start()
            return
        if self.process is None or self.process.poll() is None:
            if now - self.started_at > HEALTHY_AFTER:
                self.backoff = FIRST_BACKOFF
            return
        why = describe_exit(self.process.returncode)
        if now - self.started_at > HEALTHY_AFTER:
            self.backoff = FIRST_BACKOFF
        delay = self.backoff
        self.backoff = min(MAX_BACKOFF, self.backoff * 2)
        self.restart_at = now + delay
        say(f"The {self.name} process stopped ({why}); restarting it in {delay:.0f} s.")


def _stop(children: list[Child]) -> None:
    running = [c.process for c in children if c.process is not None and c.process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in running:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _say(message: str) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    typer.echo(f"[{stamp}] {message}", err=True)
    logger.warning(message)


def _mail_banner() -> str:
    """Where e-mails (sign-up confirmations, reminders) go, so nobody waits for one that is never sent."""
    from django.conf import settings

    if getattr(settings, "OPTOUT_MAIL_TO_CONSOLE", False):
        return ("E-mails are not sent: they are printed in this window, and the sign-up page shows the "
                "confirmation link. To send them, set OPTOUT_SMTP_HOST (see the README).")
    options = settings.MAILERS["default"].get("OPTIONS", {})
    return f"E-mails are sent through {options.get('host', 'the configured mail server')} as {settings.DEFAULT_FROM_EMAIL}."


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on. Keep 127.0.0.1 unless you know why not."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    worker: bool = typer.Option(True, help="Also run the background task worker."),
    migrate: bool = typer.Option(True, help="Bring the database up to date first."),
) -> None:
    """Start the web app and its task worker together; Ctrl-C stops both. A crashed one is restarted."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "optout.settings")
    # Links in e-mails and pages name the port actually served (settings default to 8000); children inherit it.
    os.environ.setdefault("OPTOUT_SITE_URL", local_site_url(host, port))
    from django.conf import settings

    record_site_url(settings.DATA_DIR, local_site_url(host, port))  # for commands run in other terminals
    if migrate:
        from optout.lib.djangosetup import setup

        setup()
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        from optout.plans.services import sync_all_plans

        sync_all_plans()  # a new catalog ships with a new version: mark affected steps at once
    children = [Child(name, command) for name, command in _commands(host, port, worker).items()]
    for child in children:
        child.start()
    typer.echo(f"optout is running at http://{host}:{port}/ — press Ctrl-C to stop.")
    typer.echo(_mail_banner())

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    try:
        while True:
            now = time.monotonic()
            for child in children:
                child.check(now, _say)
            time.sleep(0.5)
    except KeyboardInterrupt:
        typer.echo("Stopping…")
        _stop(children)
    raise typer.Exit(0)
