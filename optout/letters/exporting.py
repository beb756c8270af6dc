"""Letters travel with the plan export: registered with plans' export as a part (see apps.py)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import ngettext

from optout.lib.ownership import owned
from optout.plans.registries import ExportPart
from optout.plans.transfer import PlanImportError

from .models import LetterEvent, LetterRequest
from .transfer import LetterData, LettersImportError, parse_letters

FIELDS = (
    "number", "platform", "kind", "regime", "language", "reference", "authority", "recipient_name",
    "recipient_address", "recipient_email", "recipient_form", "controller", "sender_name", "sender_address",
    "sender_email", "account", "creator", "contents", "harms", "own_words", "status", "channel", "pause_reason",
    "paused_days", "answer",
)
DAYS = ("sent_on", "received_on", "clock_from", "deadline", "extended_deadline", "confirm_by", "paused_on")
MOMENTS = ("reminded_at", "overdue_notified_at", "created_at")


def _iso(value):
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat() if isinstance(value, dt.datetime) else value.isoformat()


def export_letters(user) -> list[dict]:
    rows = owned(LetterRequest, user).order_by("number").select_related("action", "parent").prefetch_related("events")
    items = []
    for letter in rows:
        item = {name: getattr(letter, name) for name in FIELDS}
        item.update({name: _iso(getattr(letter, name)) for name in (*DAYS, *MOMENTS)})
        item["action"] = letter.action.number if letter.action else None
        item["parent"] = letter.parent.number if letter.parent else None
        item["sent_copy"] = letter.sent_copy
        item["events"] = [{"at": _iso(e.at), "from_status": e.from_status, "to_status": e.to_status, "text": e.text,
                           "what": e.what, "facts": e.facts}
                          for e in letter.events.order_by("at", "id")]
        items.append(item)
    return items


def check_letters(items: list[dict], action_numbers: set[int], now: dt.datetime) -> list[LetterData]:
    try:
        return parse_letters(items, action_numbers, now)
    except LettersImportError as exc:
        raise PlanImportError(str(exc)) from exc


def conflict(user) -> str:
    count = owned(LetterRequest, user).count()
    return (ngettext("Your account already has %(count)s letter. Import into a new account, or choose to replace your "
                     "current plan and letters (export them first to keep a copy).",
                     "Your account already has %(count)s letters. Import into a new account, or choose to replace your "
                     "current plan and letters (export them first to keep a copy).", count) % {"count": count}) if count else ""


def store_letters(user, letters: list[LetterData], action_ids: dict[int, int], replace: bool) -> None:
    if replace:
        owned(LetterRequest, user).delete()
    rows = LetterRequest.objects.bulk_create([
        LetterRequest(owner=user, action_id=action_ids.get(data.action) if data.action else None,
                      sent_copy=data.sent_copy.model_dump() if data.sent_copy else None,
                      **{name: getattr(data, name) for name in (*FIELDS, *DAYS, *MOMENTS)})
        for data in letters
    ], batch_size=500)
    by_number = {row.number: row for row in rows}
    children = [row for row, data in zip(rows, letters, strict=True) if data.parent]
    for row, data in zip(rows, letters, strict=True):
        if data.parent:
            row.parent = by_number[data.parent]
    LetterRequest.objects.bulk_update(children, ["parent"], batch_size=500)
    LetterEvent.objects.bulk_create((
        LetterEvent(owner=user, request=row, at=e.at, from_status=e.from_status, to_status=e.to_status, text=e.text,
                    what=e.what, facts=e.facts)
        for row, data in zip(rows, letters, strict=True) for e in data.events
    ), batch_size=1000)


PART = ExportPart(key="letters", export=export_letters, check=check_letters, conflict=conflict, store=store_letters)
