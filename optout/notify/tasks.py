"""Background work for notifications, run by the django-tasks-db worker."""

from __future__ import annotations

from django.tasks import task

from . import services


@task
def notify_tick() -> dict[str, int]:
    """Try again the e-mails the mail server did not take."""
    return services.retry_emails()
