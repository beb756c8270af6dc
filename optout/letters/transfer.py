"""Letters in the plan export: their format, and reading them back without trusting them. Pure: no Django.

Each letter carries its history, its deadlines (including a stopped clock) and the number of the plan
step it belongs to; a reminder or complaint names the letter it follows by number. Everything is checked
before anything is stored, and every problem names the item and field (`letters[3].events[0].at: …`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .events import WHATS
from .regimes import regimes
from .texts import LANGUAGES

STATUSES = ("drafted", "sent", "acknowledged", "answered", "refused", "overdue", "complained", "closed")
CHANNELS = ("", "email", "form", "post")
MAX_EVENTS_PER_LETTER = 1000
FIRST_YEAR, LAST_YEAR = 1990, 2200


class LettersImportError(ValueError):
    """Letters that cannot be imported; the message names the letter and field."""


def _plausible(value):
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the date {value.isoformat()} is outside the years {FIRST_YEAR}–{LAST_YEAR}")
    return value


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("the time has no time zone")
    return _plausible(value)


Day = Annotated[dt.date, AfterValidator(_plausible)]
Moment = Annotated[dt.datetime, AfterValidator(_aware)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]


def _short(limit: int):
    return Annotated[str, StringConstraints(max_length=limit)]


# A web address the letter's page links to: only http(s), never "javascript:" or "data:" from a hand-edited file.
WebAddress = Annotated[str, StringConstraints(max_length=500, pattern=r"^(https?://\S+)?$")]


class Model(BaseModel):
    # Built when an import is first checked, not when Django starts (every CLI command would pay for it).
    model_config = ConfigDict(extra="forbid", strict=False, defer_build=True)


class LetterEventData(Model):
    at: Moment
    from_status: Literal[("", *STATUSES)] = ""  # type: ignore[valid-type]
    to_status: Literal[("", *STATUSES)] = ""  # type: ignore[valid-type]
    text: _short(20_000) = ""
    # Exports before events had a `what` carry the whole sentence in `text` and none of these.
    what: Literal[("", *WHATS)] = ""  # type: ignore[valid-type]
    facts: dict[Annotated[str, StringConstraints(max_length=20)], _short(300)] = Field(default_factory=dict, max_length=6)


class PartyCopy(Model):
    name: _short(200)
    address: _short(600) = ""
    email: _short(254) = ""


class SentCopy(Model):
    """The letter as it was sent (compose.Letter as data)."""

    language: _short(5)
    sender: PartyCopy
    recipient: PartyCopy
    date_text: _short(60)
    reference: _short(40)
    subject: _short(500)
    greeting: _short(200)
    paragraphs: list[_short(20_000)] = Field(max_length=60)
    closing: _short(200)
    labels: dict[Annotated[str, StringConstraints(max_length=40)], _short(200)] = Field(max_length=40)
    enclosures: list[_short(500)] = Field(default_factory=list, max_length=40)


class LetterData(Model):
    number: int = Field(ge=1, le=1_000_000)
    action: int | None = Field(None, ge=1, le=1_000_000, description="Number of the plan step it belongs to.")
    parent: int | None = Field(None, ge=1, le=1_000_000, description="Number of the letter it follows up.")
    platform: Slug
    kind: _short(30)
    regime: _short(10)
    language: _short(5)
    reference: _short(40)
    authority: _short(60) = ""
    recipient_name: _short(200)
    recipient_address: _short(600) = ""
    recipient_email: _short(254) = ""
    recipient_form: WebAddress = ""
    controller: _short(200)
    sender_name: _short(200)
    sender_address: _short(600) = ""
    sender_email: _short(254) = ""
    account: _short(200) = ""
    creator: _short(60) = ""
    contents: list[_short(30)] = Field(default_factory=list, max_length=20)
    harms: list[_short(30)] = Field(default_factory=list, max_length=20)
    own_words: _short(3000) = ""
    status: Literal[STATUSES]  # type: ignore[valid-type]
    channel: Literal[CHANNELS] = ""  # type: ignore[valid-type]
    sent_on: Day | None = None
    received_on: Day | None = None
    clock_from: Day | None = None  # export format 7
    deadline: Day | None = None
    extended_deadline: Day | None = None
    confirm_by: Day | None = None
    paused_on: Day | None = None
    pause_reason: Literal["", "identity", "clarify"] = ""
    paused_days: int = Field(0, ge=0, le=3660)
    answer: _short(20_000) = ""
    reminded_at: Moment | None = None
    overdue_notified_at: Moment | None = None
    created_at: Moment
    sent_copy: SentCopy | None = Field(None, description="The letter as sent; exports before format 5 have none.")
    events: list[LetterEventData] = Field(default_factory=list, max_length=MAX_EVENTS_PER_LETTER)


def _where(index: int, loc: tuple) -> str:
    out = f"letters[{index}]"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def parse_letters(items: list[dict], action_numbers: set[int], now: dt.datetime) -> list[LetterData]:
    """Every letter checked, and every reference between them and to plan steps resolved; else LettersImportError."""
    letters = [_parse_one(index, item, action_numbers, now + dt.timedelta(days=1)) for index, item in enumerate(items)]
    _check_family(letters)
    return letters


def _parse_one(index: int, item: dict, action_numbers: set[int], latest: dt.datetime) -> LetterData:
    try:
        letter = LetterData.model_validate(item)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise LettersImportError(f"{_where(index, tuple(first['loc']))}: {first['msg'].removeprefix('Value error, ')}{more}") from exc
    regime = regimes().get(letter.regime)
    if regime is None:
        raise LettersImportError(f"letters[{index}].regime: unknown law {letter.regime!r}")
    if letter.kind not in regime.kinds():
        raise LettersImportError(f"letters[{index}].kind: {letter.kind!r} is not a letter under {regime.name}")
    if letter.language not in LANGUAGES:
        raise LettersImportError(f"letters[{index}].language: no letters in {letter.language!r}")
    if letter.action is not None and letter.action not in action_numbers:
        raise LettersImportError(f"letters[{index}].action: no step {letter.action} in the plan")
    moments = [(name, getattr(letter, name)) for name in ("created_at", "reminded_at", "overdue_notified_at")]
    moments += [(f"events[{e_index}].at", event.at) for e_index, event in enumerate(letter.events)]
    for name, value in moments:
        if value is not None and value > latest:
            raise LettersImportError(f"letters[{index}].{name}: {value.isoformat()} is in the future")
    return letter


def _check_family(letters: list[LetterData]) -> None:
    numbers = [letter.number for letter in letters]
    if len(set(numbers)) != len(numbers):
        raise LettersImportError("letters: two letters have the same number")
    parents = {letter.number: letter.parent for letter in letters}
    for index, letter in enumerate(letters):
        if letter.parent is not None and letter.parent not in parents:
            raise LettersImportError(f"letters[{index}].parent: no letter {letter.parent} in the file")
        seen, current = set(), letter.number
        while current is not None:  # a reminder of a reminder of itself would never end
            if current in seen:
                raise LettersImportError(f"letters[{index}].parent: letter {letter.number} follows itself")
            seen.add(current)
            current = parents.get(current)
