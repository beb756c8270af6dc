"""Deleting one letter of the person's own, for good (the web asks first, saying what goes)."""

from __future__ import annotations

from django.db import transaction

from ..models import LetterRequest, Status


def what_goes(letter: LetterRequest) -> dict:
    """What deleting the letter takes with it, for the page that asks first."""
    return {"sent": letter.status != Status.DRAFTED, "events": letter.events.count(),
            "children": list(letter.children.order_by("number"))}


def delete_letter(letter: LetterRequest) -> None:
    """The letter with its name and address, its history and deadlines. A reminder or complaint that follows it
    stays (it is a letter of its own) and no longer points to it. Letters are rendered when asked for: no file to
    remove."""
    with transaction.atomic():
        letter.delete()
