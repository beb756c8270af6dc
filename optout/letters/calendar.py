"""Letters' dates in the person's calendar feed: each sent request's legal deadline for an answer, and the day by
which the company must confirm receiving it where the law sets one (CCPA: 10 business days)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from optout.lib.ownership import owned
from optout.plans.calendar import CalendarItem
from optout.plans.registries import Awaited

from .models import WAITING_STATUSES, LetterRequest, Status
from .regimes import regimes


def answer_deadlines(user) -> list[CalendarItem]:
    # An overdue letter keeps its day, said as past: it left the feed the day action was due.
    letters = list(owned(LetterRequest, user).filter(status__in=(*WAITING_STATUSES, Status.OVERDUE))
                   .annotate(changes=Count("events")))
    confirmations = [
        CalendarItem(
            uid=f"letter-{letter.number}-receipt",
            day=letter.confirm_by,
            summary=_("Receipt to be confirmed: %(reference)s (%(company)s)") % _facts(letter),
            description=_("The day by which the company must confirm it received your request. Once it has, mark it "
                          "on the letter's page."),
            url=letter.get_absolute_url(),
            sequence=letter.changes,
        )
        for letter in letters
        if letter.confirm_by and letter.status == Status.SENT
    ]
    return confirmations + [
        CalendarItem(
            uid=f"letter-{letter.number}",
            day=letter.effective_deadline,
            summary=(_("No answer in time: %(reference)s (%(company)s)") % _facts(letter) if letter.status == Status.OVERDUE
                     else _("%(what)s: %(reference)s (%(company)s)") % {"what": letter.date_label, **_facts(letter)}),
            description=_answer_due(letter),
            url=letter.get_absolute_url(),
            sequence=letter.changes,
        )
        for letter in letters
        if letter.effective_deadline
    ]


def _facts(letter: LetterRequest) -> dict:
    return {"reference": letter.reference, "company": letter.recipient_name}


def _answer_due(letter: LetterRequest) -> str:
    regime = regimes()[letter.regime]
    kind = letter.date_kind
    if kind == "stands_by":
        said = _("The day by which the law says the authority must tell you how your complaint stands.")
    elif kind == "ack_by":
        said = _("The day by which the law says the company must confirm it received your complaint; its answer may "
                 "come later.")
    elif kind == "act_by":
        said = _("The day by which the law says the company must act on your request; it owes you no answer.")
    elif kind == "due":
        said = _("The legal deadline for an answer.")
    else:
        said = _("The date you asked the company to answer by; no law sets it.")
    then = {("follow-up", "complaint"): _("If nothing has come, optout can write a reminder or a complaint."),
            ("follow-up",): _("If nothing has come, optout can write a reminder."),
            ("complaint",): _("If nothing has come, optout can write a complaint to the authority."),
            (): ""}[regime.after_deadline(letter.kind)]
    return f"{said} {then}".strip()


def awaiting_answers(user) -> list[Awaited]:
    """Sent letters that wait for an answer and belong to no step of the plan (a step's letter waits with its step)."""
    letters = owned(LetterRequest, user).filter(status__in=WAITING_STATUSES, action__isnull=True)
    return [Awaited(letter.reference, letter.recipient_name, letter.get_absolute_url(),
                    letter.effective_deadline, letter.date_sentence if letter.effective_deadline else "")
            for letter in letters]
