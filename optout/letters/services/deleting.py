"""Deleting one letter of the person's own, for good (the web asks first, saying what goes)."""

from __future__ import annotations

from django.db import transaction

from optout.lib.ownership import owned

from ..models import LetterRequest, Status


def _last_of_its_step(letter: LetterRequest) -> bool:
    """Whether the letter belongs to a plan step that has no other letter."""
    return letter.action_id is not None and not owned(LetterRequest, letter.owner).filter(
        action_id=letter.action_id).exclude(pk=letter.pk).exists()


def what_goes(letter: LetterRequest) -> dict:
    """What deleting the letter takes with it, for the page that asks first (`step`: the plan step that is open again
    after it, when this is the step's last letter and did not finish it)."""
    return {"sent": letter.status != Status.DRAFTED, "events": letter.events.count(),
            "children": list(letter.children.order_by("number")),
            "step": letter.action if _last_of_its_step(letter) and letter.action.status != "done" else None}


def delete_letter(letter: LetterRequest) -> None:
    """The letter with its name and address, its history and deadlines. A reminder or complaint that follows it
    stays (it is a letter of its own) and no longer points to it. Letters are rendered when asked for: no file to
    remove."""
    action, reference = letter.action, letter.reference
    with transaction.atomic():
        reopen = _last_of_its_step(letter)
        letter.delete()
        if reopen:
            from optout.plans.services import letter_gone

            letter_gone(action, reference)
