"""Access-log report speed on 1,000,000-line combined logs, next to the I/O floor (`wc -l` on the same file).

Two logs, written first and then read from disk:
  realistic   most User-Agent headers differ: browser strings with varying versions, builds, devices and
              in-app tokens (as real traffic looks), 10 % search engines, tools and libraries, 4 % AI crawlers
  repetitive  a few dozen headers repeat (the easy case a cache makes fast)
Every AI-crawler request's address is checked against a published list of 200 ranges (given to every crawler, so
that each such request is checked), as `optout site logs` does for OpenAI's and Perplexity's crawlers.
Prints lines per second and seconds per million for each, `wc -l` on the same file as the floor, the number
of distinct User-Agents, the core count and the file sizes. Target: 1,000,000 lines in under 10 s.
Run: .venv/bin/python benchmarks/log_report.py [--lines N]
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from optout.site.crawler_addresses import IdentityCheck, parse_ranges  # noqa: E402
from optout.site.logs import open_log, report  # noqa: E402
from optout.site.robots import RobotsTxt  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "optout" / "site" / "tests" / "user_agents.tsv"


def _corpus() -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for line in CORPUS.read_text().splitlines():
        if line and not line.startswith("#"):
            kind, _token, agent = line.split("\t")
            kinds.setdefault(kind, []).append(agent)
    return kinds


def browser(rng: random.Random) -> str:
    """A browser header with the versions, builds and devices real traffic spreads over."""
    chrome = f"{rng.randint(100, 132)}.0.{rng.randint(4000, 6900)}.{rng.randint(0, 250)}"
    android = rng.choice(["10; K", f"13; SM-A{rng.randint(100, 599)}B", f"14; Pixel {rng.randint(5, 9)}",
                          f"12; M{rng.randint(2000, 2300)}J{rng.randint(10, 99)}G", f"14; CPH{rng.randint(2000, 2600)}"])
    ios = f"{rng.randint(15, 18)}_{rng.randint(0, 7)}" + (f"_{rng.randint(1, 3)}" if rng.random() < 0.4 else "")
    firefox = rng.randint(100, 134)
    return rng.choice([
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Safari/537.36",
        f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_{rng.randint(0, 7)}) AppleWebKit/537.36 (KHTML, like Gecko) "
        f"Chrome/{chrome} Safari/537.36",
        f"Mozilla/5.0 (Linux; Android {android}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Mobile Safari/537.36",
        f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        f"Version/{ios.split('_')[0]}.{rng.randint(0, 6)} Mobile/15E148 Safari/604.1",
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{firefox}.0) Gecko/20100101 Firefox/{firefox}.0",
        f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome} Safari/537.36 "
        f"Edg/{chrome.split('.')[0]}.0.{rng.randint(2000, 2999)}.{rng.randint(10, 150)}",
        f"Mozilla/5.0 (iPhone; CPU iPhone OS {ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
        f"Instagram {rng.randint(300, 360)}.0.0.{rng.randint(10, 40)}.{rng.randint(100, 130)} (iPhone{rng.randint(11, 16)},"
        f"{rng.randint(1, 8)}; iOS {ios}; en_US; en-US; scale=3.00; 1170x2532; {rng.randint(100000000, 999999999)})",
        f"Mozilla/5.0 (Linux; Android {android}; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/{chrome} "
        f"Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/{rng.randint(400, 490)}.0.0.{rng.randint(10, 70)}.{rng.randint(10, 120)};]",
    ])


def write_log(path: Path, lines: int, realistic: bool, rng: random.Random) -> int:
    kinds = _corpus()
    others = [agent for kind, agents in kinds.items() if kind not in ("browser", "ai") for agent in agents]
    repeated = kinds["browser"][:30] + others[:10] + kinds["ai"][:10]
    paths = ["/", "/art/piece-{}.jpg", "/blog/post-{}", "/private/{}", "/shop?item={}", "/feed.xml", "/about"]
    distinct = set()
    with open(path, "w") as out:
        for index in range(lines):
            roll = rng.random()
            if not realistic:
                agent = repeated[index % len(repeated)]
            elif roll < 0.04:
                agent = rng.choice(kinds["ai"])
            elif roll < 0.14:
                agent = rng.choice(others)
            else:
                agent = browser(rng)
            if len(distinct) < 2_000_000:
                distinct.add(agent)
            target = rng.choice(paths).format(index % 997)
            out.write(f'198.51.{index % 200}.{index % 250} - - [25/Nov/2026:07:{index % 60:02d}:13 +0000] "GET {target} '
                      f'HTTP/1.1" {rng.choice((200, 200, 200, 304, 404))} {index % 9000} "https://example.org/" "{agent}"\n')
    return len(distinct)


def address_check() -> IdentityCheck:
    """A list shaped like OpenAI's: /24s over half the addresses the logs use, and others they never use."""
    prefixes = [{"ipv4Prefix": f"198.51.{third}.0/24"} for third in range(0, 200, 2)]
    prefixes += [{"ipv4Prefix": f"20.{second}.{third}.0/28"} for second in range(10) for third in range(9)]
    prefixes += [{"ipv6Prefix": f"2a03:b0c0:{block:x}::/48"} for block in range(10)]
    ranges = parse_ranges(json.dumps({"creationTime": "2026-12-01T00:00:00", "prefixes": prefixes}).encode(), "bench")
    return IdentityCheck(lambda crawler: ranges)


def wc_seconds(path: Path) -> float:
    wc = shutil.which("wc")
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([wc, "-l", str(path)], check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    lines = int(sys.argv[sys.argv.index("--lines") + 1]) if "--lines" in sys.argv else 1_000_000
    robots = RobotsTxt.parse("User-agent: GPTBot\nUser-agent: ClaudeBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n")
    print(f"access-log report — {os.cpu_count()} cores, {lines:,} lines per log (target: 1,000,000 lines in < 10 s)")
    with tempfile.TemporaryDirectory() as folder:
        for name, realistic in (("realistic", True), ("repetitive", False)):
            log = Path(folder) / f"{name}.log"
            distinct = write_log(log, lines, realistic, random.Random(7))
            floor = wc_seconds(log)
            started = time.perf_counter()
            with open_log(log) as handle:
                result = report(handle, robots, identity=address_check())
            seconds = time.perf_counter() - started
            assert result.lines == lines
            print(f"{name:10} {log.stat().st_size / 1e6:7.1f} MB, {distinct:>9,} distinct User-Agents: "
                  f"{seconds:6.2f} s = {lines / seconds:>9,.0f} lines/s ({seconds * 1e6 / lines:5.2f} s per million); "
                  f"wc -l {floor:5.2f} s; {result.ai_requests:,} AI-crawler requests, "
                  f"{sum(result.ignored_rules.values()):,} against robots.txt, "
                  f"{sum(n for (_, verdict), n in result.by_identity.items() if verdict == 'confirmed'):,} from listed "
                  "addresses")


if __name__ == "__main__":
    main()
