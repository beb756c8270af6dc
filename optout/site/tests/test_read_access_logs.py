"""The access-log report: counts per agent and purpose, and crawlers that ignored robots.txt."""

import gzip
import itertools
import json

from typer.testing import CliRunner

from optout.cli import build_app
from optout.site.logs import report
from optout.site.robots import RobotsTxt

AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
    "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]
PATHS = ["/", "/art/1.jpg", "/private/notes", "/blog/post?id=3"]
ROBOTS = RobotsTxt.parse("User-agent: GPTBot\nDisallow: /art/\n\nUser-agent: *\nDisallow: /private/\n")


def lines(count):
    for index, (agent, path) in zip(range(count), itertools.cycle(itertools.product(AGENTS, PATHS)), strict=False):
        yield (f'203.0.113.{index % 250} - - [25/Nov/2026:06:{index % 60:02d}:00 +0000] "GET {path} HTTP/1.1" 200 '
               f'{index % 5000} "-" "{agent}"\n')


def test_a_million_lines_are_counted_exactly():
    result = report(lines(1_000_000), ROBOTS)
    per_agent = 1_000_000 // len(AGENTS)
    assert result.lines == 1_000_000 and result.unparsed == 0
    assert result.by_agent == {"GPTBot": per_agent, "Bytespider": per_agent}
    assert result.by_purpose["training"] == 2 * per_agent
    assert result.ignored_rules[("GPTBot", "/art/1.jpg")] == per_agent // len(PATHS)
    assert result.ignored_rules[("Bytespider", "/private/notes")] == per_agent // len(PATHS)
    assert ("GPTBot", "/private/notes") not in result.ignored_rules  # GPTBot's own group replaces the * group


def test_cli_reads_gzip_and_plain_logs(tmp_path):
    plain, packed = tmp_path / "access.log", tmp_path / "access.log.1.gz"
    plain.write_text("".join(lines(400)) + "garbage line without quotes\n")
    with gzip.open(packed, "wt") as handle:
        handle.write("".join(lines(400)))
    robots = tmp_path / "robots.txt"
    robots.write_text("User-agent: GPTBot\nDisallow: /art/\n")
    result = CliRunner().invoke(build_app(), ["site", "logs", str(plain), str(packed), "--robots", str(robots), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lines"] == 801 and data["unparsed"] == 1 and data["by_agent"] == {"GPTBot": 200, "Bytespider": 200}
    assert {"agent": "GPTBot", "path": "/art/1.jpg", "requests": 50} in data["ignored_rules"]
