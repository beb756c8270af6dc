"""Access-log report: AI-crawler requests per agent and purpose, whether they came from their operator's published
addresses, and requests robots.txt forbade.

Reads nginx/Apache "combined" logs, plain or gzip. Pure: no Django.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .crawler_addresses import CONFIRMED, ELSEWHERE, UNCHECKED, IdentityCheck
from .crawlers import identify_crawler
from .robots import RobotsTxt

REQUEST = re.compile(r'"(?:[A-Z]+) (\S+)')
# A combined log's time, e.g. 25/Nov/2026:06:00:00 +0000 (always in English, whatever the server's language).
STAMP = re.compile(r"(\d\d)/([A-Z][a-z]{2})/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NOT_CHECKED = "addresses were not checked"
VERDICTS = (CONFIRMED, ELSEWHERE, UNCHECKED)


@dataclass
class LogReport:
    lines: int = 0
    unparsed: int = 0
    undated: int = 0  # read, but with no time optout can read: outside the period named
    ai_requests: int = 0
    by_agent: Counter = field(default_factory=Counter)
    by_purpose: Counter = field(default_factory=Counter)
    by_identity: Counter = field(default_factory=Counter)  # (token, verdict) → requests
    unchecked_reasons: Counter = field(default_factory=Counter)  # (token, why not checked) → requests
    ignored_rules: Counter = field(default_factory=Counter)  # (token, path) → requests to disallowed paths
    ignored_by_identity: Counter = field(default_factory=Counter)  # (token, path, verdict) → the same, split
    first_request: datetime | None = None
    last_request: datetime | None = None
    operators: dict[str, str] = field(default_factory=dict)  # token → who runs it, for sentences
    address_lists: dict[str, dict[str, str]] = field(default_factory=dict)  # token → where its addresses were read
    examples: list[str] = field(default_factory=list)

    def add(self, other: LogReport) -> LogReport:
        """This report and `other` (another file of the same run) as one."""
        for name in ("lines", "unparsed", "undated", "ai_requests"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_agent", "by_purpose", "by_identity", "unchecked_reasons", "ignored_rules", "ignored_by_identity"):
            getattr(self, name).update(getattr(other, name))
        self.first_request = _earlier(self.first_request, other.first_request)
        self.last_request = _later(self.last_request, other.last_request)
        self.operators.update(other.operators)
        self.address_lists.update(other.address_lists)
        return self

    def split(self, token: str, path: str | None = None) -> dict[str, int]:
        """An agent's requests (to one path robots.txt refuses it, with `path`) per verdict."""
        if path is None:
            return {verdict: self.by_identity[token, verdict] for verdict in VERDICTS}
        return {verdict: self.ignored_by_identity[token, path, verdict] for verdict in VERDICTS}

    def refused_rows(self, most: int) -> list[tuple[str, str, int]]:
        """(token, path, requests) to paths robots.txt refuses, those from confirmed addresses first."""
        rows = sorted(self.ignored_rules.items(),
                      key=lambda row: (-self.ignored_by_identity[(*row[0], CONFIRMED)], -row[1], row[0]))
        return [(token, path, count) for (token, path), count in rows[:most]]

    def as_dict(self) -> dict:
        return {
            "lines": self.lines, "unparsed": self.unparsed, "undated": self.undated, "ai_requests": self.ai_requests,
            "first_request": self.first_request.isoformat() if self.first_request else None,
            "last_request": self.last_request.isoformat() if self.last_request else None,
            "by_agent": dict(self.by_agent.most_common()), "by_purpose": dict(self.by_purpose.most_common()),
            "agents": {token: self._agent(token, count) for token, count in self.by_agent.most_common()},
            "ignored_rules": [{"agent": agent, "path": path, "requests": count, **self.split(agent, path)}
                              for agent, path, count in self.refused_rows(100)],
        }

    def _agent(self, token: str, count: int) -> dict:
        return {"requests": count, "operator": self.operators.get(token) or None, **self.split(token),
                "unchecked_reasons": {reason: n for (agent, reason), n in self.unchecked_reasons.most_common()
                                      if agent == token},
                "address_list": self.address_lists.get(token)}


