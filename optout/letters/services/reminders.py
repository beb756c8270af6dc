"""Reminders: the periodic tick that warns before a deadline and marks requests overdue after it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from optout.accounts.services import speaking_to
from optout.lib.dates import format_date, today_somewhere
from optout.notify.services import notify

from ..models import LetterRequest, Status
from ..regimes import regimes
from .common import add_event

REMIND_BEFORE = dt.timedelta(days=7)


def run_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Remind a week before a deadline, and mark requests overdue once it has passed."""
    now = now or timezone.now()
    today = today_somewhere(now)  # overdue only once the last day has ended for the company and the person alike
    counts = {"reminded": 0, "overdue": 0}
    waiting = LetterRequest.objects.filter(status__in=[Status.SENT, Status.ACKNOWLEDGED]).select_related("owner")
    for request in waiting:
        due = request.effective_deadline
        if due is None:
            continue
        url = reverse("letters:detail", args=[request.number])
        if due < today:
            with transaction.atomic():
                if not LetterRequest.objects.filter(pk=request.pk, status=request.status).update(status=Status.OVERDUE):
                    continue
                add_event(request, request.status, Status.OVERDUE, at=now, what="overdue", facts={"due": due.isoformat()})
            regime = regimes()[request.regime]
            statutory, complaint = regime.deadline_is_legal(request.kind), "complaint" in regime.kinds()
            facts = {"company": request.recipient_name, "reference": request.reference}
            with speaking_to(request.owner):  # in the language the person chose (ux)
                text = (_("%(company)s did not answer %(reference)s in time. optout can write a reminder or a "
                          "complaint for you.") if complaint else
                        _("%(company)s did not answer %(reference)s by the date you asked for. optout can write a "
                          "reminder for you.")) % facts
                notify(request.owner, text, url, kind="letter-overdue",
                       details={"statutory": statutory, "complaint": complaint})
            counts["overdue"] += 1
        elif due - today <= REMIND_BEFORE and request.reminded_at is None:
            if LetterRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(reminded_at=now):
                with speaking_to(request.owner):
                    notify(request.owner, _("The answer to %(reference)s (%(company)s) is due on %(date)s.")
                           % {"reference": request.reference, "company": request.recipient_name, "date": format_date(due)},
                           url, kind="letter-due")
                counts["reminded"] += 1
    return counts
