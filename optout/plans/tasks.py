"""Background work for plans, run by the django-tasks-db worker."""

from __future__ import annotations

from django.tasks import task

from . import services


@task
def plans_tick() -> dict[str, int]:
    """Reconcile plans with the catalog, then move due re-checks and send due reminders."""
    touched = services.sync_all_plans()
    return {"plans": touched, **services.run_due()}
