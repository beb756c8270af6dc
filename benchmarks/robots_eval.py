"""robots.txt evaluation speed: optout's evaluator against Protego on the same cases, side by side.

Each round parses a realistic robots.txt (ai.robots.txt-sized: 160 AI agents plus normal rules) and
asks for 200 (agent, URL) pairs. Prints calls per second for both and the ratio (target ≥ 1.0).
Run: .venv/bin/python benchmarks/robots_eval.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from protego import Protego  # noqa: E402

from optout.site.crawlers import crawlers  # noqa: E402
from optout.site.generators import Choices, robots_txt  # noqa: E402
from optout.site.robots import RobotsTxt  # noqa: E402

BASE = ("User-agent: *\nDisallow: /admin/\nDisallow: /*.pdf$\nAllow: /admin/public/\nDisallow: /search?q=*\n\n"
        "User-agent: Googlebot\nDisallow: /drafts/\nSitemap: https://example.org/sitemap.xml\n")
BODY, _notes = robots_txt(BASE, Choices())
TOKENS = [c.token for c in crawlers().values() if c.valid_token][:40] + ["Googlebot", "Bingbot", "SomeBrowser"]
URLS = [f"https://example.org{p}" for p in ("/", "/admin/x", "/admin/public/y", "/doc.pdf", "/search?q=art", "/drafts/a")]
CASES = [(t, u) for t in TOKENS for u in URLS][:200]
ROUNDS = 30


def ours() -> int:
    count = 0
    for _ in range(ROUNDS):
        robots = RobotsTxt.parse(BODY)
        for agent, url in CASES:
            robots.is_allowed(agent, url)
            count += 1
    return count


def protego() -> int:
    count = 0
    for _ in range(ROUNDS):
        robots = Protego.parse(BODY)
        for agent, url in CASES:
            robots.can_fetch(url, agent)
            count += 1
    return count


def timed(function) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        calls = function()
        best = min(best, time.perf_counter() - started)
    return calls / best


def main() -> None:
    mine, theirs = timed(ours), timed(protego)
    print(f"optout  {mine:12,.0f} checks/s (parse once per {len(CASES)} checks)")
    print(f"protego {theirs:12,.0f} checks/s")
    print(f"ratio   {mine / theirs:.2f}x  (target >= 1.0)")


if __name__ == "__main__":
    main()
