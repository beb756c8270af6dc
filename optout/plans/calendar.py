"""A person's re-check dates and deadlines as an iCalendar feed (RFC 5545).

Pure: takes plain items, returns bytes. All-day events, because "re-check Instagram"
belongs to a day, not an hour; each has a stable UID so calendars update instead of duplicating.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PRODID = "-//optout//Opt-out plan//EN"


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    day: dt.date
    summary: str
    description: str = ""
    url: str = ""
    sequence: int = 0  # grows with every change of the step or letter, so a re-imported file updates the event


def build_calendar(items: list[CalendarItem], *, name: str, now: dt.datetime) -> bytes:
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    for item in items:
        if item.day >= dt.date.max:  # a date at the end of time (a bad import) has no next day: leave it out
            continue
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", item.summary)
        event.add("transp", "TRANSPARENT")
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.summary)
        alarm.add("trigger", dt.timedelta(hours=9))  # 09:00 on the day
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
