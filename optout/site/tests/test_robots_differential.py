"""optout's robots.txt evaluator against Google's own C++ library (through the jwm.robotstxt binding).

At least 100,000 generated cases (robots.txt bodies × agents × URLs) built from the awkward parts of the
format: odd whitespace (NBSP, VT, FF, U+001C…U+001F), NUL bytes, CR/LF mixes, whole and partial byte-order
marks, lines around Google's 16,663-byte limit, files over 500 KiB, %-escapes, non-ASCII bytes, `*` and `$`,
typos in keys, missing colons and comments. Every answer must be the library's. Set OPTOUT_ROBOTS_SEED to
try other cases; a failure prints the smallest body that disagrees.
"""

import os
import random

import pytest

from optout.site.robots import MAX_LINE, RobotsTxt

googlebot = pytest.importorskip("jwm.robotstxt.googlebot", reason="pip install -e '.[test]' (jwm.robotstxt)")

SEED = int(os.environ.get("OPTOUT_ROBOTS_SEED", "20261201"))
BODIES = 25_000
QUERIES_PER_BODY = 4

KEYS = [b"User-agent", b"user-agent", b"USER-AGENT", b"useragent", b"User agent", b"User-agents", b"user_agent",
        b"Allow", b"allow", b"ALLOW", b"allowed", b"Disallow", b"disallow", b"DISALLOW", b"dissallow", b"disalow",
        b"Disallaw", b"diasllow", b"dissalow", b"Sitemap", b"site-map", b"Crawl-delay", b"Content-Signal", b"foo", b"",
        b"Dis allow", b"\xc2\xa0Disallow", b"Disallow\x00x", b"#Disallow"]
SPACE = [b"", b"", b"", b" ", b"  ", b"\t", b"\x0b", b"\x0c", b"\xc2\xa0", b"\xa0", b"\x1c", b"\x1d", b"\x1e", b"\x1f",
         b"\xc2\x85", b"\x00", b" \t "]
SEPARATORS = [b":", b":", b":", b": ", b" :", b" ", b"\t", b"", b"::", b" : "]
FILE_AGENTS = [b"FooBot", b"foobot", b"FOOBOT", b"*", b"*", b"* ", b"*x", b"* FooBot", b"*\x0bFooBot", b"*\xa0",
               b"FooBot/1.0", b"Foo Bot", b"Foo-Bot", b"Foo_Bot", b"BarBot", b"Foo", b"", b"Foo\x00Bot", b"F\xc3\xb6oBot",
               b"\xc2\xa0FooBot", b"FooBot\xc2\xa0", b"FooBot\x1c", b"kbot", b"Foo#Bot", b"FooBot*"]
AGENTS = ["FooBot", "foobot", "BarBot", "Foo", "Foo-Bot", "Foo_Bot", "*", "", "FooBot/1.0", "F\u00f6oBot", "\u212abot",
          "kbot", "Foo Bot"]
PIECES = [b"/", b"/", b"/", b"a", b"b", b"x", b"*", b"*", b"$", b"%", b"%2", b"%2f", b"%2F", b"%41", b"%c3%a9", b"%zz",
          b"?", b"=", b"&", b";", b".", b"-", b"_", b"#", b" ", b"\t", b"\xc3\xa9", b"\xe3\x83\x84", b"\xff", b"\x00",
          b"index.html", b"index.htm", b"page.html", b".pdf", b"$x", b"\xa0", b"\x0b"]
URL_PIECES = ["/", "/", "/", "a", "b", "x", "*", "$", "%", "%2F", "%2f", "%41", "A", "%C3%A9", "?", "=", "&", ";",
              ".", "-", "_", "#", " ", "\u00e9", "\u30c4", "index.html", "index.htm", "page.html", ".pdf", "\u00a0", "\x00"]
BASES = ["http://example.com", "https://example.com", "//example.com", "example.com", "http://example.com:8080", "",
         "http://example.com?q", "http://example.com#frag", "http://ex;ample.com"]
ENDINGS = [b"\n", b"\n", b"\n", b"\r\n", b"\r", b"\n\n", b"\r\r\n", b"\n\r"]
BOMS = [b"", b"", b"", b"", b"\xef\xbb\xbf", b"\xef\xbb", b"\xef", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xbb\xbf"]


def _value(rng: random.Random) -> bytes:
    if rng.random() < 0.1:
        return b""
    return (b"/" if rng.random() < 0.8 else b"") + b"".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))


