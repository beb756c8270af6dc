"""Letters' dates in the person's calendar feed: each sent request's legal deadline for an answer."""

from __future__ import annotations

from django.urls import reverse

from optout.lib.ownership import owned
from optout.plans.calendar import CalendarItem

from .models import WAITING_STATUSES, LetterRequest


def answer_deadlines(user) -> list[CalendarItem]:
    letters = owned(LetterRequest, user).filter(status__in=WAITING_STATUSES)
    return [
        CalendarItem(
            uid=f"letter-{user.id}-{letter.number}@optout",
            day=letter.effective_deadline,
            summary=f"Answer due: {letter.reference} ({letter.recipient_name})",
            description="The legal deadline for an answer. If nothing has come, optout can write a reminder or a complaint.",
            url=reverse("letters:detail", args=[letter.number]),
        )
        for letter in letters
        if letter.effective_deadline
    ]
