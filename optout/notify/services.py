"""One way to reach a person: `notify(owner, text, url)` (in the app, and by e-mail when they have one)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from optout.lib.ownership import owned

from .models import Notification


def notify(owner, text: str, url: str = "") -> Notification:
    notification = Notification.objects.create(owner=owner, text=text[:500], url=url[:300])
    if owner.email:
        link = f"\n\n{settings.SITE_URL}{url}" if url else ""
        try:
            send_mail(f"optout: {text[:80]}", f"{text}{link}\n", None, [owner.email])
        except Exception as exc:  # noqa: BLE001 — any delivery failure is recorded for the person to see
            notification.email_error = f"{type(exc).__name__}: {exc}"[:500]
        else:
            notification.emailed_at = timezone.now()
        notification.save(update_fields=["email_error", "emailed_at"])
    return notification


def unread(owner):
    return owned(Notification, owner).filter(read_at__isnull=True)


def mark_all_read(owner) -> int:
    return unread(owner).update(read_at=timezone.now())
