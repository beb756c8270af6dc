"""Where apps above plans hook into it (letters: their rows in the plan export, their deadlines in the
calendar feed, their part of the proof report), from their AppConfig.ready, since plans sits below them in the app order and cannot import
them. Kept apart from plans.services so that registering at start-up does not load every service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .calendar import CalendarItem


@dataclass(frozen=True)
class ExportPart:
    """Another app's rows that travel with the plan (letters), without plans importing that app.

    `export(user)` gives JSON-ready items for `key`; `check(items, action_numbers, now)` parses them all
    before anything is stored and raises PlanImportError naming what is wrong; `conflict(user)` says why an
    import without `replace` cannot go ahead ("" when it can); `store(user, parsed, action_ids, replace)`
    writes them inside the import's transaction (`action_ids`: step number → the new step's id).
    """

    key: str
    export: Callable[[object], list[dict]]
    check: Callable[[list[dict], set[int], dt.datetime], object]
    conflict: Callable[[object], str]
    store: Callable[[object, object, dict, bool], None]


EXPORT_PARTS: dict[str, ExportPart] = {}


def add_export_part(part: ExportPart) -> None:
    EXPORT_PARTS[part.key] = part


CALENDAR_SOURCES: list[Callable[[object], list[CalendarItem]]] = []

# Sentences other apps write into a step's history (a letter's "OPT-3: Sent by e-mail on …"), and the names of their
# facts that are dates (kept as ISO strings, said as the reader's language writes a date): plans/history.py.
HISTORY_SENTENCES: set[str] = set()
HISTORY_DATES: set[str] = set()


def add_history_sentences(sentences, dates=()) -> None:
    HISTORY_SENTENCES.update(sentences)
    HISTORY_DATES.update(dates)


@dataclass(frozen=True)
class Awaited:
    """Something of the person's that waits for a company's answer outside their plan's steps (a letter of their own),
    for the dashboard's "Waiting" list: what it is, where it is followed, and by when the answer is due."""

    reference: str
    company: str
    url: str
    due: dt.date | None
    due_said: str = ""  # the date said whole, by what it is ("To be acknowledged by 4 January 2027.")


WAITING_SOURCES: list[Callable[[object], list[Awaited]]] = []


def add_waiting_source(source: Callable[[object], list[Awaited]]) -> None:
    if source not in WAITING_SOURCES:
        WAITING_SOURCES.append(source)


def add_calendar_source(source: Callable[[object], list[CalendarItem]]) -> None:
    if source not in CALENDAR_SOURCES:
        CALENDAR_SOURCES.append(source)


@dataclass(frozen=True)
class ReportSection:
    """Another app's part of the proof report (letters sent): its HTML, and the moments it shows, whose offsets from
    UTC the report names."""

    html: str
    moments: tuple[dt.datetime, ...] = ()


REPORT_SECTIONS: list[Callable[[object], ReportSection | None]] = []


def add_report_section(source: Callable[[object], ReportSection | None]) -> None:
    if source not in REPORT_SECTIONS:
        REPORT_SECTIONS.append(source)
