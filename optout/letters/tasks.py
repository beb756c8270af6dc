"""Background work for letters, run by the periodic tick."""

from django.tasks import task

from . import services


@task
def letters_tick() -> dict[str, int]:
    """Remind before deadlines and mark unanswered requests overdue."""
    return services.run_due()