def _line(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.3:
        key, value = rng.choice(KEYS[:7]), rng.choice(FILE_AGENTS)
    elif roll < 0.9:
        key, value = rng.choice(KEYS[7:19]), _value(rng)
    else:
        key, value = rng.choice(KEYS), _value(rng)
    line = rng.choice(SPACE) + key + rng.choice(SPACE) + rng.choice(SEPARATORS) + rng.choice(SPACE) + value
    if rng.random() < 0.15:
        line += rng.choice(SPACE) + b"#" + rng.choice([b" note", b"Disallow: /", b""])
    return line + rng.choice(SPACE)


def _long_line(rng: random.Random) -> bytes:
    """A rule whose value crosses Google's 16,663-byte line limit by a few bytes either way."""
    head = b"Disallow: /" if rng.random() < 0.5 else b"Allow: /"
    size = MAX_LINE - len(head) + rng.randint(-3, 3)
    return head + b"a" * size + rng.choice([b"x", b"$", b"*", b"\xc3\xa9", b""])


def body(rng: random.Random) -> bytes:
    lines = [_line(rng) for _ in range(rng.randint(0, 12))]
    if rng.random() < 0.01:
        lines.insert(rng.randint(0, len(lines)), _long_line(rng))
    out = rng.choice(BOMS)
    for line in lines:
        out += line + rng.choice(ENDINGS)
    return out if rng.random() < 0.9 else out.rstrip(b"\r\n")


def url(rng: random.Random) -> str:
    if rng.random() < 0.01:
        return "http://example.com/" + "a" * (MAX_LINE + rng.randint(-20, 20))
    return rng.choice(BASES) + "".join(rng.choice(URL_PIECES) for _ in range(rng.randint(0, 7)))


def _disagreement(matcher, data: bytes, agent: str, address: str) -> bytes:
    """Drop lines while the two still disagree, to report a small case."""
    lines = data.split(b"\n")
    index = 0
    while index < len(lines):
        trial = b"\n".join(lines[:index] + lines[index + 1:])
        if RobotsTxt.parse(trial).allowed_by_rules(agent, address) != matcher.OneAgentAllowedByRobots(trial, agent, address):
            lines = lines[:index] + lines[index + 1:]
        else:
            index += 1
    return b"\n".join(lines)


def test_a_hundred_thousand_generated_cases_agree_with_googles_library():
    rng = random.Random(SEED)
    matcher = googlebot.RobotsMatcher()
    cases = 0
    for _ in range(BODIES):
        data = body(rng)
        robots = RobotsTxt.parse(data)
        for _ in range(QUERIES_PER_BODY):
            agent, address = rng.choice(AGENTS), url(rng)
            ours = robots.allowed_by_rules(agent, address)
            google = matcher.OneAgentAllowedByRobots(data, agent, address)
            if ours != google:
                small = _disagreement(matcher, data, agent, address)
                pytest.fail(f"seed {SEED}: optout says {ours}, Google's library {google} for agent {agent!r}, "
                            f"URL {address!r}, robots.txt {small!r}")
            cases += 1
    assert cases >= 100_000


def test_files_over_500_kib_agree_and_the_crawler_reads_only_500_kib():
    rng = random.Random(SEED + 1)
    matcher = googlebot.RobotsMatcher()
    filler = b"".join(_line(rng) + b"\n" for _ in range(200))
    for tail in (b"User-agent: *\nDisallow: /\n", b"User-agent: FooBot\nAllow: /\nDisallow: /x\n"):
        data = (filler * (530_000 // len(filler) + 1)) + tail
        assert len(data) > 512_000
        robots = RobotsTxt.parse(data)
        for _ in range(20):  # the library parses the whole file for every answer
            agent, address = rng.choice(AGENTS), url(rng)
            assert robots.allowed_by_rules(agent, address) == matcher.OneAgentAllowedByRobots(data, agent, address)
    # RFC 9309 §2.5 and Google's crawler: what comes after the first 500 KiB is not read.
    padding = b"# " + b"x" * 520_000 + b"\n"
    fetched = RobotsTxt.from_fetch(200, padding + b"User-agent: *\nDisallow: /\n")
    assert fetched.is_allowed("FooBot", "http://example.com/x")
    assert not matcher.OneAgentAllowedByRobots(padding + b"User-agent: *\nDisallow: /\n", "FooBot", "http://example.com/x")


def test_hand_picked_bytes_where_python_and_c_disagree_about_whitespace():
    matcher = googlebot.RobotsMatcher()
    cases = [
        (b"User-agent: FooBot\nDisallow:\xc2\xa0/x\n", "FooBot", "http://e.com/x"),
        (b"User-agent:\x1cFooBot\nDisallow: /\n", "FooBot", "http://e.com/x"),
        (b"User-agent: FooBot\x0b\nDisallow: /\n", "FooBot", "http://e.com/x"),
        (b"User-agent: *\x0bFooBot\nDisallow: /\n", "FooBot", "http://e.com/x"),
        (b"User-agent: FooBot\nDisallow: /x\x00y\n", "FooBot", "http://e.com/x"),
        (b"User-agent: FooBot\nDisallow /x\x1fy\n", "FooBot", "http://e.com/x\x1fy"),
        (b"\xef\xbbUser-agent: FooBot\nDisallow: /\n", "FooBot", "http://e.com/x"),
        (b"User-agent: kbot\nDisallow: /\n", "\u212abot", "http://e.com/x"),
    ]
    for data, agent, address in cases:
        assert RobotsTxt.parse(data).allowed_by_rules(agent, address) == matcher.OneAgentAllowedByRobots(data, agent, address), data