def _earlier(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None or (b is not None and b < a) else a


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None or (b is not None and b > a) else a


def open_log(path: Path):
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt", encoding="utf-8", errors="replace") if gzipped else open(path, encoding="utf-8", errors="replace")


class _Identifier:
    """`identify_crawler`, remembering each distinct User-Agent (logs repeat a few thousand of them)."""

    def __init__(self):
        self.cache: dict[str, object] = {}

    def __call__(self, agent: str):
        crawler = self.cache.get(agent, False)
        if crawler is False:
            crawler = identify_crawler(agent)
            if len(self.cache) < 200_000:
                self.cache[agent] = crawler
        return crawler


def request_time(stamp: str) -> datetime | None:
    """A combined log's time (`25/Nov/2026:06:00:00 +0000`), or None when it is not one."""
    found = STAMP.fullmatch(stamp)
    if not found or found[2] not in MONTHS:
        return None
    day, _, year, hour, minute, second, sign, zone_hours, zone_minutes = found.groups()
    try:
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
        return datetime(int(year), MONTHS.index(found[2]) + 1, int(day), int(hour), int(minute), int(second),
                        tzinfo=timezone(-offset if sign == "-" else offset))
    except ValueError:
        return None


class _Period:
    """The first and last request time seen. Each distinct time is read once (a day has 86,400 seconds) into a
    number that orders instants whatever their time zone; only the first and last become datetimes."""

    def __init__(self):
        self.known: dict[str, bool] = {}  # times read, and whether each is one: reading one again changes nothing
        self._first, self._last = float("inf"), float("-inf")
        self._first_stamp = self._last_stamp = ""

    def read(self, stamp: str) -> bool:
        """Take in a request's time; False when it is not one."""
        when = request_time(stamp)
        if len(self.known) < 200_000:
            self.known[stamp] = when is not None
        if when is None:
            return False
        seconds = when.timestamp()
        if seconds < self._first:
            self._first, self._first_stamp = seconds, stamp
        if seconds > self._last:
            self._last, self._last_stamp = seconds, stamp
        return True

    @property
    def first(self) -> datetime | None:
        return request_time(self._first_stamp)

    @property
    def last(self) -> datetime | None:
        return request_time(self._last_stamp)


def _ignored(line: str, crawler, robots: RobotsTxt, cache: dict) -> tuple[str, str] | None:
    request = REQUEST.search(line)
    if not request:
        return None
    key = (crawler.token, request.group(1))
    if key not in cache:
        cache[key] = crawler.allowed_in(robots, key[1])
    return None if cache[key] else key


def _count(result: LogReport, line: str, crawler, check: IdentityCheck, robots: RobotsTxt | None,
           allowed_cache: dict) -> None:
    """One request whose User-Agent names a crawler."""
    result.ai_requests += 1
    result.by_agent[crawler.token] += 1
    result.by_purpose[crawler.purpose] += 1
    result.operators.setdefault(crawler.token, crawler.operator or "")
    space = line.find(" ")
    verdict, reason = check(crawler, line[:space] if space > 0 else "")
    result.by_identity[crawler.token, verdict] += 1
    if reason:
        result.unchecked_reasons[crawler.token, reason] += 1
    if robots is not None and (key := _ignored(line, crawler, robots, allowed_cache)):
        result.ignored_rules[key] += 1
        result.ignored_by_identity[(*key, verdict)] += 1


def report(lines: Iterable[str], robots: RobotsTxt | None = None, progress: Callable[[int], None] | None = None,
           identity: IdentityCheck | None = None) -> LogReport:
    """Count a log. `identity` checks where requests came from (share one across a run's files, so each list of
    addresses is read once); without it, no address is checked."""
    identify = _Identifier()
    check = identity or IdentityCheck.skipped(NOT_CHECKED)
    result = LogReport()
    period = _Period()
    stamp, dated, known = None, False, period.known
    allowed_cache: dict[tuple[str, str], bool] = {}
    for line in lines:
        result.lines += 1
        if progress and result.lines % 100_000 == 0:
            progress(100_000)
        end = line.rfind('"')
        start = line.rfind('"', 0, end)
        if end <= 0 or start < 0:
            result.unparsed += 1
            continue
        # Lines come in time order, so a line's time mostly repeats the line before's: only a new one is read.
        bracket = line.find("[", 0, start)
        if (seen := line[bracket + 1:bracket + 27]) != stamp:
            stamp, dated = seen, known.get(seen)
            if dated is None:
                dated = period.read(seen)
        if not dated:
            result.undated += 1
        crawler = identify(line[start + 1:end])
        if crawler is not None:
            _count(result, line, crawler, check, robots, allowed_cache)
    if progress:
        progress(result.lines % 100_000)
    result.first_request, result.last_request = period.first, period.last
    result.address_lists = check.sources()
    return result


# What the command prints. Plain words: the reader may be an artist, not a system administrator.

ROBOTS_CAVEAT = ("This compares each request with the robots.txt you gave, as it is now. A request made before you "
                 "added a rule, or up to a day after (crawlers may use a copy that old), did not break it.")
CONFIRMED_ONLY = ("Only “confirmed” requests show that a crawler ignored your robots.txt; the others only claim its "
                  "name.")
HOW_NAMED = "Crawlers are named by the User-Agent their requests send, which anyone can write"
HOW_CHECKED = (f"{HOW_NAMED}; where an operator publishes its addresses, optout checked that the request came from one "
               "of them (“confirmed”).")
PROXY = ("If your server sits behind a proxy or CDN and logs its address instead of the visitor's, every request "
         "shows up this way.")
COLUMNS = f"{'confirmed':>10} {'elsewhere':>10} {'not checked':>12}"


def describe(result: LogReport, compared_with_robots: bool, most: int = 20) -> list[str]:
    """The report as lines of text for a person."""
    lines = [_headline(result)]
    if result.unparsed:
        lines.append(f"{_count_of(result.unparsed, 'line')} could not be read (not in the combined log format).")
    if result.undated:
        lines.append(f"{_count_of(result.undated, 'line')} had no time optout could read.")
    if result.ai_requests:
        lines += [HOW_CHECKED if result.address_lists else f"{HOW_NAMED}.", f"  {'crawler':30} {'requests':>10} {COLUMNS}"]
        lines += [f"  {token:30} {count:>10,} {_split_columns(result.split(token))}"
                  for token, count in result.by_agent.most_common(most)]
        lines += _elsewhere_notes(result) + _unchecked_notes(result, most)
    if compared_with_robots:
        lines += _refused(result, most) + [ROBOTS_CAVEAT]
    return lines


def _headline(result: LogReport) -> str:
    if result.first_request is None:
        period = " (no request time could be read)"
    elif result.first_request == result.last_request:
        period = f" at {_moment(result.first_request)}"
    else:
        period = f" from {_moment(result.first_request)} to {_moment(result.last_request)}"
    return f"{_count_of(result.lines, 'line')}{period}; {_count_of(result.ai_requests, 'request')} from AI crawlers."


def _moment(when: datetime) -> str:
    offset = when.utcoffset() or timedelta(0)
    zone = "UTC" if not offset else f"UTC{'-' if offset < timedelta(0) else '+'}{abs(offset).seconds // 3600:02d}:" \
                                    f"{abs(offset).seconds // 60 % 60:02d}"
    return f"{when.day} {MONTHS[when.month - 1]} {when.year} {when:%H:%M} {zone}"


def _count_of(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _split_columns(split: dict[str, int]) -> str:
    return f"{split[CONFIRMED]:>10,} {split[ELSEWHERE]:>10,} {split[UNCHECKED]:>12,}"


def _elsewhere_notes(result: LogReport) -> list[str]:
    notes = []
    for token in result.by_agent:
        count = result.by_identity[token, ELSEWHERE]
        if count:
            operator = result.operators.get(token) or "its operator"
            notes.append(f"{token}: {_count_of(count, 'request')} did not come from the addresses {operator} "
                         f"publishes: someone else using the name, or {operator} has changed its list since.")
    return notes + [PROXY] if notes else []


def _unchecked_notes(result: LogReport, most: int) -> list[str]:
    if not result.unchecked_reasons:
        return []
    return ["Not checked:"] + [f"  {token:30} {count:>10,}  {reason}"
                               for (token, reason), count in result.unchecked_reasons.most_common(most)]


def _refused(result: LogReport, most: int) -> list[str]:
    rows = result.refused_rows(most)
    if not rows:
        return ["None of these requests asked for a path your robots.txt refuses the crawler."]
    return (["Requests to paths your robots.txt refuses them:", f"  {'crawler':30} {COLUMNS}  path"]
            + [f"  {token:30} {_split_columns(result.split(token, path))}  {path}" for token, path, _ in rows]
            + [CONFIRMED_ONLY])
