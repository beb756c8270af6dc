"""Access-log report: AI-crawler requests per agent and purpose, and requests robots.txt forbade.

Reads nginx/Apache "combined" logs, plain or gzip. Pure: no Django.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .crawlers import identify_crawler
from .robots import RobotsTxt

REQUEST = re.compile(r'"(?:[A-Z]+) (\S+)')


@dataclass
class LogReport:
    lines: int = 0
    unparsed: int = 0
    ai_requests: int = 0
    by_agent: Counter = field(default_factory=Counter)
    by_purpose: Counter = field(default_factory=Counter)
    ignored_rules: Counter = field(default_factory=Counter)  # (token, path) → requests to disallowed paths
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "lines": self.lines, "unparsed": self.unparsed, "ai_requests": self.ai_requests,
            "by_agent": dict(self.by_agent.most_common()), "by_purpose": dict(self.by_purpose.most_common()),
            "ignored_rules": [{"agent": agent, "path": path, "requests": count}
                              for (agent, path), count in self.ignored_rules.most_common(100)],
        }


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


def _ignored(line: str, crawler, robots: RobotsTxt, cache: dict) -> tuple[str, str] | None:
    request = REQUEST.search(line)
    if not request:
        return None
    key = (crawler.token, request.group(1))
    if key not in cache:
        cache[key] = crawler.allowed_in(robots, key[1])
    return None if cache[key] else key


def report(lines: Iterable[str], robots: RobotsTxt | None = None, progress: Callable[[int], None] | None = None) -> LogReport:
    identify = _Identifier()
    result = LogReport()
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
        crawler = identify(line[start + 1:end])
        if crawler is None:
            continue
        result.ai_requests += 1
        result.by_agent[crawler.token] += 1
        result.by_purpose[crawler.purpose] += 1
        if robots is not None and (key := _ignored(line, crawler, robots, allowed_cache)):
            result.ignored_rules[key] += 1
    if progress:
        progress(result.lines % 100_000)
    return result
