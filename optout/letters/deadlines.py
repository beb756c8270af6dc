"""Legal deadlines for requests, computed the way the law counts. Pure: no Django.

Each regime's rules are data (`optout/data/letters/regimes/*.yaml`, see `regimes.DeadlineRule`);
`compute` applies one. The counting conventions behind the units:

- GDPR and UK GDPR (Art. 12(3)): one month from receipt, extendable by two further months.
  A month ends on the same date of the next month; when that date does not exist (31 January →
  February) on the month's last day; when the last day is a Saturday, Sunday or public holiday,
  on the next working day (Regulation (EEC, Euratom) No 1182/71, Art. 3; the ICO applies the same rule).
- CCPA: confirm receipt within 10 business days, answer within 45 calendar days, extendable once
  by 45 more (Cal. Civ. Code § 1798.130(a)(2); Cal. Code Regs. tit. 11, § 7021); act on opt-out and
  limit requests within 15 business days (§§ 7026, 7027). Business days skip weekends and
  California state holidays.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import os
from collections.abc import Container
from dataclasses import dataclass

from optout.catalog.regions import legal_country
from optout.lib.datacache import load_or_build_keyed

from .regimes import regimes

SATURDAY = 5


def add_months(day: dt.date, months: int) -> dt.date:
    """Same date `months` later; the month's last day when that date does not exist."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: dt.date, holidays: Container[dt.date] = ()) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def next_working_day(day: dt.date, holidays: Container[dt.date] = ()) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def add_business_days(day: dt.date, count: int, holidays: Container[dt.date] = ()) -> dt.date:
    """The `count`-th working day after `day` (the day itself does not count)."""
    if count < 0:
        raise ValueError("count must not be negative")
    while count:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            count -= 1
    return day


@functools.cache
def holidays_for(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    """Public holidays from the `holidays` package; an unknown country simply has none.

    Importing the package loads every country it knows (about a fifth of a second), so the dates are kept
    in the compiled-data cache, keyed by the installed package's version file.
    """
    code = (country or "").upper()
    sub = subdivision.split("-", 1)[1] if subdivision and "-" in subdivision else None
    try:
        version = _holidays_version()
    except OSError:
        return _holidays_from_package(code, sub, year)
    return load_or_build_keyed(f"holidays-{code}-{sub or ''}-{year}", version,
                               lambda: _holidays_from_package(code, sub, year))


def _holidays_version() -> str:
    from importlib.util import find_spec

    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        raise OSError("the holidays package has no files")
    stamp = os.stat(os.path.join(os.path.dirname(spec.origin), "version.py"))
    return f"{spec.origin}\0{stamp.st_size}\0{stamp.st_mtime_ns}"


def _holidays_from_package(code: str, sub: str | None, year: int) -> frozenset[dt.date]:
    import holidays as holidays_lib

    try:
        found = holidays_lib.country_holidays(code, subdiv=sub, years=[year, year + 1])
    except (NotImplementedError, KeyError, ValueError):
        try:
            found = holidays_lib.country_holidays(code, years=[year, year + 1])
        except (NotImplementedError, KeyError, ValueError):
            return frozenset()
        sub = None
    days = set(found)
    if sub is None:
        # The part of the country is unknown (a UK company: England's Easter Monday is no Scottish holiday): a day
        # off in any part counts, so a deadline may end a day late, never early.
        for part in found.subdivisions:
            days.update(holidays_lib.country_holidays(code, subdiv=part, years=[year, year + 1]))
    return frozenset(days)


class _Holidays:
    """Holidays of a place, looked up per year on demand."""

    def __init__(self, country: str, subdivision: str | None = None):
        self.country, self.subdivision = country, subdivision

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and day in holidays_for(self.country, self.subdivision, day.year)


def place_holidays(country: str, subdivision: str | None = None) -> Container[dt.date]:
    return _Holidays(legal_country(country), subdivision)


@dataclass(frozen=True)
class Deadlines:
    answer_by: dt.date
    extended_by: dt.date | None = None
    confirm_by: dt.date | None = None


def gdpr(received: dt.date, holidays: Container[dt.date] = ()) -> Deadlines:
    return Deadlines(
        answer_by=next_working_day(add_months(received, 1), holidays),
        extended_by=next_working_day(add_months(received, 3), holidays),
    )


def ccpa(received: dt.date, holidays: Container[dt.date] = (), *, kind: str = "ccpa-know") -> Deadlines:
    if kind in ("ccpa-opt-out", "ccpa-limit"):
        return Deadlines(answer_by=add_business_days(received, 15, holidays))
    return Deadlines(
        answer_by=received + dt.timedelta(days=45),
        extended_by=received + dt.timedelta(days=90),
        confirm_by=add_business_days(received, 10, holidays),
    )


def plain(received: dt.date, holidays: Container[dt.date] = ()) -> Deadlines:
    """No law sets a deadline; a month is a fair time to ask for."""
    return Deadlines(answer_by=next_working_day(add_months(received, 1), holidays))


def follow_up(sent: dt.date, holidays: Container[dt.date] = ()) -> Deadlines:
    """A reminder gives two more weeks before a complaint."""
    return Deadlines(answer_by=next_working_day(sent + dt.timedelta(days=14), holidays))


def _end(rule, received: dt.date, count: int, holidays: Container[dt.date], paused_days: int = 0) -> dt.date:
    """The period's last day, the days the clock stood still added to the period itself: a last day moved off a
    weekend is moved once, at the end (31 January, paused a day: 28 February + 1 = Sunday 1 March → Monday 2 March;
    moving 28 February to 2 March first and then adding the day gave 3 March)."""
    shift = dt.timedelta(days=paused_days)
    if rule.unit == "months":
        day = add_months(received, count) + shift
    elif rule.unit == "days":
        day = received + dt.timedelta(days=count) + shift
    elif rule.unit == "days-from-receipt":
        day = received + dt.timedelta(days=count - 1) + shift
    else:
        return add_business_days(received + shift, count, holidays)
    return next_working_day(day, holidays) if rule.on_non_working_day == "next-working-day" else day


def compute(rule, received: dt.date, holidays: Container[dt.date] = (), paused_days: int = 0) -> Deadlines:
    """The dates a `regimes.DeadlineRule` gives for a request received on `received`.

    `paused_days` are days the clock stood still (UK Art. 12A: from the day the controller asked for
    clarification to the day it received it, both included); they do not count towards the period.
    """
    answer = _end(rule, received, rule.count, holidays, paused_days)
    extended = _end(rule, received, rule.extend_to, holidays, paused_days) if rule.extend_to else None
    confirm = add_business_days(received, rule.confirm_within, holidays) if rule.confirm_within else None
    return Deadlines(answer_by=answer, extended_by=extended, confirm_by=confirm)


def for_request(regime: str, kind: str, received: dt.date, holidays: Container[dt.date] = (),
                paused_days: int = 0) -> Deadlines | None:
    """Deadlines for a letter of `kind` under `regime`, or None when nothing sets one (e.g. some authorities)."""
    rule = regimes()[regime].rule_for(kind)
    return compute(rule, received, holidays, paused_days) if rule else None
