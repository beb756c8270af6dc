"""Reminders: the periodic tick that warns before a deadline and marks requests overdue after it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from optout.accounts.services import speaking_to
from optout.lib.dates import format_date, today_somewhere
from optout.lib.i18n import gettext_noop
from optout.notify.services import notify

from ..models import LetterRequest, Status
from ..regimes import regimes
from .common import add_event

REMIND_BEFORE = dt.timedelta(days=7)

# What optout can write next, by the letters `Regime.after_deadline` offers: said in the notification and e-mails.
OFFERS = {
    ("follow-up", "complaint"): gettext_lazy("optout can write a reminder or a complaint for you."),
    ("follow-up",): gettext_lazy("optout can write a reminder for you."),
    ("complaint",): gettext_lazy("optout can write a complaint to the authority for you."),
    (): "",
}


def _offers(request: LetterRequest) -> tuple[str, ...]:
    return regimes()[request.regime].after_deadline(request.kind)


def _details(request: LetterRequest) -> dict:
    """What the e-mails about a letter's date say besides the notification: whether a law sets the date, who is to
    answer, and which letters optout can write next."""
    offers = _offers(request)
    return {"statutory": request.deadline_is_legal, "to_authority": request.kind == "complaint",
            "offers_reminder": "follow-up" in offers, "offers_complaint": "complaint" in offers}


# A posted letter whose day of receipt the person did not give: its date is counted from the posting day, earlier
# than the law's (from receipt), so "did not answer in time" may not be so yet.
POSTED = gettext_noop("This deadline is counted from the day you posted the letter; the law counts from the day the "
                      "company received it, usually a few days later. If you know that day, enter it on the letter's "
                      "page.")


def run_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Remind a week before a deadline, and mark requests overdue once it has passed."""
    now = now or timezone.now()
    today = today_somewhere(now)  # overdue only once the last day has ended for the company and the person alike
    counts = {"reminded": 0, "overdue": 0}
    waiting = LetterRequest.objects.filter(status__in=[Status.SENT, Status.ACKNOWLEDGED]).select_related("owner")
    for request in waiting:
        done = _settle(request, now, today)
        if done:
            counts[done] += 1
    return counts


def settle(request: LetterRequest, now: dt.datetime | None = None) -> None:
    """What the tick would do for this one request, at once: a letter recorded as sent on a past day whose time has
    run out is overdue now, with its reminder or complaint offered, not a quarter of an hour later (or never, where
    optout runs without its worker)."""
    now = now or timezone.now()
    if request.status in (Status.SENT, Status.ACKNOWLEDGED):
        _settle(request, now, today_somewhere(now))


def _settle(request: LetterRequest, now: dt.datetime, today: dt.date) -> str:
    """Mark one waiting request overdue, or remind of it, as its date asks: "overdue", "reminded" or ""."""
    due = request.effective_deadline
    if due is None:
        return ""
    url = reverse("letters:detail", args=[request.number])
    if due < today:
        with transaction.atomic():
            if not LetterRequest.objects.filter(pk=request.pk, status=request.status).update(status=Status.OVERDUE):
                return ""
            add_event(request, request.status, Status.OVERDUE, at=now, what="overdue", facts={"due": due.isoformat()})
        with speaking_to(request.owner):  # in the language the person chose (ux)
            if request.is_to_act_on:  # no answer is owed: optout cannot know whether it acted
                what = _("The day by which %(company)s had to act on %(reference)s has passed, and you have recorded "
                         "no confirmation; optout cannot tell whether it acted.")
            elif request.deadline_is_legal:
                what = _("%(company)s did not answer %(reference)s in time.")
            else:
                what = _("%(company)s did not answer %(reference)s by the date you asked for.")
            text = " ".join(filter(None, [
                what % {"company": request.recipient_name, "reference": request.reference},
                _(POSTED) if request.deadline_awaits_receipt_day else "",
                str(OFFERS[_offers(request)])]))
            notify(request.owner, text, url, kind="letter-overdue", details=_details(request))
        request.status = Status.OVERDUE
        return "overdue"
    if due - today <= REMIND_BEFORE and request.reminded_at is None:
        if LetterRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(reminded_at=now):
            with speaking_to(request.owner):
                text = (_("%(reference)s (%(company)s) is to be acted on by %(date)s.") if request.is_to_act_on
                        else _("The answer to %(reference)s (%(company)s) is due on %(date)s.")) % {
                    "reference": request.reference, "company": request.recipient_name, "date": format_date(due)}
                if request.deadline_awaits_receipt_day:
                    text = " ".join([text, _(POSTED)])
                notify(request.owner, text, url, kind="letter-due", details=_details(request))
            request.reminded_at = now
            return "reminded"
    return ""
