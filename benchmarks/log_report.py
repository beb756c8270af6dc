"""Access-log report speed: 1,000,000 lines of a combined log with varied User-Agents.

Prints lines per second and the time for the million (target: under 10 s on this machine).
Run: .venv/bin/python benchmarks/log_report.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from optout.site.crawlers import crawlers  # noqa: E402
from optout.site.logs import open_log, report  # noqa: E402
from optout.site.robots import RobotsTxt  # noqa: E402

LINES = 1_000_000


def write_log(path: Path) -> None:
    rng = random.Random(7)
    browsers = (Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "browser_user_agents.txt").read_text().splitlines()
    agents = [f"{b} build/{n}" for b in browsers for n in range(80)]  # ~2,000 distinct browser strings
    agents += [f"Mozilla/5.0 (compatible; {c.match}/{n}.0; +https://example.org/bot)" for c in crawlers().values() for n in range(3)]
    paths = ["/", "/art/piece-{}.jpg", "/blog/post-{}", "/private/{}", "/shop?item={}"]
    with open(path, "w") as out:
        for index in range(LINES):
            agent = rng.choice(agents) if rng.random() < 0.3 else browsers[index % len(browsers)]
            target = rng.choice(paths).format(index % 997)
            out.write(f'198.51.100.{index % 250} - - [25/Nov/2026:07:{index % 60:02d}:13 +0000] "GET {target} HTTP/1.1" '
                      f'200 {index % 9000} "https://example.org/" "{agent}"\n')


def main() -> None:
    robots = RobotsTxt.parse("User-agent: GPTBot\nUser-agent: ClaudeBot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n")
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "access.log"
        write_log(log)
        started = time.perf_counter()
        with open_log(log) as handle:
            result = report(handle, robots)
        seconds = time.perf_counter() - started
    print(f"{result.lines:,} lines in {seconds:.2f} s = {result.lines / seconds:,.0f} lines/s "
          f"({result.ai_requests:,} AI-crawler requests, {sum(result.ignored_rules.values()):,} against robots.txt)")
    print("target: 1,000,000 lines in under 10 s")


if __name__ == "__main__":
    main()
