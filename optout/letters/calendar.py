"""Letters' dates in the person's calendar feed: each sent request's legal deadline for an answer, and the day by
which the company must confirm receiving it where the law sets one (CCPA: 10 business days)."""

from __future__ import annotations

from optout.lib.ownership import owned
from optout.plans.calendar import CalendarItem
from optout.plans.registries import Awaited

from .models import WAITING_STATUSES, LetterRequest, Status


def answer_deadlines(user) -> list[CalendarItem]:
    letters = list(owned(LetterRequest, user).filter(status__in=WAITING_STATUSES))
    confirmations = [
        CalendarItem(
            uid=f"letter-{user.id}-{letter.number}-receipt@optout",
            day=letter.confirm_by,
            summary=f"Receipt to be confirmed: {letter.reference} ({letter.recipient_name})",
            description="The day by which the company must confirm it received your request. Once it has, mark it "
                        "on the letter's page.",
            url=letter.get_absolute_url(),
        )
        for letter in letters
        if letter.confirm_by and letter.status == Status.SENT
    ]
    return confirmations + [
        CalendarItem(
            uid=f"letter-{user.id}-{letter.number}@optout",
            day=letter.effective_deadline,
            summary=f"Answer due: {letter.reference} ({letter.recipient_name})",
            description="The legal deadline for an answer. If nothing has come, optout can write a reminder or a complaint.",
            url=letter.get_absolute_url(),
        )
        for letter in letters
        if letter.effective_deadline
    ]


def awaiting_answers(user) -> list[Awaited]:
    """Sent letters that wait for an answer and belong to no step of the plan (a step's letter waits with its step)."""
    letters = owned(LetterRequest, user).filter(status__in=WAITING_STATUSES, action__isnull=True)
    return [Awaited(letter.reference, letter.recipient_name, letter.get_absolute_url(),
                    letter.effective_deadline) for letter in letters]
