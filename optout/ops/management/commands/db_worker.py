"""`manage.py db_worker` as django-tasks-db runs it, plus optout's clock keeper.

django-tasks-db has no hook for a worker's start, and the periodic tick is booked only by a worker that
keeps the clock: started as `manage.py db_worker`, a worker used to run tasks but never the watcher,
while /watch/ said no worker was running. This command takes django-tasks-db's place (optout.ops comes
before django_tasks_db in INSTALLED_APPS), so a worker keeps the clock however it is started.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as TasksCommand

from optout.ops.ticks import clock_kept, tick


def runs_ticks(options: dict) -> bool:
    """Whether this worker takes the ticks, so keeps the clock: a long-running worker on the tick's backend
    and queue. Not `--batch` (it empties the queue and exits: a tick it booked would wait for another
    worker), and with `--reload` only in the process that runs tasks, not in the one that restarts it."""
    queues = options["queue_name"].split(",")
    excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
    return (not options["batch"] and options["backend_name"] == tick.backend
            and ("*" in queues or tick.queue_name in queues) and tick.queue_name not in excluded
            and (not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"))


class Command(TasksCommand):
    help = "Run a database background worker; it also keeps optout's periodic tick (the watcher, reminders) running"

    def handle(self, *args, **options) -> None:
        if not runs_ticks(options):
            return super().handle(*args, **options)
        with clock_kept(settings.OPTOUT_CLOCK_CHECK_SECONDS):
            return super().handle(*args, **options)
