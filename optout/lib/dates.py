"""Dates and times as people read them: in their own time zone, one format per interface language.

Every page, flash message and e-mail uses these (templates through the `local_date`, `local_datetime` and
`local_time` filters, which need no {% load %}); datetimes are stored in UTC and converted only here.
The time zone is the person's (Account › Time zone; detected from the browser on sign-up), activated per
request by optout.web.middleware.TimeZoneMiddleware; the CLI activates the computer's own zone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat, timezone, translation

from .i18n import FIRST_OF_MONTH
from .zones import ZONE_COOKIE, ZONE_UNKNOWN, system_zone, valid_zone, zone_choices, zone_named  # noqa: F401 — one place to import from

# Django date-format letters: F month name, E month name in the genitive (Polish), j day, H:i 24-hour time.
DATE_FORMATS = {
    "en": "j F Y", "de": "j. F Y", "fr": "j F Y", "es": r"j \d\e F \d\e Y", "it": "j F Y", "nl": "j F Y",
    "pl": "j E Y", "pt": r"j \d\e F \d\e Y",
}
TIME_FORMAT = "H:i"
LOWERCASE_MONTHS = {"it", "pt"}  # Django's catalogs capitalise them; Italian and Portuguese text does not


def _language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _local(value):
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value: dt.date | dt.datetime | None) -> str:
    """'4 January 2027', '4. Januar 2027', '4 de enero de 2027' … (a datetime: its day where the person is)."""
    if value is None or value == "":
        return ""
    local, language = _local(value), _language()
    text = dateformat.format(local, DATE_FORMATS.get(language, DATE_FORMATS["en"]))
    if language in LOWERCASE_MONTHS:
        month = dateformat.format(local, "F")
        text = text.replace(month, month.lower())
    if local.day == 1 and language in FIRST_OF_MONTH:
        text = FIRST_OF_MONTH[language] + text[1:]
    return text


def format_time(value: dt.datetime | dt.time | None) -> str:
    """'14:05', in the person's time zone; '14:05 UTC' (the server's zone, named) when optout does not know
    theirs yet (ZONE_UNKNOWN)."""
    if value is None or value == "":
        return ""
    local = _local(value)
    text = dateformat.time_format(local, TIME_FORMAT) if isinstance(local, dt.time) else dateformat.format(local, TIME_FORMAT)
    return f"{text} {timezone.get_current_timezone_name()}" if ZONE_UNKNOWN.get() else text


def format_datetime(value: dt.datetime | None) -> str:
    """'4 January 2027, 14:05' in the person's time zone."""
    if value is None or value == "":
        return ""
    if not isinstance(value, dt.datetime):
        return format_date(value)
    return f"{format_date(value)}, {format_time(value)}"


def utc_offset(value: dt.datetime) -> str:
    """'UTC−05:00' (a real minus sign): how far the person's time zone is from UTC at `value`; daylight saving time
    changes it."""
    total = round((timezone.localtime(value).utcoffset() or dt.timedelta(0)).total_seconds() / 60)
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{'−' if total < 0 else '+'}{hours:02d}:{minutes:02d}"


def today_somewhere(now: dt.datetime) -> dt.date:
    """The earliest date anywhere on Earth at `now` (UTC−12): the day still running everywhere. A time limit runs to
    the end of its last day (Regulation 1182/71 Art. 3(2)(c); Cal. Code Civ. Proc. § 12), and the server's own
    midnight is no one's in particular: a limit has run out wherever the company and the person are once its last
    day is before this one."""
    return (now.astimezone(dt.UTC) - dt.timedelta(hours=12)).date()
