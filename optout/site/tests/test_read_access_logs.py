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
    result = CliRunner().invoke(build_app(), ["site", "logs", str(plain), str(packed), "--robots", str(robots), "--json",
                                              "--no-check"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lines"] == 801 and data["unparsed"] == 1 and data["by_agent"] == {"GPTBot": 200, "Bytespider": 200}
    assert {"agent": "GPTBot", "path": "/art/1.jpg", "requests": 50, "confirmed": 0, "elsewhere": 0,
            "unchecked": 50} in data["ignored_rules"]


def logs_command(*args):
    return CliRunner().invoke(build_app(), ["site", "logs", *map(str, args), "--no-check"], env={"COLUMNS": "200"})


def test_the_report_names_its_period_and_what_it_could_not_read(tmp_path):
    log = tmp_path / "access.log"
    log.write_text(
        '203.0.113.9 - - [25/Nov/2026:08:30:00 +0100] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n'  # 07:30 UTC
        '203.0.113.9 - - [25/Nov/2026:06:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n'
        '203.0.113.9 - - [24/Nov/2026:22:15:00 -0300] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n'  # 25 Nov 01:15 UTC
        '203.0.113.9 - - [31/Nov/2026:06:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n'  # no such day
        '203.0.113.9 - - [yesterday] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n'
        '203.0.113.9 - - "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n'
        "a line that is no request at all\n")
    data = json.loads(logs_command(log, "--json").stdout)
    assert data["first_request"] == "2026-11-24T22:15:00-03:00" and data["last_request"] == "2026-11-25T08:30:00+01:00"
    assert data["undated"] == 3 and data["unparsed"] == 1 and data["lines"] == 7
    text = logs_command(log).stdout
    assert text.startswith("7 lines from 24 Nov 2026 22:15 UTC-03:00 to 25 Nov 2026 08:30 UTC+01:00; "
                           "0 requests from AI crawlers.")
    assert "1 line could not be read" in text and "3 lines had no time optout could read" in text
    assert "robots.txt" not in text


def test_a_log_without_readable_times_says_so(tmp_path):
    log = tmp_path / "access.log"
    log.write_text('203.0.113.9 - - [now] "GET / HTTP/1.1" 200 5 "-" "Mozilla/5.0"\n')
    assert logs_command(log).stdout.startswith("1 line (no request time could be read); 0 requests")
    assert json.loads(logs_command(log, "--json").stdout)["first_request"] is None


def test_findings_against_robots_txt_come_with_what_the_comparison_cannot_tell(tmp_path):
    log, robots = tmp_path / "access.log", tmp_path / "robots.txt"
    log.write_text("".join(lines(8)))
    robots.write_text("User-agent: GPTBot\nDisallow: /art/\n")
    text = logs_command(log, "--robots", robots).stdout
    assert text.startswith("8 lines from 25 Nov 2026 06:00 UTC to 25 Nov 2026 06:07 UTC; 4 requests from AI crawlers.")
    assert "Requests to paths your robots.txt refuses them:" in text
    assert "This compares each request with the robots.txt you gave, as it is now. A request made before you added " \
           "a rule, or up to a day after (crawlers may use a copy that old), did not break it." in text
    assert "0 lines could not be read" not in text and "could not be read" not in text
