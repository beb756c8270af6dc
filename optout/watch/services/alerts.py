"""Telling people about an AI-relevant change, from durable state.

The rows saying "this person must be told about this version" (`Alert`) are written in the same
transaction as the version (`queue_alerts`, called by `versions.store_version`). Delivery
(`deliver_alerts`) takes one pending row at a time, reopens the person's steps on that platform,
notifies them and marks the row delivered, all in one transaction: a crash before the commit
leaves the row pending and the next run delivers it; a delivered row is never delivered again.
The in-app notification and reopened steps therefore happen exactly once; an e-mail may at worst
be sent again if the process dies between sending it and the commit (at least once).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from optout.accounts.models import PlatformAccount
from optout.catalog.loader import platform_name
from optout.notify.services import notify
from optout.plans.services import recheck_platform

from ..models import Alert, Version


def queue_alerts(version: Version) -> int:
    """Write one pending alert per person who uses the version's platform (call inside the version's transaction)."""
    owners = set(PlatformAccount.objects.filter(platform=version.document.platform).values_list("owner_id", flat=True))
    Alert.objects.bulk_create([Alert(version=version, owner_id=owner) for owner in sorted(owners)], ignore_conflicts=True)
    return len(owners)


def _tell(alert: Alert) -> None:
    version = alert.version
    platform = version.document.platform
    url = reverse("watch:version", args=[version.id])
    name = platform_name(platform)
    what = version.document.title.split(": ")[-1]
    recheck_platform(alert.owner, platform, f"{name} changed its {what} about AI.", url)
    notify(alert.owner, f"{name} changed what its {what} says about AI. Check your opt-out still holds.", url,
           kind="policy-change")


def deliver_alerts(version: Version | None = None) -> int:
    """Deliver pending alerts (of one version, or all); returns how many were delivered now."""
    pending = Alert.objects.filter(delivered_at__isnull=True)
    if version is not None:
        pending = pending.filter(version=version)
    delivered = 0
    for alert_id in list(pending.values_list("id", flat=True)):
        with transaction.atomic():
            alert = (Alert.objects.select_for_update(skip_locked=True, of=("self",))
                     .select_related("version__document", "owner")
                     .filter(id=alert_id, delivered_at__isnull=True).first())
            if alert is None:  # delivered meanwhile by another worker
                continue
            _tell(alert)
            alert.delivered_at = timezone.now()
            alert.save(update_fields=["delivered_at"])
        delivered += 1
    return delivered
