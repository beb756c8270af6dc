"""Due work for the periodic tick: re-checks that fall due and confirmations that never came."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from optout.accounts.services import speaking_to
from optout.catalog.loader import platform_name
from optout.lib.i18n import Said
from optout.notify.services import notify

from .. import history
from ..models import Action, Event, Status


def run_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Move due re-checks to "needs re-check" and remind about overdue confirmations, once each.

    Each row is claimed with a conditional UPDATE, so two workers never notify twice.
    """
    now = now or timezone.now()
    counts = {"recheck": 0, "reminded": 0}
    due = Action.objects.filter(status=Status.DONE, recheck_at__lte=now, retired_at__isnull=True).select_related("owner")
    for action in due:
        with transaction.atomic():
            claimed = Action.objects.filter(pk=action.pk, status=Status.DONE).update(
                status=Status.NEEDS_RECHECK, updated_at=now
            )
            if not claimed:
                continue
            Event.objects.create(owner=action.owner, action=action, at=now, kind=Event.Kind.STATUS,
                                 from_status=Status.DONE, to_status=Status.NEEDS_RECHECK,
                                 **history.told(history.RECHECK_DUE))
        url = reverse("plans:action", args=[action.number])
        with speaking_to(action.owner):
            notify(action.owner, _("Time to re-check “%(step)s” on %(platform)s.")
                   % {"step": action.shown_title, "platform": platform_name(action.platform)}, url, kind="recheck")
        counts["recheck"] += 1
    waiting = Action.objects.filter(
        status=Status.WAITING, remind_at__lte=now, reminded_at__isnull=True, retired_at__isnull=True
    ).select_related("owner")
    for action in waiting:
        with transaction.atomic():
            if not Action.objects.filter(pk=action.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            said = Said(history.NO_CONFIRMATION, platform=platform_name(action.platform), step=action.title)
            Event.objects.create(owner=action.owner, action=action, at=now, kind=Event.Kind.REMINDER,
                                 **history.recorded(said))
        with speaking_to(action.owner):
            notify(action.owner, said.in_words(_) + " " + _("Check your inbox and spam folder, or send it again."),
                   reverse("plans:action", args=[action.number]), kind="confirmation-due")
        counts["reminded"] += 1
    return counts
