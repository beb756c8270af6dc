"""Background work for the watcher, run by the periodic tick."""

from django.tasks import task

from . import services


@task
def watch_tick() -> dict[str, int]:
    """Check the documents that are due (each about once a day, spread by jitter)."""
    return services.run(due_only=True)
